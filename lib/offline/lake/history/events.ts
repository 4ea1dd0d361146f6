// A document's events (`/data/history/<ds>/events/documents/<id>`), in the shapes of Studio 5.31's core/store/events/types.ts.
import {getDraftId, getPublishedId, isDraftId} from '@sanity/client/csm'
import {LOCAL_USER} from '../account'
import {BEFORE_JOURNAL, type HistorySource, type Version, type WriteSummary} from './source'

/**
 * One event as the API sends it: the Studio adds `id` itself (events/utils.ts addEventId). `documentId` is
 * the published id, `versionId` the draft or version, `revisionId` a published revision and
 * `versionRevisionId` a revision of the version.
 */
export type DocumentEvent = {
  type:
    | 'createDocumentVersion'
    | 'deleteDocumentVersion'
    | 'publishDocumentVersion'
    | 'unpublishDocument'
    | 'deleteDocumentGroup'
    | 'createLiveDocument'
    | 'updateLiveDocument'
  timestamp: string
  author: string
  documentId: string
  [field: string]: unknown
}

/** An event and the seq of the transaction it happened in, for paging. */
export type PlacedEvent = {position: number; event: DocumentEvent}

/**
 * The events of one document variant before the transaction `below`, newest first, read from the journal only as
 * far as the caller takes them. Edits are not events: the Studio reads them from the transactions since the latest
 * event, so only the writes that can make one are read (every write of the published document, and the creations and
 * deletions of the version). A document already in the dataset when the journal began gets one "created" event at its
 * `_createdAt`, with the revision it had then.
 */
export function* variantEvents(source: HistorySource, variantId: string, below: number): Generator<PlacedEvent> {
  const publishedId = getPublishedId(variantId)
  const published = variantId === publishedId
  // the published variant's events name the draft it was published from
  const versionId = published ? getDraftId(publishedId) : variantId
  const releaseId = published || isDraftId(versionId) ? '' : versionId.split('.')[1]
  const candidates = source.newestFirst([{id: publishedId}, {id: versionId, lifecycle: true}], below)
  for (const seq of candidates) {
    const change = {
      p: source.summary(publishedId, seq),
      v: source.summary(versionId, seq),
      publishedAfter: source.versionAt(publishedId, seq),
      versionAfter: source.versionAt(versionId, seq),
    }
    const event = published ? publishedEvent(change, versionId) : versionEvent(change, versionId, releaseId)
    if (!event) continue
    const {timestamp, author} = source.transaction(seq)
    yield {position: seq, event: {timestamp, author, documentId: publishedId, ...event}}
  }
  const created = below > BEFORE_JOURNAL && createdBeforeJournal(source, publishedId, published ? null : versionId, releaseId)
  if (created) yield {position: BEFORE_JOURNAL, event: created}
}

type Change = {p?: WriteSummary; v?: WriteSummary; publishedAfter: Version | null; versionAfter: Version | null}
type Shape = {type: DocumentEvent['type']; [field: string]: unknown}

const rev = (version: Version | null | undefined) => version?.rev ?? ''
/** A transaction that removed the version and wrote the published document: a publish. */
const publishes = ({p, v}: Change) => Boolean(v?.before && !v.after && p?.after)

/** The published variant: publishes, unpublishes, live creates and edits, and the group's deletion. */
function publishedEvent(change: Change, versionId: string): Shape | null {
  const {p, v} = change
  if (publishes(change)) return publish(change, versionId, '')
  if (p && !p.before && p.after) return {type: 'createLiveDocument', revisionId: rev(p.after)}
  if (p?.before && p.after) return {type: 'updateLiveDocument', revisionId: rev(p.after)}
  if (p?.before && !p.after) return unpublishOrDelete(change, versionId, '')
  if (v?.before && !v.after && !change.publishedAfter) return {type: 'deleteDocumentGroup'}
  return null
}

/** A draft or version: its creation, publish, discard, an unpublish, and the group's creation and deletion. */
function versionEvent(change: Change, versionId: string, releaseId: string): Shape | null {
  const {p, v} = change
  if (publishes(change)) return publish(change, versionId, releaseId)
  if (v && !v.before && v.after) {
    if (p?.before && !p.after) return unpublishOrDelete(change, versionId, releaseId)
    return {type: 'createDocumentVersion', versionId, versionRevisionId: rev(v.after), releaseId}
  }
  if (v?.before && !v.after) {
    if (!change.publishedAfter) return {type: 'deleteDocumentGroup'}
    return {type: 'deleteDocumentVersion', versionId, versionRevisionId: rev(v.before), releaseId}
  }
  if (p?.before && !p.after) return unpublishOrDelete(change, versionId, releaseId)
  // a document created straight as published (an import, a live-edit type): the group's creation
  if (p && !p.before && p.after && !v?.before && !change.versionAfter) return {type: 'createLiveDocument', revisionId: rev(p.after)}
  return null
}

function publish({p, v}: Change, versionId: string, releaseId: string): Shape {
  return {
    type: 'publishDocumentVersion',
    revisionId: rev(p?.after),
    versionId,
    versionRevisionId: rev(v?.before),
    releaseId,
    publishCause: 'document.publish',
  }
}

function unpublishOrDelete({versionAfter}: Change, versionId: string, releaseId: string): Shape {
  if (!versionAfter) return {type: 'deleteDocumentGroup'}
  return {type: 'unpublishDocument', versionId, versionRevisionId: rev(versionAfter), releaseId}
}

/** The one "created" event of a document that was in the dataset before the journal began, by the lake's one editor. */
function createdBeforeJournal(
  source: HistorySource,
  publishedId: string,
  versionId: string | null,
  releaseId: string,
): DocumentEvent | null {
  const version = versionId ? source.documentAt(versionId, BEFORE_JOURNAL) : null
  const published = version ? null : source.documentAt(publishedId, BEFORE_JOURNAL)
  const doc = version ?? published
  if (!doc) return null
  // who wrote the file is not known; an empty author would show as an empty avatar stack ("0")
  const base = {timestamp: String(doc._createdAt ?? doc._updatedAt ?? ''), author: LOCAL_USER.id, documentId: publishedId}
  const revision = String(doc._rev ?? '')
  if (version) return {...base, type: 'createDocumentVersion', versionId, versionRevisionId: revision, releaseId}
  return {...base, type: 'createLiveDocument', revisionId: revision}
}
