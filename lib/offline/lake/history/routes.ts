// The History API the Studio's history panel reads (`/data/history/<dataset>/...`), answered from the journal a page at a time.
import {getPublishedId, isDraftId} from '@sanity/client/csm'
import type {StoredDocument} from '../../store/store'
import type {RouteCall} from '../context'
import {send} from '../http'
import {LakeError} from '../transaction'
import {variantEvents, type PlacedEvent} from './events'
import {BEFORE_JOURNAL, historyOf, merged, type HistorySource} from './source'
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
  const source = historyOf(lake.store)
  const ids = idsOf(params)
  const cursor = r.url.searchParams.get('nextCursor')
  const below = cursor ? source.seqOf(cursor) : Number.MAX_SAFE_INTEGER
  if (below === undefined) throw new LakeError(400, `Unknown cursor "${cursor}"`)
  const limit = limitOf(r.url, 100)
  // each variant's events come newest first; the page takes the newest of them, and one more to know whether there are more
  const streams = ids.map((id) => tagged(id, variantEvents(source, id, below)))
  const taken: (PlacedEvent & {id: string})[] = []
  for (const placed of merged(streams, (a, b) => a.position > b.position)) if (taken.push(placed) > limit) break
  const page = taken.slice(0, limit)
  const last = page.at(-1)
  const more = taken.length > limit && last && last.position !== BEFORE_JOURNAL
  const events: Record<string, PlacedEvent['event'][]> = Object.fromEntries(ids.map((id) => [id, []]))
  for (const {id, event} of page) events[id].push(event)
  send(r, 200, {events, nextCursor: more ? source.transaction(last.position).id : ''})
}

function* tagged(id: string, events: Iterable<PlacedEvent>) {
  for (const placed of events) yield {id, ...placed}
}

/**
 * `GET /data/history/<ds>/transactions/<ids>`: NDJSON, one transaction a line, oldest first or `reverse`
 * (core/store/translog/getTransactionsLogs.ts, core/store/history/history/TimelineController.ts).
 */
export function historyTransactions({lake, r, params}: RouteCall) {
  const source = historyOf(lake.store)
  const ids = idsOf(params)
  const lines = transactionLines(source, transactionWindow(source, ids, r.url), ids, r.url.searchParams)
  r.res.writeHead(200, {...r.cors, 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store'})
  for (const line of lines) r.res.write(JSON.stringify(line) + '\n')
  r.res.end()
}

/**
 * `GET /data/history/<ds>/documents/<ids>?revision=|time=|lastRevision=true`: `{documents}`, each as it was
 * then (core/store/events/getDocumentAtRevision.ts, core/store/history/createHistoryStore.ts).
 */
export function historyDocuments({lake, r, params}: RouteCall) {
  const source = historyOf(lake.store)
  const ids = idsOf(params)
  const query = r.url.searchParams
  const revision = query.get('revision')
  const time = query.get('time')
  let documents: (StoredDocument | null)[]
  if (query.get('lastRevision') === 'true') documents = ids.map((id) => source.lastRevision(id))
  else if (revision) documents = atRevision(source, ids, revision)
  else if (time) {
    const at = Date.parse(time)
    if (Number.isNaN(at)) throw new LakeError(400, `Invalid time "${time}"`)
    documents = ids.map((id) => source.documentAt(id, source.seqAtTime(at)))
  } else documents = ids.map((id) => lake.store.view('raw').byId.get(id) ?? null)
  send(r, 200, {documents: documents.filter(Boolean)})
}

/** The documents just after the transaction `revision`, or as the journal found them when it is a revision from before. */
function atRevision(source: HistorySource, ids: string[], revision: string): (StoredDocument | null)[] {
  let seq = source.seqOf(revision)
  if (seq === undefined) {
    const named = [...ids, ...ids.map((id) => getPublishedId(id))]
    if (!named.some((id) => source.documentAt(id, BEFORE_JOURNAL)?._rev === revision)) return []
    seq = BEFORE_JOURNAL
  }
  return ids.map((id) => {
    const doc = source.documentAt(id, seq)
    if (doc || !isDraftId(id) || ids.includes(getPublishedId(id))) return doc
    // the draft panel's "Created" entry of a document published before its first draft names the published revision
    const published = source.documentAt(getPublishedId(id), seq)
    return published?._rev === revision ? published : null
  })
}
