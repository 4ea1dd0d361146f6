// The journal: every committed transaction of one dataset file, in SQLite (`.broadsheet/<file>.journal.sqlite`).
//
// It is the write-ahead log: a commit is one SQLite transaction (rollback journal, synchronous=FULL, fullfsync for
// macOS; why not WAL: database.ts), and the
// store acknowledges it only after that transaction has committed, so a crash at any moment leaves every acknowledged
// commit in it and none half-written. The NDJSON file stays the document of record; the journal's `meta` row `marks`
// says which seq the file holds (its digest), written in the same SQLite transactions, so start-up replays exactly
// the commits after it. Schema (database.ts): `transactions(seq, id, time, time_ms, author)` indexed by id and time;
// `writes(seq, position, document_id, before/after state and _rev, base_seq, after)`, indexed by (document_id, seq)
// and, for the History API's events, by (document_id, seq) where a document was created or deleted. A write holds a
// Mendoza patch from the document's previous version, or the whole document (its first version, after a deletion,
// after an outside edit, and every WHOLE_EVERY = 32 versions), so a history read applies at most 31 patches and costs
// the page it asks for, never the journal. The old transaction log (`<file>.txlog` and its marker) is imported at the
// first open by a writer, in one SQLite transaction, then renamed `<file>.txlog.imported` (a reader imports it in
// memory until then); nothing in it is lost. Space is reclaimed with `npm run history:prune` (prune.ts), which never
// drops a commit the file lacks; deleting the journal by hand loses history, and never a document the file holds.
// Why SQLite: one file with atomic, fsynced transactions and indexes, on every OS, in-process; better-sqlite3 12 (13
// crashes on Node 20) builds from source where no prebuilt binary downloads. Nothing measured against it (BENCHMARKS.md).
import fs from 'node:fs'
import type Database from 'better-sqlite3'
import type {StoredDocument} from '../document'
import {openDatabase, statements, type Statements, type WriteRow} from './database'
import {legacyImported, legacyMarks, legacyTransactions, retireLegacyLog} from './legacy-log'
import {removeStaleTemporaries} from '../compaction'
import {journalPaths} from './paths'
import {JournalReader} from './reader'
import {encodeWrite, type Head} from './rows'
import {DocumentStates} from './states'

/** One document a transaction wrote: its version before and after (null where it did not exist). */
export type LoggedWrite = {id: string; before: StoredDocument | null; after: StoredDocument | null}
export type LoggedTransaction = {id: string; timestamp: string; author: string; writes: LoggedWrite[]}
/** The dataset file's bytes (digest) hold every transaction up to `seq`. */
export type FileMark = {digest: string; seq: number}
/** What start-up replays: each write's result, in journal order. */
export type Replayed = {writes: {id: string; after: StoredDocument | null}[]}
/**
 * The documents that commits the file lacks wrote, for a file replaced from outside while no server ran: each as it
 * was before them (`base`, absent where it did not exist) and after them (`ours`, absent where they deleted it).
 */
export type Unwritten = {base: Map<string, StoredDocument>; ours: Map<string, StoredDocument>}
/** What start-up does with the journal: replay the commits after the file's mark, or merge them into a file it does not know. */
export type Recovered = {replay: Replayed[]; outside?: Unwritten}

const REPLAY_BATCH = 500

export class Journal {
  readonly paths: ReturnType<typeof journalPaths>
  private db?: Database.Database
  private sql?: Statements
  private seq = 0
  /** What the dataset file may hold: the mark of the file, and of the file a compaction is writing. */
  private marks: FileMark[] = []
  /** Whether the journal on disk holds the marks: a first commit that failed must not leave the later ones without. */
  private marksStored = false
  /** The last write of each document this process wrote or looked up, so the next one can be a patch on it. */
  private heads = new Map<string, Head>()

  /** `readOnly`: a reader beside the writing server (a build): it replays but never creates or changes the journal. */
  constructor(
    datasetFile: string,
    private readonly readOnly = false,
  ) {
    this.paths = journalPaths(datasetFile)
  }

  get lastSeq() {
    return this.seq
  }

  /** The mark of the file now on disk. */
  get current(): FileMark {
    return this.marks[0]
  }

