// The journal as the History API streams it: which transactions a request selects, and each one's line.
import type {StoredDocument} from '../../store/store'
import {LakeError} from '../transaction'
import {mendozaPatch} from '../../store/journal/mendoza'
import {BEFORE_JOURNAL, type HistorySource} from './source'

/**
 * Reads that end at "now" leave out the last second, as the hosted log lags its listener: the Studio adds
 * the edits its listener brought to the ones it fetched without de-duplicating them (events/utils.ts
 * sortEvents), so a read that already held them would list each edit twice.
 */
export const SETTLING_MS = 1000

/** A revision's seq: in the journal, BEFORE_JOURNAL when one of `ids` had it when the journal began, else undefined. */
function revisionSeq(source: HistorySource, ids: string[], revision: string): number | undefined {
  const seq = source.seqOf(revision)
  if (seq !== undefined) return seq
  return ids.some((id) => source.documentAt(id, BEFORE_JOURNAL)?._rev === revision) ? BEFORE_JOURNAL : undefined
}

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name)
  if (!value) return undefined
  const time = Date.parse(value)
  if (Number.isNaN(time)) throw new LakeError(400, `Invalid ${name} "${value}"`)
  return time
}

/**
 * The seqs of the transactions that wrote any of `ids`, within `fromTransaction`..`toTransaction` (both inclusive, as
 * the Studio expects) and `fromTime`..`toTime` (else a second ago), by `authors`, in order (`reverse`: newest first),
 * at most `limit`, read from the journal only as far as the page goes. A revision from before the journal starts at
 * its start.
 */
export function transactionWindow(source: HistorySource, ids: string[], url: URL): number[] {
  const query = url.searchParams
  const fromRevision = query.get('fromTransaction')
  const toRevision = query.get('toTransaction')
  // an unknown starting revision reads from the journal's start; an ending one it cannot place reads to its end
  const from = fromRevision ? (revisionSeq(source, ids, fromRevision) ?? BEFORE_JOURNAL) : BEFORE_JOURNAL
  const to = toRevision ? (revisionSeq(source, ids, toRevision) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER
  const fromTime = timeParam(query, 'fromTime') ?? -Infinity
  const toTime = timeParam(query, 'toTime') ?? (toRevision ? Infinity : Date.now() - SETTLING_MS)
  const authors = query.get('authors')?.split(',').filter(Boolean)
  const limit = Number(query.get('limit'))
  const most = Number.isInteger(limit) && limit > 0 ? limit : Infinity
  const seqs =
    query.get('reverse') === 'true'
      ? source.newestFirst(
          ids.map((id) => ({id})),
          to === Number.MAX_SAFE_INTEGER ? to : to + 1,
          from,
        )
      : source.oldestFirst(ids, from - 1, to)
  const selected: number[] = []
  for (const seq of seqs) {
    if (selected.length >= most) break
    const {timestamp, author} = source.transaction(seq)
    const time = Date.parse(timestamp)
    if (time >= fromTime && time <= toTime && (!authors || authors.includes(author))) selected.push(seq)
  }
  return selected
}

/** `_rev` is not part of a document's content in the log's effects: the Studio drops it before applying them. */
function content(doc: StoredDocument | null): Record<string, unknown> | null {
  if (!doc) return null
  const {_rev, ...rest} = doc
  void _rev
  return rest
}

/**
 * One line per transaction: `{id, timestamp, author, documentIDs}`, with `effects: {[id]: {apply, revert}}`
 * as Mendoza patches when `effectFormat=mendoza`, and `mutations` unless `excludeMutations=true` (with
 * `excludeContent=true`, documents are reduced to their id and type). `includeIdentifiedDocumentsOnly`
 * limits both to `ids`.
 */
export function transactionLines(source: HistorySource, seqs: number[], ids: string[], query: URLSearchParams) {
  const onlyIdentified = query.get('includeIdentifiedDocumentsOnly') === 'true'
  const withEffects = query.get('effectFormat') === 'mendoza'
  const withMutations = query.get('excludeMutations') !== 'true'
  const withContent = query.get('excludeContent') !== 'true'
  const line = (seq: number) => {
    const {id, timestamp, author} = source.transaction(seq)
    const rows = source.writesOf(seq)
    const shown = (onlyIdentified ? rows.filter((row) => ids.includes(row.document_id)) : rows).map((row) => ({
      documentId: row.document_id,
      ...source.beforeAndAfter(row),
    }))
    const line: Record<string, unknown> = {id, timestamp, author, documentIDs: shown.map((write) => write.documentId)}
    if (withMutations) {
      line.mutations = shown.map(({documentId, after}) =>
        !after ? {delete: {id: documentId}} : {createOrReplace: withContent ? after : {_id: after._id, _type: after._type}},
      )
    }
    if (withEffects) {
      line.effects = Object.fromEntries(
        shown.map(({documentId, before, after}) => {
          const [from, to] = [content(before), content(after)]
          return [documentId, {apply: mendozaPatch(from, to), revert: mendozaPatch(to, from)}]
        }),
      )
    }
    return line
  }
  // rebuilt oldest first, so each document's patches are applied once across the page
  const lines = new Map([...seqs].sort((a, b) => a - b).map((seq) => [seq, line(seq)]))
  return seqs.map((seq) => lines.get(seq)!)
}
