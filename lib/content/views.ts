import {getPublishedId, isDraftId} from '@sanity/client/csm'

export type StoredDocument = {_id: string; _type: string; _originalId?: string; [key: string]: unknown}
export type Perspective = 'published' | 'drafts' | 'raw'

const isVersionId = (id: string) => id.startsWith('versions.')

/** One perspective over the stored documents, indexed the ways reader queries filter. */
export class DocumentView {
  readonly byId = new Map<string, StoredDocument>()
  readonly byType = new Map<string, StoredDocument[]>()
  readonly bySlug = new Map<string, StoredDocument[]>()
  readonly position = new Map<StoredDocument, number>()

  constructor(readonly documents: StoredDocument[]) {
    for (const [index, doc] of documents.entries()) {
      this.position.set(doc, index)
      this.byId.set(doc._id, doc)
      push(this.byType, doc._type, doc)
      const slug = (doc.slug as {current?: unknown} | undefined)?.current
      if (typeof slug === 'string') push(this.bySlug, slug, doc)
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

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
