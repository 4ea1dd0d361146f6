import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.NEXT_PUBLIC_SANITY_PROJECT_ID || 'broadsheet-local',
    dataset: process.env.NEXT_PUBLIC_SANITY_DATASET || 'production',
  },
  // The CLI (6.7) loads the Studio config through Vite for `schema validate`, `schema extract` and the other commands
  // that read it (its worker loader, the one caller that passes isSsrBuild), and runs every dependency through Vite
  // as well (`ssr.noExternal: true`): 21 s a command. Only the CLI's own packages need that (their task imports the
  // .ts config); the rest load as Node loads them, in 8 s. `sanity build` and `sanity dev` keep their config.
  vite: (config, {isSsrBuild}) =>
    isSsrBuild && config.ssr?.noExternal === true
      ? {...config, ssr: {...config.ssr, noExternal: [/\/node_modules\/@sanity\/cli(?:-core|-build)?\/(?!node_modules\/)/]}}
      : config,
  typegen: {
    // every query is a top-level `<name>Query = defineQuery(...)` in lib/site/content, typed where it stands
    path: './lib/site/content/**/*.ts',
    // `npm run typegen:check` generates into a scratch folder, to compare without touching these
    schema: process.env.BROADSHEET_TYPEGEN_SCHEMA ?? './schema.json',
    generates: process.env.BROADSHEET_TYPEGEN_OUT ?? './sanity.types.ts',
  },
})
