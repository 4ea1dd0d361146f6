// History as the journal answers it: each read walks an index from where the page starts, and stops where it ends.
import type {StoredDocument} from '../document'
import type {Statements, TransactionRow, WriteRow} from './database'
import {DocumentStates} from './states'

/** A point in history before the journal's first transaction (sequence numbers start at 1). */
export const BEFORE_JOURNAL = 0

/** What the History API's events need of a version: that it exists, and its revision. */
export type Version = {rev: string}
export type WriteSummary = {before: Version | null; after: Version | null}

const version = (state: number, rev: string | null): Version | null => (state ? {rev: rev ?? ''} : null)

type Summary = Pick<WriteRow, 'before_state' | 'before_rev' | 'after_state' | 'after_rev'>

/**
 * One read of a dataset's history (make one per request: it remembers the documents it rebuilt). Every method reads
 * the rows it returns and a bounded few more; `rowsRead` counts them, `versionsRead` the whole documents and patches
 * among them (what a summary or a revision does not need).
 */
export class JournalReader {
  private readonly states: DocumentStates

  constructor(private readonly sql: Statements) {
    this.states = new DocumentStates(sql)
  }

  get rowsRead(): number {
    return this.states.rowsRead
  }

  get versionsRead(): number {
    return this.states.versionsRead
  }

  transaction(seq: number): TransactionRow | undefined {
    this.states.rowsRead++
    return this.sql.transaction.get(seq) as TransactionRow | undefined
  }

  /** Up to `limit` transactions after `seq`, oldest first: to page through the whole journal (a tool, a test). */
  transactionsAfter(seq: number, limit: number): TransactionRow[] {
    const rows = this.sql.transactionsAfter.all(seq, limit) as TransactionRow[]
    this.states.rowsRead += rows.length
    return rows
  }

  /** The seq of a transaction (or revision: a document's `_rev` is the id of the transaction that wrote it). */
  seqOf(transactionId: string): number | undefined {
    return this.sql.seqOfId.get(transactionId) as number | undefined
  }

  /** The last transaction at or before `time` (ms), or BEFORE_JOURNAL. */
  seqAtTime(time: number): number {
    return (this.sql.seqAtTime.get(time) as number | undefined) ?? BEFORE_JOURNAL
  }

  /** A transaction's writes, in the order it made them. */
  writesOf(seq: number): WriteRow[] {
    const rows = this.sql.writesOf.all(seq) as WriteRow[]
    for (const row of rows) this.states.counted(row)
    return rows
  }

  /** One document's write in a transaction, summarized: whether it existed before and after, and its revisions. */
  summary(documentId: string, seq: number): WriteSummary | undefined {
    const row = this.counted(this.sql.summary.get(documentId, seq) as Summary | undefined)
    return row && {before: version(row.before_state, row.before_rev), after: version(row.after_state, row.after_rev)}
  }

  /**
   * A document's version right after `seq` (BEFORE_JOURNAL: when the journal began): null when it did not exist,
   * undefined when the journal never wrote it (it is as the dataset has it).
   */
  versionAt(documentId: string, seq: number): Version | null | undefined {
    const last = this.counted(this.sql.lastVersion.get(documentId, seq) as Summary | undefined)
    if (last) return version(last.after_state, last.after_rev)
    const first = this.counted(this.sql.firstVersion.get(documentId) as Summary | undefined)
    return first && version(first.before_state, first.before_rev)
  }

  /** The whole document right after `seq`, as versionAt. */
  documentAt(documentId: string, seq: number): StoredDocument | null | undefined {
    const last = this.lastWrite(documentId, seq)
    if (last) return this.states.after(last)
    const first = this.firstWrite(documentId)
    return first && this.states.before(first)
  }

  /** A write's document before and after it. */
  beforeAndAfter(row: WriteRow): {before: StoredDocument | null; after: StoredDocument | null} {
    return {before: this.states.before(row), after: this.states.after(row)}
  }

  /** The version before the document's last deletion, when its last write deleted it. */
  beforeLastDeletion(documentId: string): StoredDocument | null {
    const last = this.lastWrite(documentId, Number.MAX_SAFE_INTEGER)
    return last && !last.after_state ? this.states.before(last) : null
  }

  /**
   * The seqs of a document's writes below `below` and from `from`, newest first, read a page at a time as the caller
   * iterates. `lifecycle`: only the writes that created or deleted it.
   */
  *newestFirst(documentId: string, {below = Number.MAX_SAFE_INTEGER, from = 0, lifecycle = false} = {}): Generator<number> {
    const statement = lifecycle ? this.sql.newestLifecycle : this.sql.newest
    for (let page = 16, under = below; ; page = Math.min(page * 2, 1024)) {
      const seqs = statement.all(documentId, under, from, page) as number[]
      this.states.rowsRead += seqs.length
      yield* seqs
      if (seqs.length < page) return
      under = seqs.at(-1)!
    }
  }

  /** The seqs of a document's writes after `after` and up to `to`, oldest first, a page at a time. */
  *oldestFirst(documentId: string, {after = -1, to = Number.MAX_SAFE_INTEGER} = {}): Generator<number> {
    for (let page = 16, over = after; ; page = Math.min(page * 2, 1024)) {
      const seqs = this.sql.oldest.all(documentId, over, to, page) as number[]
      this.states.rowsRead += seqs.length
      yield* seqs
      if (seqs.length < page) return
      over = seqs.at(-1)!
    }
  }

  private lastWrite(documentId: string, seq: number): WriteRow | undefined {
    return this.states.counted(this.sql.lastWrite.get(documentId, seq) as WriteRow | undefined)
  }

  private firstWrite(documentId: string): WriteRow | undefined {
    return this.states.counted(this.sql.firstWrite.get(documentId) as WriteRow | undefined)
  }

  /** A row read without its versions, counted. */
  private counted<T>(row: T | undefined): T | undefined {
    if (row) this.states.rowsRead++
    return row
  }
}
