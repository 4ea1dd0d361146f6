import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.NEXT_PUBLIC_SANITY_PROJECT_ID || 'broadsheet-local',
    dataset: process.env.NEXT_PUBLIC_SANITY_DATASET || 'production',
  },
  typegen: {
    path: './{app,lib}/**/*.{ts,tsx}',
    schema: './schema.json',
    generates: './sanity.types.ts',
  },
})
