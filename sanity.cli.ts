import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.NEXT_PUBLIC_SANITY_PROJECT_ID || 'broadsheet-local',
    dataset: process.env.NEXT_PUBLIC_SANITY_DATASET || 'production',
  },
  typegen: {
    // every query is a top-level `<name>Query = defineQuery(...)` in lib/site/content, typed where it stands
    path: './lib/site/content/**/*.ts',
    // `npm run typegen:check` generates into a scratch folder, to compare without touching these
    schema: process.env.BROADSHEET_TYPEGEN_SCHEMA ?? './schema.json',
    generates: process.env.BROADSHEET_TYPEGEN_OUT ?? './sanity.types.ts',
  },
})
