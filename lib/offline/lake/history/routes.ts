// The History API the Studio's history panel reads (`/data/history/<dataset>/...`), answered from the transaction log.
import {getPublishedId, isDraftId} from '@sanity/client/csm'
import type {StoredDocument} from '../../store/store'
import type {RouteCall} from '../context'
import {send} from '../http'
import {LakeError} from '../transaction'
import {variantEvents, type PlacedEvent} from './events'
import {BEFORE_LOG, logIndexOf, type LogIndex} from './log-index'
import {transactionLines, transactionWindow} from './transactions'

const idsOf = (params: Record<string, string>) => params.ids.split(',').filter(Boolean)

/** A `limit` parameter: a positive whole number, else the default. */
export function limitOf(url: URL, fallback: number): number {
  const limit = Number(url.searchParams.get('limit'))
  return Number.isInteger(limit) && limit > 0 ? limit : fallback
}

/**
 * `GET /data/history/<ds>/events/documents/<ids>?limit=&nextCursor=`: `{events: {[id]: [...]}, nextCursor}`, newest
 * first (core/store/events/getInitialFetchEvents.ts). The cursor names the transaction the page ended at.
 */
export function historyEvents({lake, r, params}: RouteCall) {
  const index = logIndexOf(lake.store)
  const ids = idsOf(params)
  const cursor = r.url.searchParams.get('nextCursor')
  const before = cursor ? index.positionOf(cursor) : Infinity
  if (before === undefined) throw new LakeError(400, `Unknown cursor "${cursor}"`)
  const all = ids
    .flatMap((id) => variantEvents(index, id).map((placed) => ({id, ...placed})))
    .filter(({position}) => position < before)
    .sort((a, b) => b.position - a.position)
  const page = all.slice(0, limitOf(r.url, 100))
  const last = page.at(-1)
  const more = page.length < all.length && last && last.position !== BEFORE_LOG
  const events: Record<string, PlacedEvent['event'][]> = Object.fromEntries(ids.map((id) => [id, []]))
  for (const {id, event} of page) events[id].push(event)
  send(r, 200, {events, nextCursor: more ? index.transactions[last.position].id : ''})
}

/**
 * `GET /data/history/<ds>/transactions/<ids>`: NDJSON, one transaction a line, oldest first or `reverse`
 * (core/store/translog/getTransactionsLogs.ts, core/store/history/history/TimelineController.ts).
 */
export function historyTransactions({lake, r, params}: RouteCall) {
  const index = logIndexOf(lake.store)
  const ids = idsOf(params)
  const lines = transactionLines(index, transactionWindow(index, ids, r.url), ids, r.url.searchParams)
  r.res.writeHead(200, {...r.cors, 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store'})
  for (const line of lines) r.res.write(JSON.stringify(line) + '\n')
  r.res.end()
}

/**
 * `GET /data/history/<ds>/documents/<ids>?revision=|time=|lastRevision=true`: `{documents}`, each as it was
 * then (core/store/events/getDocumentAtRevision.ts, core/store/history/createHistoryStore.ts).
 */
export function historyDocuments({lake, r, params}: RouteCall) {
  const index = logIndexOf(lake.store)
  const ids = idsOf(params)
  const query = r.url.searchParams
  const revision = query.get('revision')
  const time = query.get('time')
  let documents: (StoredDocument | null)[]
  if (query.get('lastRevision') === 'true') documents = ids.map((id) => index.lastRevision(id))
  else if (revision) documents = atRevision(index, ids, revision)
  else if (time) {
    const at = Date.parse(time)
    if (Number.isNaN(at)) throw new LakeError(400, `Invalid time "${time}"`)
    documents = ids.map((id) => index.stateAt(id, index.positionAtTime(at)))
  } else documents = ids.map((id) => lake.store.view('raw').byId.get(id) ?? null)
  send(r, 200, {documents: documents.filter(Boolean)})
}

/** The documents just after the transaction `revision`, or as the log found them when it is a revision from before. */
function atRevision(index: LogIndex, ids: string[], revision: string): (StoredDocument | null)[] {
  let position = index.positionOf(revision)
  if (position === undefined) {
    const named = [...ids, ...ids.map((id) => getPublishedId(id))]
    if (!named.some((id) => index.stateAt(id, BEFORE_LOG)?._rev === revision)) return []
    position = BEFORE_LOG
  }
  return ids.map((id) => {
    const doc = index.stateAt(id, position)
    if (doc || !isDraftId(id) || ids.includes(getPublishedId(id))) return doc
    // the draft panel's "Created" entry of a document published before its first draft names the published revision
    const published = index.stateAt(getPublishedId(id), position)
    return published?._rev === revision ? published : null
  })
}
