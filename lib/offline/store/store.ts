import {randomUUID} from 'node:crypto'
import path from 'node:path'
import {readDatasetBytes} from './dataset-file'
import {isEphemeral, type StoredDocument} from './document'
import type {DatasetChange} from './document-set'
import {DatasetSync} from './dataset-sync'
import {changedSince, mergeIntoFile} from './merge'
import {ConflictNotices, NOTICE_TYPE} from './notices'
import {describeWriter, WriterLock, type Writer, type WriterPorts} from './writer-lock'
import {Journal, type LoggedTransaction, type LoggedWrite} from './journal/journal'
import {journalPaths} from './journal/paths'
import type {JournalReader} from './journal/reader'

export type {StoredDocument} from './document'
export {isEphemeral} from './document'
export type {DatasetChange} from './document-set'
export type {Perspective} from './perspective-entries'
export type {LoggedTransaction, LoggedWrite} from './journal/journal'
export {readDataset} from './dataset-file'

/** The file is rewritten this long after the last commit, so `git diff` shows an editor's work within a couple of seconds. */
export const COMPACT_AFTER_MS = 1000
/**
 * …and no later than this after the first commit it lacks, however steadily the editor types: the window in which
 * an outside edit must be merged rather than simply read stays short (the file holds every save within 10 s).
 */
export const COMPACT_MAX_WAIT_MS = 8000
/** Who a transaction is by when the caller does not say (the local lake passes its editor's id). */
export const UNKNOWN_AUTHOR = 'unknown'

/**
 * `readOnly`: a process that only reads beside the server that writes (a build, a server without the lake): it never
 * writes, truncates or deletes anything. Any other store writes only while it holds the file's writer lock
 * (writer-lock.ts), which names the process and `ports`; without it, it serves reads and takes over when the writer stops.
 */
export type StoreOptions = {compactAfterMs?: number; compactMaxWaitMs?: number; readOnly?: boolean; ports?: WriterPorts}

/** A commit to a store whose file another live process writes (the lake answers it with a 503 carrying this message). */
export class WriterLockedError extends Error {
  constructor(
    file: string,
    readonly writer: Writer,
  ) {
    super(
      `${path.basename(file)} is written by another server (${describeWriter(writer)}), so this one cannot save: ` +
        `edit through that server, or stop it; this one takes over as soon as it has stopped`,
    )
  }
}

/**
 * The embedded Content Lake: an NDJSON export held in memory and queried with groq-js (document-set.ts).
 * Each `*` in a query is narrowed to candidates from the indexes before groq-js scans it.
 *
 * A commit is written to the journal (journal/journal.ts: SQLite, synchronous=FULL) before it returns, then applied
 * to memory at the cost of what it changes. The NDJSON file, the document of record, is rewritten from
 * memory after a short idle and at shutdown (dataset-sync.ts, compaction.ts); on start, the journaled commits it lacks
 * are replayed. An edit to the file from outside is merged per document with the commits the file lacks
 * (merge.ts): nothing acknowledged is dropped silently; a conflict is logged and noticed (notices.ts).
 * Memory, the journal and the file's mark change together, under one set of crash-safety invariants, only in this class
 * and the two it extends; reading the file (dataset-file.ts) and writing it (compaction.ts) live apart.
 */
export class EmbeddedStore extends DatasetSync {
  /** Absent in a read-only store. */
  private readonly lock?: WriterLock

  constructor(
    file: string,
    {compactAfterMs = COMPACT_AFTER_MS, compactMaxWaitMs = COMPACT_MAX_WAIT_MS, readOnly = false, ports}: StoreOptions = {},
  ) {
    const paths = journalPaths(file)
    const lock = readOnly ? undefined : new WriterLock(paths.dir, paths.base, ports)
    const writer = lock?.acquire()
    super(file, compactAfterMs, compactMaxWaitMs, readOnly || Boolean(writer))
    this.lock = lock
    if (lock) lock.onLost = () => this.stopWriting()
    if (writer)
      console.warn(
        `[store] ${file} is written by another server (${describeWriter(writer)}): this one serves it read-only, ` +
          `answers saves with 503, and takes over when that server stops`,
      )
    try {
      this.open()
    } catch (error) {
      // a store that cannot open (an unreadable journal) holds nothing: the next one to try gets the lock
      this.lock?.release()
      throw error
    }
  }

  /** Reads the file and the journal: at start, when this store takes over from a writer that stopped, and on a reader's reload. */
  protected open(): DatasetChange {
    const read = readDatasetBytes(this.file)
    const loaded = {...read.parse(), version: read.version}
    this.markUnreadable(loaded.skipped ? read.version : undefined)
    this.fileStat = read.stat
    this.fileDigest = loaded.version
    this.journal.close()
    this.journal = new Journal(this.file, this.readOnly)
    this.notices = new ConflictNotices(this.journal.paths, this.readOnly)
    const {replay, outside} = this.journal.recover(loaded.version)
    this.base = new Map(loaded.documents.map((doc) => [doc._id, doc]))
    // replaced while no server ran, before it held every save: those saves are merged into it, as at run time
    const merged = outside && mergeIntoFile(this.file, this.notices, outside, loaded.documents, loaded.lines, 'while the server was down')
    const docs = new Map((merged?.documents ?? loaded.documents).map((doc) => [doc._id, doc]))
    for (const notice of this.notices.documents()) docs.set(notice._id, notice)
    for (const {writes} of replay)
      for (const {id, after} of writes) {
        loaded.lines.spans.delete(id)
        if (after) docs.set(id, after)
        else docs.delete(id)
      }
    const ephemeral = [...this.docs.values()].filter((doc) => isEphemeral(doc) && doc._type !== NOTICE_TYPE)
    const first = this.docs.size === 0
    const change = first
      ? (this.load([...docs.values()], loaded.lines), {changed: [], removed: [], previous: new Map()})
      : this.replace([...docs.values(), ...ephemeral], loaded.lines)
    this.version = replay.length ? `${loaded.version}-${this.journal.lastSeq}` : loaded.version
    if (replay.length && !this.readOnly) {
      console.log(`[store] ${this.file}: replayed ${replay.length} journaled transactions the file lacked`)
      this.scheduleCompaction()
    }
    if (merged) this.settleMerge(loaded.version, merged.keptAny)
    return change
  }

