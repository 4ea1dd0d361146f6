'use client'

import {visionTool} from '@sanity/vision'
import {defineConfig, type WorkspaceOptions} from 'sanity'
import {structureTool} from 'sanity/structure'
import {presentation} from './sanity/presentation'
import {SINGLETON_TYPES, defaultDocumentNode, structure} from './sanity/structure'
import {studioApiVersion, studioDataset, studioProjectId} from './sanity/env'
import type {LakeSession} from './lib/offline/lake/session'
import {localLakeClientFactory} from './sanity/lib/local-lake-client'
import {schemaTypes} from './sanity/schema-types'

/**
 * Embedded mode: every client goes to the local Content Lake, and the features it does not serve are
 * off (releases, scheduled publishing, tasks, announcements, comments, canvas, media library). Search
 * uses the GROQ strategy groq-js can run.
 */
function localLakeOptions(lake: LakeSession): Partial<WorkspaceOptions> {
  return {
    projectId: lake.projectId,
    dataset: lake.dataset,
    unstable_clientFactory: localLakeClientFactory(lake),
    releases: {enabled: false},
    scheduledPublishing: {enabled: false},
    scheduledDrafts: {enabled: false},
    tasks: {enabled: false},
    announcements: {enabled: false},
    mediaLibrary: {enabled: false},
    apps: {canvas: {enabled: false}},
    search: {strategy: 'groqLegacy'},
  }
}

/** The Studio: against the hosted project, or, given a session, against the local Content Lake. */
export function createStudioConfig(lake?: LakeSession) {
  return defineConfig({
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
      ...(lake ? {comments: {enabled: false}} : {}),
    },
    plugins: [
      structureTool({structure, defaultDocumentNode}),
      presentation,
      ...(process.env.NODE_ENV === 'development' ? [visionTool({defaultApiVersion: studioApiVersion})] : []),
    ],
    ...(lake ? localLakeOptions(lake) : {}),
  })
}

export default createStudioConfig()
