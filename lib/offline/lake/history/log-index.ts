// The transaction log, indexed for history: which transactions touched a document, and its state at any point.
import type {EmbeddedStore, StoredDocument} from '../../store/store'
import type {LoggedTransaction, LoggedWrite} from '../../store/txlog'

export type {LoggedTransaction, LoggedWrite}

/** A point in the log: the index of a transaction, or BEFORE_LOG for the dataset as the log found it. */
export const BEFORE_LOG = -1

/**
 * The log's transactions with two indexes, by transaction id and by document id. It follows the log as it
 * grows (only new entries are indexed) and starts over when the log was replaced.
 */
export class LogIndex {
  private log: readonly LoggedTransaction[] = []
  /** How many entries are indexed, and the id of the last: the log may be one array that grows in place. */
  private indexed = 0
  private lastIndexed?: string
  private positions = new Map<string, number>()
  private byDocument = new Map<string, number[]>()

  constructor(private readonly store: EmbeddedStore) {}

  /** The log as of now; call once per request, then read through the other methods. */
  refresh(): readonly LoggedTransaction[] {
    const log = this.store.transactions()
    const known = this.indexed
    const continues = known > 0 && log.length >= known && log[known - 1]?.id === this.lastIndexed && log[0]?.id === this.log[0]?.id
    if (!continues) {
      this.positions.clear()
      this.byDocument.clear()
    }
    for (let position = continues ? known : 0; position < log.length; position++) {
      const transaction = log[position]
      this.positions.set(transaction.id, position)
      for (const write of transaction.writes) {
        const list = this.byDocument.get(write.id)
        if (list) list.push(position)
        else this.byDocument.set(write.id, [position])
      }
    }
    this.indexed = log.length
    this.lastIndexed = log.at(-1)?.id
    this.log = log
    return log
  }

  get transactions(): readonly LoggedTransaction[] {
    return this.log
  }

  /** Where a transaction (or revision: a document's `_rev` is the id of the transaction that wrote it) is in the log. */
  positionOf(id: string): number | undefined {
    return this.positions.get(id)
  }

  /** The positions of the transactions that wrote any of `ids`, oldest first. */
  touching(ids: readonly string[]): number[] {
    const all = new Set(ids.flatMap((id) => this.byDocument.get(id) ?? []))
    return [...all].sort((a, b) => a - b)
  }

  writeOf(position: number, id: string): LoggedWrite | undefined {
    return this.log[position]?.writes.find((write) => write.id === id)
  }

  /** A document as it was right after the transaction at `position` (BEFORE_LOG: when the log began); null when absent. */
  stateAt(id: string, position: number): StoredDocument | null {
    const list = this.byDocument.get(id)
    if (!list) return this.store.view('raw').byId.get(id) ?? null
    const next = firstAfter(list, position)
    if (next > 0) return this.writeOf(list[next - 1], id)?.after ?? null
    return this.writeOf(list[0], id)?.before ?? null
  }

  /** The last state a document had: itself if it exists, else what it was before its last deletion. */
  lastRevision(id: string): StoredDocument | null {
    const current = this.store.view('raw').byId.get(id)
    if (current) return current
    const list = this.byDocument.get(id) ?? []
    for (let i = list.length - 1; i >= 0; i--) {
      const before = this.writeOf(list[i], id)?.before
      if (before) return before
    }
    return null
  }

  /** The position of the last transaction at or before `time` (BEFORE_LOG when there is none). */
  positionAtTime(time: number): number {
    let low = 0
    let high = this.log.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (Date.parse(this.log[middle].timestamp) <= time) low = middle + 1
      else high = middle
    }
    return low - 1
  }
}

/** The index of the first entry of the sorted `list` that is greater than `position`. */
function firstAfter(list: number[], position: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (list[middle] <= position) low = middle + 1
    else high = middle
  }
  return low
}

const indexes = new WeakMap<EmbeddedStore, LogIndex>()

/** The store's log index, brought up to date. */
export function logIndexOf(store: EmbeddedStore): LogIndex {
  let index = indexes.get(store)
  if (!index) indexes.set(store, (index = new LogIndex(store)))
  index.refresh()
  return index
}
