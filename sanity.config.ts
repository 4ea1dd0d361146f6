'use client'

import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {studioApiVersion, studioDataset, studioProjectId} from './sanity/env'
import {schemaTypes} from './sanity/schemaTypes'

export default defineConfig({
  name: 'broadsheet',
  title: 'Broadsheet',
  basePath: '/studio',
  projectId: studioProjectId,
  dataset: studioDataset,
  schema: {types: schemaTypes},
  plugins: [
    structureTool(),
    ...(process.env.NODE_ENV === 'development' ? [visionTool({defaultApiVersion: studioApiVersion})] : []),
  ],
})