  /**
   * Opens the journal at start for a dataset file whose bytes have `digest`: the transactions the file lacks, oldest
   * first, to replay. When the file is none the journal knows (edited outside while no server ran: a git pull, a hand
   * edit) and commits are missing from it, they are not replayed but returned per document (`outside`) for the store to
   * merge into the file as it merges an outside edit at run time; the marks stay as they were until the merged file is
   * in place (willWrite keeps the old file's mark), so a crash before then merges again at the next start.
   */
  recover(digest: string): Recovered {
    if (!this.readOnly) removeStaleTemporaries(this.paths)
    this.openExisting()
    const storedMarks = this.sql?.meta.get('marks') as string | undefined
    this.marksStored = storedMarks !== undefined
    this.marks = JSON.parse(storedMarks ?? '[]') as FileMark[]
    this.seq = Math.max((this.sql?.lastSeq.get() as number | undefined) ?? 0, ...this.marks.map((mark) => mark.seq))
    const known = [...this.marks].reverse().find((mark) => mark.digest === digest)
    if (known) {
      this.marks = [known]
      return {replay: this.replayAfter(known.seq)}
    }
    // the oldest file the journal knows: the outside edit started from it or from a later one, so nothing after it is missed
    const oldest = this.marks[0]
    if (oldest && this.seq > oldest.seq && this.sql) return {replay: [], outside: this.unwrittenAfter(oldest.seq)}
    this.marks = [{digest, seq: this.seq}]
    if (this.db && !this.readOnly) this.saveMarks()
    this.marksStored ||= Boolean(this.db && !this.readOnly)
    return {replay: []}
  }

  /** Commits one transaction durably (one SQLite transaction, synchronous=FULL); on failure the journal is as it was. */
  append(transaction: LoggedTransaction): void {
    this.appendAll([transaction])
  }

  /** Commits many transactions in one SQLite transaction, so one fsync (a generated journal); all or none. */
  appendAll(transactions: Iterable<LoggedTransaction>): number {
    if (this.readOnly) throw new Error(`${this.paths.journal} is open read-only`)
    const created = !this.sql
    if (created) this.create()
    // the marks go with the first commit that lands, so a crash after it replays what the file lacks
    const withMarks = created || !this.marksStored
    const count = this.commitAll(transactions, () => withMarks && this.saveMarks())
    this.marksStored = true
    return count
  }

  /** History, read from the journal (null before anything was ever committed). */
  reader(): JournalReader | null {
    if (!this.sql && this.readOnly) this.openExisting()
    return this.sql ? new JournalReader(this.sql) : null
  }

  /** Before a compaction renames its file into place: the marks name both files, so a crash on either side replays right. */
  willWrite(next: FileMark): void {
    this.marks = [this.marks[0], next].filter(Boolean)
    this.saveMarks()
  }

  /** After the file with `mark` is durably in place (or after a reload from outside: the file wins). */
  wrote(mark: FileMark): void {
    this.marks = [mark]
    this.saveMarks()
  }

  /** Moves a WAL into the database file and empties it, for a journal still in WAL from before (otherwise nothing to do). */
  checkpoint(): void {
    this.db?.pragma('wal_checkpoint(TRUNCATE)')
  }

  close(): void {
    this.db?.close()
    this.db = this.sql = undefined
    this.heads.clear()
  }

  /** Opens the journal if there is one, importing the old log first where one waits. */
  private openExisting(): void {
    if (this.sql) return
    const legacy = fs.existsSync(this.paths.legacyLog)
    if (legacy && this.readOnly && !legacyImported(this.paths)) {
      // a reader may not create the journal: it imports the old log into memory, as the writer will on disk
      this.use(openDatabase(':memory:', {readOnly: false})!)
      return this.importLegacy()
    }
    if (legacy && !this.readOnly) {
      this.create()
      if (!legacyImported(this.paths)) this.importLegacy()
      return retireLegacyLog(this.paths)
    }
    const db = openDatabase(this.paths.journal, {readOnly: this.readOnly || !fs.existsSync(this.paths.journal)})
    if (db) this.use(db)
  }

