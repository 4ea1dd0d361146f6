// The transaction log as the History API streams it: which transactions a request selects, and each one's line.
import type {StoredDocument} from '../../store/store'
import {LakeError} from '../transaction'
import {BEFORE_LOG, type LogIndex} from './log-index'
import {mendozaPatch} from './mendoza'

/**
 * Reads that end at "now" leave out the last second, as the hosted log lags its listener: the Studio adds
 * the edits its listener brought to the ones it fetched without de-duplicating them (events/utils.ts
 * sortEvents), so a read that already held them would list each edit twice.
 */
export const SETTLING_MS = 1000

/** A revision's position: in the log, BEFORE_LOG when one of `ids` had it when the log began, else undefined. */
function revisionPosition(index: LogIndex, ids: string[], revision: string): number | undefined {
  const position = index.positionOf(revision)
  if (position !== undefined) return position
  return ids.some((id) => index.stateAt(id, BEFORE_LOG)?._rev === revision) ? BEFORE_LOG : undefined
}

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name)
  if (!value) return undefined
  const time = Date.parse(value)
  if (Number.isNaN(time)) throw new LakeError(400, `Invalid ${name} "${value}"`)
  return time
}

/**
 * The positions of the transactions that wrote any of `ids`, within `fromTransaction`..`toTransaction` (both
 * inclusive, as the Studio expects) and `fromTime`..`toTime` (else a second ago), by `authors`, in order
 * (`reverse`: newest first), at most `limit`. A revision from before the log starts at the log's start.
 */
export function transactionWindow(index: LogIndex, ids: string[], url: URL): number[] {
  const query = url.searchParams
  const fromRevision = query.get('fromTransaction')
  const toRevision = query.get('toTransaction')
  // an unknown starting revision reads from the log's start; an ending one it cannot place reads to its end
  const from = fromRevision ? (revisionPosition(index, ids, fromRevision) ?? BEFORE_LOG) : BEFORE_LOG
  const to = toRevision ? (revisionPosition(index, ids, toRevision) ?? Infinity) : Infinity
  const fromTime = timeParam(query, 'fromTime') ?? -Infinity
  const toTime = timeParam(query, 'toTime') ?? (toRevision ? Infinity : Date.now() - SETTLING_MS)
  const authors = query.get('authors')?.split(',').filter(Boolean)
  const selected = index.touching(ids).filter((position) => {
    const transaction = index.transactions[position]
    const time = Date.parse(transaction.timestamp)
    return position >= from && position <= to && time >= fromTime && time <= toTime && (!authors || authors.includes(transaction.author))
  })
  if (query.get('reverse') === 'true') selected.reverse()
  const limit = Number(query.get('limit'))
  return Number.isInteger(limit) && limit > 0 ? selected.slice(0, limit) : selected
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
export function transactionLines(index: LogIndex, positions: number[], ids: string[], query: URLSearchParams) {
  const onlyIdentified = query.get('includeIdentifiedDocumentsOnly') === 'true'
  const withEffects = query.get('effectFormat') === 'mendoza'
  const withMutations = query.get('excludeMutations') !== 'true'
  const withContent = query.get('excludeContent') !== 'true'
  return positions.map((position) => {
    const {id, timestamp, author, writes} = index.transactions[position]
    const shown = onlyIdentified ? writes.filter((write) => ids.includes(write.id)) : writes
    const line: Record<string, unknown> = {id, timestamp, author, documentIDs: shown.map((write) => write.id)}
    if (withMutations) {
      line.mutations = shown.map(({id: documentId, after}) =>
        !after ? {delete: {id: documentId}} : {createOrReplace: withContent ? after : {_id: after._id, _type: after._type}},
      )
    }
    if (withEffects) {
      line.effects = Object.fromEntries(
        shown.map(({id: documentId, before, after}) => {
          const [from, to] = [content(before), content(after)]
          return [documentId, {apply: mendozaPatch(from, to), revert: mendozaPatch(to, from)}]
        }),
      )
    }
    return line
  })
}
