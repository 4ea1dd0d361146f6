// A document's events (`/data/history/<ds>/events/documents/<id>`), in the shapes of Studio 5.31's core/store/events/types.ts.
import {getDraftId, getPublishedId, isDraftId} from '@sanity/client/csm'
import type {StoredDocument} from '../../store/store'
import {LOCAL_USER} from '../account'
import {BEFORE_LOG, type LogIndex} from './log-index'

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

/** An event and where it happened in the log, for paging. */
export type PlacedEvent = {position: number; event: DocumentEvent}

/**
 * The events of one document variant, newest first. Edits are not events: the Studio reads them from the
 * transactions since the latest event. A document already in the dataset when the log began gets one
 * "created" event at its `_createdAt`, with the revision it had then.
 */
export function variantEvents(index: LogIndex, variantId: string): PlacedEvent[] {
  const publishedId = getPublishedId(variantId)
  const published = variantId === publishedId
  // the published variant's events name the draft it was published from
  const versionId = published ? getDraftId(publishedId) : variantId
  const releaseId = published || isDraftId(versionId) ? '' : versionId.split('.')[1]
  const placed: PlacedEvent[] = []
  for (const position of index.touching([publishedId, versionId])) {
    const transaction = index.transactions[position]
    const base = {timestamp: transaction.timestamp, author: transaction.author, documentId: publishedId}
    const change = {
      p: index.writeOf(position, publishedId),
      v: index.writeOf(position, versionId),
      publishedAfter: index.stateAt(publishedId, position),
      versionAfter: index.stateAt(versionId, position),
    }
    const event = published ? publishedEvent(change, versionId) : versionEvent(change, versionId, releaseId)
    if (event) placed.push({position, event: {...base, ...event}})
  }
  const created = createdBeforeLog(index, publishedId, published ? null : versionId, releaseId)
  if (created) placed.push({position: BEFORE_LOG, event: created})
  return placed.reverse()
}

type Write = {before: StoredDocument | null; after: StoredDocument | null}
type Change = {p?: Write; v?: Write; publishedAfter: StoredDocument | null; versionAfter: StoredDocument | null}
type Shape = {type: DocumentEvent['type']; [field: string]: unknown}

const rev = (doc: StoredDocument | null | undefined) => String(doc?._rev ?? '')
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

/** The one "created" event of a document that was in the dataset before the log began, by the lake's one editor. */
function createdBeforeLog(index: LogIndex, publishedId: string, versionId: string | null, releaseId: string): DocumentEvent | null {
  const version = versionId ? index.stateAt(versionId, BEFORE_LOG) : null
  const published = index.stateAt(publishedId, BEFORE_LOG)
  const doc = version ?? published
  if (!doc) return null
  // who wrote the file is not known; an empty author would show as an empty avatar stack ("0")
  const base = {timestamp: String(doc._createdAt ?? doc._updatedAt ?? ''), author: LOCAL_USER.id, documentId: publishedId}
  if (version) return {...base, type: 'createDocumentVersion', versionId, versionRevisionId: rev(version), releaseId}
  return {...base, type: 'createLiveDocument', revisionId: rev(published)}
}
