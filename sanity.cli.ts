import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.NEXT_PUBLIC_SANITY_PROJECT_ID || 'broadsheet-local',
    dataset: process.env.NEXT_PUBLIC_SANITY_DATASET || 'production',
  },
  typegen: {
    // every query is a top-level `<name>Query = defineQuery(...)` in lib/content, typed where it stands
    path: './lib/content/**/*.ts',
    schema: './schema.json',
    generates: './sanity.types.ts',
  },
})
