import {getDraftId, getPublishedId, isDraftId} from '@sanity/client/csm'
import type {StoredDocument} from './document'

/** The Content Lake's perspectives that the embedded store serves. */
export type Perspective = 'published' | 'drafts' | 'raw'

const isVersionId = (id: string) => id.startsWith('versions.')

/** The raw documents by id, in dataset order, with their ranks in that order. */
export type RawDocuments = {docs: ReadonlyMap<string, StoredDocument>; rank: (id: string) => number}

/** Draft-only documents come after every published one in the drafts perspective, as the Content Lake lists them. */
const DRAFT_ONLY = 2 ** 40

/**
 * What a perspective sees for one stored id, the way the Content Lake does: published drops drafts and
 * versions; drafts lays `drafts.<id>` over `<id>`, keeping the published `_id` and recording the stored
 * one as `_originalId`. Returns the view's id, its document (none: absent) and its rank.
 */
export function entryFor(
  perspective: Perspective,
  storedId: string,
  raw: RawDocuments,
): [string, StoredDocument | undefined, number] | null {
  if (perspective === 'raw') return [storedId, raw.docs.get(storedId), raw.rank(storedId)]
  if (isVersionId(storedId)) return null
  if (perspective === 'published') return isDraftId(storedId) ? null : [storedId, raw.docs.get(storedId), raw.rank(storedId)]
  const id = getPublishedId(storedId)
  const published = raw.docs.get(id)
  const draft = raw.docs.get(getDraftId(id))
  if (draft) return [id, {...draft, _id: id, _originalId: draft._id}, published ? raw.rank(id) : DRAFT_ONLY + raw.rank(draft._id)]
  return [id, published && {...published, _originalId: id}, published ? raw.rank(id) : 0]
}

/** Every document a perspective sees, with its rank, in dataset order. */
export function entriesFor(perspective: Perspective, raw: RawDocuments): [StoredDocument, number][] {
  const entries = new Map<string, [StoredDocument, number]>()
  for (const storedId of raw.docs.keys()) {
    const entry = entryFor(perspective, storedId, raw)
    if (entry?.[1] && !entries.has(entry[0])) entries.set(entry[0], [entry[1], entry[2]])
  }
  return [...entries.values()].sort((a, b) => a[1] - b[1])
}
