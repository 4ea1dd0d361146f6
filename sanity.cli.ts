import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: process.env.NEXT_PUBLIC_SANITY_PROJECT_ID || 'broadsheet-local',
    dataset: process.env.NEXT_PUBLIC_SANITY_DATASET || 'production',
  },
  typegen: {
    // lib/content/queries.ts keeps each query inside a `define({...})` object, where TypeGen cannot see it;
    // sanity/typegen/site-queries.ts restates them as `defineQuery` variables (`npm run typegen` writes it).
    path: ['./{app,lib}/**/*.{ts,tsx}', './sanity/typegen/site-queries.ts'],
    schema: './schema.json',
    generates: './sanity.types.ts',
  },
})
