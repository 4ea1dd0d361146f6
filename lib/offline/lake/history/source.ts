// The journal as the History API reads it, for one request: the store's journal reader, falling back to the
// dataset for documents the journal never wrote.
import type {EmbeddedStore, StoredDocument} from '../../store/store'
import type {WriteRow} from '../../store/journal/database'
import {BEFORE_JOURNAL, type JournalReader, type Version, type WriteSummary} from '../../store/journal/reader'

export {BEFORE_JOURNAL, type Version, type WriteSummary}

const NEWEST = Number.MAX_SAFE_INTEGER

/** One request's view of history: make one per request (historyOf). */
export class HistorySource {
  constructor(
    private readonly store: EmbeddedStore,
    readonly reader: JournalReader | null,
  ) {}

  transaction(seq: number): {id: string; timestamp: string; author: string} {
    const row = this.reader?.transaction(seq)
    if (!row) throw new Error(`the journal has no transaction ${seq}`)
    return {id: row.id, timestamp: row.time, author: row.author}
  }

  /** Where a transaction (or revision: a document's `_rev` is the id of the transaction that wrote it) is in the journal. */
  seqOf(id: string): number | undefined {
    return this.reader?.seqOf(id)
  }

  seqAtTime(time: number): number {
    return this.reader?.seqAtTime(time) ?? BEFORE_JOURNAL
  }

  summary(id: string, seq: number): WriteSummary | undefined {
    return this.reader?.summary(id, seq)
  }

  writesOf(seq: number): WriteRow[] {
    return this.reader?.writesOf(seq) ?? []
  }

  beforeAndAfter(row: WriteRow) {
    return this.reader!.beforeAndAfter(row)
  }

  /** Whether a document existed right after `seq` (BEFORE_JOURNAL: when the journal began), and its revision. */
  versionAt(id: string, seq: number): Version | null {
    const known = this.reader?.versionAt(id, seq)
    if (known !== undefined) return known
    const current = this.current(id)
    return current ? {rev: String(current._rev ?? '')} : null
  }

  /** A document as it was right after `seq`; null when absent. */
  documentAt(id: string, seq: number): StoredDocument | null {
    const known = this.reader?.documentAt(id, seq)
    return known !== undefined ? known : this.current(id)
  }

  /** The last state a document had: itself if it exists, else what it was before its last deletion. */
  lastRevision(id: string): StoredDocument | null {
    return this.current(id) ?? this.reader?.beforeLastDeletion(id) ?? null
  }

  /** The seqs of the transactions that wrote any of `ids`, below `below`, newest first (`lifecycle`: for those ids). */
  newestFirst(parts: {id: string; lifecycle?: boolean}[], below = NEWEST, from = 0): Iterable<number> {
    const reader = this.reader
    if (!reader) return []
    return merged(
      parts.map(({id, lifecycle}) => reader.newestFirst(id, {below, from, lifecycle})),
      (a, b) => a > b,
      true,
    )
  }

  /** The seqs of the transactions that wrote any of `ids`, after `after` and up to `to`, oldest first. */
  oldestFirst(ids: string[], after: number, to: number): Iterable<number> {
    const reader = this.reader
    if (!reader) return []
    return merged(
      ids.map((id) => reader.oldestFirst(id, {after, to})),
      (a, b) => a < b,
      true,
    )
  }

  private current(id: string): StoredDocument | null {
    return this.store.view('raw').byId.get(id) ?? null
  }
}

/**
 * Merges sequences sorted by `first` into one, pulling from each only as far as the caller reads; `once`: a value
 * several of them hold comes once.
 */
export function* merged<T>(sources: Iterator<T>[], first: (a: T, b: T) => boolean, once = false): Generator<T> {
  const heads = sources.map((source) => source.next())
  let last: {value: T} | undefined
  for (;;) {
    let pick = -1
    heads.forEach((head, index) => {
      if (!head.done && (pick < 0 || first(head.value, heads[pick].value as T))) pick = index
    })
    if (pick < 0) return
    const value = heads[pick].value as T
    heads[pick] = sources[pick].next()
    if (!once || !last || last.value !== value) yield value
    last = {value}
  }
}

/** The store's history, for one request. */
export const historyOf = (store: EmbeddedStore) => new HistorySource(store, store.history())
