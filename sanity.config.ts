'use client'

import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {presentation} from './sanity/presentation'
import {SINGLETON_TYPES, defaultDocumentNode, structure} from './sanity/structure'
import {studioApiVersion, studioDataset, studioProjectId} from './sanity/env'
import {schemaTypes} from './sanity/schemaTypes'

export default defineConfig({
  name: 'broadsheet',
  title: 'Broadsheet',
  basePath: '/studio',
  projectId: studioProjectId,
  dataset: studioDataset,
  schema: {
    types: schemaTypes,
    // singletons cannot be created from the "new document" menu
    templates: (templates) => templates.filter(({schemaType}) => !SINGLETON_TYPES.has(schemaType)),
  },
  document: {
    actions: (actions, {schemaType}) =>
      SINGLETON_TYPES.has(schemaType)
        ? actions.filter(({action}) => action && ['publish', 'discardChanges', 'restore'].includes(action))
        : actions,
  },
  plugins: [
    structureTool({structure, defaultDocumentNode}),
    presentation,
    ...(process.env.NODE_ENV === 'development' ? [visionTool({defaultApiVersion: studioApiVersion})] : []),
  ],
})