  /** The old log, in one SQLite transaction with the marks and the flag saying it is in: all of it or none. */
  private importLegacy(): void {
    console.log(`[store] importing ${this.paths.legacyLog} into the journal (once; a long log takes a while)`)
    const count = this.commitAll(legacyTransactions(this.paths.legacyLog), () => {
      // into the database being imported to, even a reader's in memory
      this.sql!.setMeta.run('marks', JSON.stringify(legacyMarks(this.paths)))
      this.sql!.setMeta.run('imported', '1')
    })
    console.log(`[store] imported ${count} transactions from ${this.paths.legacyLog} into the journal`)
  }

  /** Writes transactions (numbered on from the last, or by their own `seq`) and `also` in one SQLite transaction. */
  private commitAll(transactions: Iterable<LoggedTransaction & {seq?: number}>, also: () => void): number {
    const sql = this.sql!
    const heads = new Map<string, Head>()
    let seq = this.seq
    let count = 0
    const headOf = (id: string) => heads.get(id) ?? this.headOf(id)
    this.db!.transaction(() => {
      also()
      for (const transaction of transactions) {
        seq = transaction.seq ?? seq + 1
        const encoded = transaction.writes.map((write, position) => encodeWrite(seq, position, write, headOf(write.id)))
        this.insert(
          sql,
          seq,
          transaction,
          encoded.map(({row}) => row),
        )
        for (const {row, head} of encoded) heads.set(row.document_id, head)
        count++
      }
    })()
    // only once committed: a failed commit leaves the heads and the seq as they were
    this.seq = Math.max(this.seq, seq)
    for (const [id, head] of heads) this.heads.set(id, head)
    return count
  }

  private create(): Statements {
    fs.mkdirSync(this.paths.dir, {recursive: true})
    return this.use(openDatabase(this.paths.journal, {readOnly: false})!)
  }

  private use(db: Database.Database): Statements {
    this.db = db
    return (this.sql = statements(db))
  }

  private insert(sql: Statements, seq: number, transaction: Omit<LoggedTransaction, 'writes'>, rows: WriteRow[]): void {
    const {id, timestamp, author} = transaction
    sql.insertTransaction.run(seq, id, timestamp, Date.parse(timestamp) || 0, author)
    for (const row of rows) sql.insertWrite.run(row)
  }

  private saveMarks(): void {
    if (!this.readOnly && this.sql) this.sql.setMeta.run('marks', JSON.stringify(this.marks))
  }

  /** A document's last write: remembered, else read from the journal (once per document per process). */
  private headOf(id: string): Head | undefined {
    const known = this.heads.get(id)
    if (known || !this.sql) return known
    const row = this.sql.lastWrite.get(id, Number.MAX_SAFE_INTEGER) as WriteRow | undefined
    if (!row) return undefined
    const doc = new DocumentStates(this.sql).after(row)
    const depth = row.base_seq === null ? 0 : (this.sql.chainLength.get(id, row.base_seq, row.seq) as number)
    const head = {seq: row.seq, base: row.base_seq, depth, doc}
    this.heads.set(id, head)
    return head
  }

  /** Each document written after `seq`: its version at `seq` and its last one. */
  private unwrittenAfter(seq: number): Unwritten {
    const sql = this.sql!
    const states = new DocumentStates(sql)
    const unwritten: Unwritten = {base: new Map(), ours: new Map()}
    for (const id of sql.documentsAfter.all(seq) as string[]) {
      const [first] = sql.oldest.all(id, seq, Number.MAX_SAFE_INTEGER, 1) as number[]
      const base = states.before(states.row(id, first)!)
      const ours = states.after(sql.lastWrite.get(id, Number.MAX_SAFE_INTEGER) as WriteRow)
      if (base) unwritten.base.set(id, base)
      if (ours) unwritten.ours.set(id, ours)
    }
    return unwritten
  }

  /** Each write after `seq`, rebuilt, in journal order. */
  private replayAfter(seq: number): Replayed[] {
    if (!this.sql) return []
    const states = new DocumentStates(this.sql)
    const replayed: Replayed[] = []
    let at = {seq, position: Number.MAX_SAFE_INTEGER}
    for (;;) {
      const rows = this.sql.writesAfter.all(at.seq, at.position, REPLAY_BATCH) as WriteRow[]
      for (const row of rows) {
        if (row.seq !== at.seq) replayed.push({writes: []})
        replayed.at(-1)!.writes.push({id: row.document_id, after: states.after(row)})
        at = row
      }
      if (rows.length < REPLAY_BATCH) return replayed
    }
  }
}
