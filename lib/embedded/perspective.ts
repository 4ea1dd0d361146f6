import {getPublishedId, isDraftId} from '@sanity/client/csm'
import type {StoredDocument} from './document'

/** The Content Lake's perspectives that the embedded store serves. */
export type Perspective = 'published' | 'drafts' | 'raw'

const isVersionId = (id: string) => id.startsWith('versions.')

/**
 * Builds the documents a perspective sees, the way the Content Lake does:
 * published drops drafts and versions; drafts lays `drafts.<id>` over `<id>`, keeping the published
 * `_id` and recording the stored one as `_originalId`.
 */
export function documentsFor(perspective: Perspective, raw: StoredDocument[]): StoredDocument[] {
  if (perspective === 'raw') return raw
  const published = raw.filter((doc) => !isDraftId(doc._id) && !isVersionId(doc._id))
  if (perspective === 'published') return published
  const overlaid = new Map<string, StoredDocument>()
  for (const doc of published) overlaid.set(doc._id, {...doc, _originalId: doc._id})
  for (const doc of raw) {
    if (!isDraftId(doc._id)) continue
    const id = getPublishedId(doc._id)
    overlaid.set(id, {...doc, _id: id, _originalId: doc._id})
  }
  return [...overlaid.values()]
}