  /**
   * Call before building a transaction on the documents: a store waiting for the writer lock takes it over once the
   * writer has stopped (reading the file and journal as the writer left them), or throws WriterLockedError naming it.
   */
  prepareToWrite(): void {
    if (!this.readOnly || !this.lock) return
    const writer = this.lock.acquire()
    if (writer) throw new WriterLockedError(this.file, writer)
    console.log(`[store] ${this.file}: the server that wrote it has stopped; this one writes it now`)
    this.readOnly = false
    this.open()
  }

  /** The dataset's history, read from the journal a page at a time (null when nothing was ever committed). */
  history(): JournalReader | null {
    return this.journal.reader()
  }

  /**
   * Commits one transaction: each id maps to its new document, or null to delete it. The transaction is
   * committed to the journal before memory changes, so a failed write leaves the store as it was, and an
   * acknowledged one survives any crash. Costs what it changes: no file rewrite, no index rebuild.
   */
  commit(
    writes: ReadonlyMap<string, StoredDocument | null>,
    transaction: {id: string; timestamp: string; author?: string} = {id: randomUUID(), timestamp: new Date().toISOString()},
  ): DatasetChange {
    const durable = (doc: StoredDocument | null | undefined) => (doc && !isEphemeral(doc) ? doc : null)
    // in-memory-only documents (preview secrets) need no writer
    if ([...writes].some(([id, doc]) => durable(this.docs.get(id)) || durable(doc))) this.prepareToWrite()
    const previous = new Map<string, StoredDocument>()
    const logged: LoggedWrite[] = []
    for (const [id, doc] of writes) {
      const old = this.docs.get(id)
      if (old) previous.set(id, old)
      if (durable(old) || durable(doc)) logged.push({id, before: durable(old), after: durable(doc)})
    }
    const tx = {...transaction, author: transaction.author ?? UNKNOWN_AUTHOR}
    if (logged.length) this.append({id: tx.id, timestamp: tx.timestamp, author: tx.author, writes: logged})
    for (const [id, doc] of writes) this.put(id, doc ?? undefined)
    // publishing a document settles its conflict: the notices on it go
    for (const cleared of this.notices.settle([...writes].filter(([id, doc]) => doc && !id.startsWith('drafts.')).map(([id]) => id)))
      this.put(cleared, undefined)
    if (logged.length) this.scheduleCompaction()
    const changed = [...writes.values()].filter((doc): doc is StoredDocument => doc !== null)
    const removed = [...writes].flatMap(([id, doc]) => (doc === null && previous.has(id) ? [previous.get(id)!] : []))
    return this.announce({changed, removed, previous, transaction: tx})
  }

  /**
   * The journal was deleted while this server ran (SQLite refuses to write to a database whose file is gone): a new
   * journal starts with one transaction holding every document memory has otherwise than the file as last read or
   * written (`base`), marked against that file, so those saves are durable again and the next compaction or start
   * writes, replays or merges them as usual. The file is not written here (it may be mid-conflict). The history before
   * now is lost, as when the journal is deleted with the server stopped; no document is.
   */
  protected restartJournal(): void {
    console.error(
      `[store] ${this.journal.paths.journal} was deleted while the server ran: starting a new journal with every save ` +
        `${this.file} lacks (memory holds every acknowledged save); the history before now is gone`,
    )
    this.journal.close()
    this.journal = new Journal(this.file, false)
    this.journal.recover(this.fileDigest)
    const durable = (doc: StoredDocument | undefined) => (doc && !isEphemeral(doc) ? doc : null)
    const writes: LoggedWrite[] = []
    for (const id of changedSince(this.base, this.docs)) {
      const before = durable(this.base.get(id))
      const after = durable(this.docs.get(id))
      if (before || after) writes.push({id, before, after})
    }
    if (!writes.length) return
    this.journal.append({id: randomUUID(), timestamp: new Date().toISOString(), author: UNKNOWN_AUTHOR, writes})
    this.scheduleCompaction()
  }

  /** Commits to the journal; a journal deleted under the running server is started anew first (restartJournal). */
  private append(transaction: LoggedTransaction): void {
    this.onJournal(() => this.journal.append(transaction))
  }

  /**
   * Stops watching and compacting; the journal keeps what the file lacks, for the next start. Resolves once a
   * compaction already under way has given up and removed its temporary file.
   */
  async close(): Promise<void> {
    await this.stop()
    this.lock?.release()
  }
}
