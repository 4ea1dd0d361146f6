import {randomUUID} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {evaluate, parse, type ExprNode} from 'groq-js'
import {noLines, readDatasetBytes, sameFile, statOf, type FileLines, type FileStat} from './dataset-file'
import {linesSource, renameIntoPlace, snapshotOf, writeCompactedSync, writeTemporary, type Snapshot} from './compaction'
import type {StoredDocument} from './document'
import {mergeOutsideEdit} from './merge'
import {ConflictNotices, NOTICE_TYPE} from './notices'
import {describeWriter, WriterLock, type Writer, type WriterPorts} from './writer-lock'
import {entriesFor, entryFor, type Perspective, type RawDocuments} from './perspective-entries'
import {planQuery} from './planner'
import {Journal, type LoggedWrite} from './journal/journal'
import {journalPaths} from './journal/paths'
import type {JournalReader} from './journal/reader'
import {DocumentView} from './views'

export type {StoredDocument} from './document'
export type {Perspective} from './perspective-entries'
export type {LoggedTransaction, LoggedWrite} from './journal/journal'
export {readDataset} from './dataset-file'

/** What a reload changed: new or edited documents, removed ones, and the earlier version of each. */
export type DatasetChange = {
  changed: StoredDocument[]
  removed: StoredDocument[]
  previous: Map<string, StoredDocument>
  /** Set when the local Content Lake committed the change. */
  transaction?: {id: string; timestamp: string; author?: string}
}
type ChangeListener = (change: DatasetChange) => void

/**
 * Documents the local Content Lake keeps in memory only: the Presentation tool's preview-URL secrets.
 * They expire within the hour and are not content, so they never go into the NDJSON export or the journal.
 */
const EPHEMERAL_TYPES = new Set(['sanity.previewUrlSecret', 'sanity.previewUrlShareAccess', 'sanity.vercelProtectionBypass', NOTICE_TYPE])
export const isEphemeral = (doc: StoredDocument) => EPHEMERAL_TYPES.has(doc._type)

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
 * The embedded Content Lake: an NDJSON export held in memory and queried with groq-js.
 * Each `*` in a query is narrowed to candidates from the indexes before groq-js scans it.
 *
 * A commit is written to the journal (journal/journal.ts: SQLite, synchronous=FULL) before it returns, then applied
 * to memory at the cost of what it changes. The NDJSON file, the document of record, is rewritten from
 * memory after a short idle and at shutdown (compaction.ts); on start, the journaled commits it lacks are
 * replayed. An edit to the file from outside is merged per document with the commits the file lacks
 * (merge.ts): nothing acknowledged is dropped silently; a conflict is logged and noticed (notices.ts).
 * Memory, the journal and the file's mark change together, under one set of crash-safety invariants, only in this class;
 * reading the file (dataset-file.ts) and compaction (compaction.ts) live apart.
 */
export class EmbeddedStore {
  private docs = new Map<string, StoredDocument>()
  private ranks = new Map<string, number>()
  private nextRank = 0
  /** Where each document's line is in the file as last read or written, so compaction serializes only what changed. */
  private lines: FileLines = noLines()
  private raw: RawDocuments = {docs: this.docs, rank: (id) => this.ranks.get(id)!}
  private views = new Map<Perspective, DocumentView>()
  private listeners = new Set<ChangeListener>()
  private watcher?: fs.FSWatcher
  private reloadTimer?: NodeJS.Timeout
  private journal: Journal
  private readonly compactAfterMs: number
  private readonly compactMaxWaitMs: number
  /** Whether this store writes nothing now: read-only by role, or waiting for another process's writer lock. */
  private readOnly: boolean
  /** Absent in a read-only store. */
  private readonly lock?: WriterLock
  private compactTimer?: NodeJS.Timeout
  /** When the first commit the file lacks was made (for the max wait); undefined when the file holds them all. */
  private pendingSince?: number
  private compacting?: Promise<void>
  /** Bumped by every compaction and reload, so a compaction overtaken by either is abandoned. */
  private generation = 0

  /** Changes whenever the documents do: part of every cache key, so no cache outlives its data. */
  version: string
  /** Digest of the file's bytes as last read or written, so our own writes are not reloaded. */
  private fileDigest: string
  /** The file's identity and times as last read or written: unchanged, it needs no reading to know it is ours. */
  private fileStat?: FileStat
  /** The durable documents the file held as last read or written: the base an outside edit is merged against. */
  private base: Map<string, StoredDocument>
  /** The version of a file with lines that do not parse (a git conflict, a typo): never overwritten; changed from outside, not read. */
  private unreadable?: string
  notices: ConflictNotices

  constructor(
    readonly file: string,
    {compactAfterMs = COMPACT_AFTER_MS, compactMaxWaitMs = COMPACT_MAX_WAIT_MS, readOnly = false, ports}: StoreOptions = {},
  ) {
    this.compactAfterMs = compactAfterMs
    this.compactMaxWaitMs = compactMaxWaitMs
    const paths = journalPaths(file)
    if (!readOnly) {
      this.lock = new WriterLock(paths.dir, paths.base, ports)
      this.lock.onLost = () => {
        this.readOnly = true
        clearTimeout(this.compactTimer)
        // a compaction in flight must not rename over the new writer's file
        this.generation++
      }
    }
    const writer = this.lock?.acquire()
    if (writer)
      console.warn(
        `[store] ${file} is written by another server (${describeWriter(writer)}): this one serves it read-only, ` +
          `answers saves with 503, and takes over when that server stops`,
      )
    this.readOnly = readOnly || Boolean(writer)
    // placeholders, set by open() (TypeScript needs them assigned here)
    this.fileDigest = ''
    this.base = new Map()
    this.journal = new Journal(file, true)
    this.notices = new ConflictNotices(paths, true)
    this.version = ''
    try {
      this.open()
    } catch (error) {
      // a store that cannot open (an unreadable journal) holds nothing: the next one to try gets the lock
      this.lock?.release()
      throw error
    }
  }

  /** Reads the file and the journal: at start, when this store takes over from a writer that stopped, and on a reader's reload. */
  private open(): DatasetChange {
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
    const merged = outside && this.mergeIntoFile(outside.base, outside.ours, loaded.documents, loaded.lines, 'while the server was down')
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

  get documents(): readonly StoredDocument[] {
    return this.view('raw').documents
  }

  view(perspective: Perspective): DocumentView {
    let view = this.views.get(perspective)
    if (!view) {
      view = new DocumentView(entriesFor(perspective, this.raw))
      this.views.set(perspective, view)
    }
    return view
  }

  async query<R = unknown>(groq: string, params: Record<string, unknown> = {}, perspective: Perspective = 'published'): Promise<R> {
    const view = this.view(perspective)
    const dereference = ({_ref}: {_ref: string}) => view.byId.get(_ref)
    const run = async (tree: ExprNode, dataset: StoredDocument[]) => (await evaluate(tree, {dataset, params, dereference})).get()
    const planned = await planQuery(parse(groq, {params}), view, run)
    return (await run(planned.tree, planned.dataset)) as R
  }

  /** The dataset's history, read from the journal a page at a time (null when nothing was ever committed). */
  history(): JournalReader | null {
    return this.journal.reader()
  }

  /** Replaces the whole dataset in memory (after a file change). */
  replace(documents: StoredDocument[], lines?: FileLines): DatasetChange {
    const before = new Map(this.docs)
    const after = new Map(documents.map((doc) => [doc._id, doc]))
    const changed = documents.filter((doc) => {
      const old = before.get(doc._id)
      return !old || JSON.stringify(old) !== JSON.stringify(doc)
    })
    const removed = [...before.values()].filter((doc) => !after.has(doc._id))
    this.load(documents, lines)
    return this.announce({changed, removed, previous: before})
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
    if (logged.length) this.journal.append({id: tx.id, timestamp: tx.timestamp, author: tx.author, writes: logged})
    for (const [id, doc] of writes) this.put(id, doc ?? undefined)
    // publishing a document settles its conflict: the notices on it go
    for (const cleared of this.notices.settle([...writes].filter(([id, doc]) => doc && !id.startsWith('drafts.')).map(([id]) => id)))
      this.put(cleared, undefined)
    if (logged.length) this.scheduleCompaction()
    const changed = [...writes.values()].filter((doc): doc is StoredDocument => doc !== null)
    const removed = [...writes].flatMap(([id, doc]) => (doc === null && previous.has(id) ? [previous.get(id)!] : []))
    return this.announce({changed, removed, previous, transaction: tx})
  }

  /** Rewrites the file from memory when the journal holds transactions it lacks; off the request path, one at a time. */
  async compact(): Promise<void> {
    clearTimeout(this.compactTimer)
    while (this.compacting) await this.compacting
    // the file may read whole again (a conflict resolved): if so, this clears the block
    if (this.unreadable) this.reload()
    const snapshot = this.snapshot()
    if (!snapshot) return
    const generation = ++this.generation
    this.compacting = writeTemporary(this.journal, snapshot.bytes)
      .then((temporary) => {
        if (generation !== this.generation) return fs.rmSync(temporary, {force: true})
        // an outside edit since the file was last read (where no watcher fired, or before it did) is merged, never overwritten
        if (!this.fileIsOurs()) {
          fs.rmSync(temporary, {force: true})
          this.reload()
          return
        }
        renameIntoPlace(this.file, this.journal, temporary, snapshot.mark)
        this.wroteFile(snapshot)
      })
      .finally(() => (this.compacting = undefined))
    await this.compacting
  }

  /** The same, synchronously: at shutdown (compactOnShutdown). A compaction in flight is abandoned. */
  compactSync(): void {
    clearTimeout(this.compactTimer)
    // a file unreadable until now may read whole again (resolved where no watcher fires): merge before giving up
    if (this.unreadable) this.reload()
    if (!this.snapshot()) return
    if (!this.fileIsOurs()) this.reload()
    const snapshot = this.snapshot()
    if (snapshot) this.writeFile(snapshot)
  }

  /**
   * Reads the file again after a change from outside, keeping the in-memory-only documents. Commits the file
   * lacks are merged in per document (merge.ts); where both sides changed one, the file's version is current and the
   * editor's is kept as its draft or in history, with a line in the server log and a notice in the Studio (notices.ts).
   * A file that does not parse whole is left alone, unread and not overwritten, until it changes again.
   */
  reload(): DatasetChange {
    const unchanged = {changed: [], removed: [], previous: new Map()}
    if (sameFile(this.fileStat, statOf(this.file))) return unchanged
    const bytes = readDatasetBytes(this.file)
    if (bytes.version === this.unreadable) return unchanged
    if (bytes.version === this.fileDigest) {
      // back to the file this store last read or wrote (a conflict resolved to it)
      this.fileStat = bytes.stat
      this.markUnreadable(undefined)
      return unchanged
    }
    const {documents, lines, skipped} = bytes.parse()
    if (skipped) {
      // changed on disk into something that does not read whole: the dataset stays as it was
      this.markUnreadable(bytes.version)
      return unchanged
    }
    this.markUnreadable(undefined)
    // a store that writes nothing has no saves of its own to merge: it reads the file and the journal the writer keeps
    if (this.readOnly) return this.open()
    this.generation++
    clearTimeout(this.compactTimer)
    const durable = new Map([...this.docs].filter(([, doc]) => !isEphemeral(doc)))
    const merged = this.mergeIntoFile(this.base, durable, documents, lines, 'while the Studio was saving')
    // the file now on disk is the base from here
    this.fileDigest = bytes.version
    this.fileStat = bytes.stat
    this.base = new Map(documents.map((doc) => [doc._id, doc]))
    const ephemeral = [...this.docs.values()].filter(isEphemeral)
    const change = this.replace([...merged.documents, ...ephemeral, ...merged.notices], lines)
    this.settleMerge(bytes.version, merged.keptAny)
    return change
  }

  /**
   * Merges the editor's saves (`ours`, made on `base`) into the documents of a file changed from outside (merge.ts): logs
   * the conflicts with their ids and records a notice for each. The lines of what the merge took from the editor go, as
   * they are not the file's.
   */
  private mergeIntoFile(
    base: ReadonlyMap<string, StoredDocument>,
    ours: ReadonlyMap<string, StoredDocument>,
    outside: StoredDocument[],
    lines: FileLines,
    when: string,
  ) {
    const merge = mergeOutsideEdit(base, ours, outside)
    if (merge.conflicts.length) {
      console.warn(
        `[store] ${this.file} changed on disk ${when}: ${merge.conflicts.length} document(s) changed on both sides. ` +
          `The file's version is current; the Studio's is kept as the draft where it could be, else in history: ` +
          merge.conflicts.map(({id, keptAs}) => `${id} (${keptAs ? `kept as ${keptAs}` : 'in history'})`).join(', '),
      )
    }
    for (const id of [...merge.kept, ...merge.conflicts.flatMap(({id, keptAs}) => [id, keptAs ?? id])]) lines.spans.delete(id)
    const keptAny = merge.kept.length > 0 || merge.conflicts.length > 0
    return {documents: merge.documents, notices: this.notices.add(merge.conflicts), keptAny}
  }

  /**
   * After a merge into the file with `digest`: what it kept of the editor's goes to disk now (if that fails, the journal
   * keeps it and compaction retries). Until the merged file is in place the journal's marks still name the file before
   * the outside edit, so a crash merges again at the next start.
   */
  private settleMerge(digest: string, keptAny: boolean): void {
    if (!keptAny) {
      // it holds every commit: none of the editor's were kept
      this.version = digest
      if (!this.readOnly) this.journal.wrote({digest, seq: this.journal.lastSeq})
      return
    }
    // a cache key of its own: the merged state is not the file's
    this.version = `${digest}-merged-${this.journal.lastSeq}`
    if (this.readOnly) return
    try {
      this.writeFile(this.snapshotNow())
    } catch (error) {
      console.error(
        `[store] could not write the merged ${this.file} (the journal keeps every commit; retrying): ${(error as Error).message}`,
      )
      this.scheduleCompaction()
    }
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Reloads when the file changes on disk. Watches the folder, since editors and renames replace the inode. */
  watch(): void {
    if (this.watcher) return
    const name = path.basename(this.file)
    this.watcher = fs.watch(path.dirname(this.file), (_event, changed) => {
      if (changed && changed !== name) return
      clearTimeout(this.reloadTimer)
      this.reloadTimer = setTimeout(() => {
        try {
          this.reload()
        } catch (error) {
          console.error(`[store] keeping the previous dataset: ${(error as Error).message}`)
        }
      }, 50)
      // jsdom (component tests) returns a number from setTimeout
      if (typeof this.reloadTimer === 'object') this.reloadTimer.unref()
    })
    this.watcher.unref()
  }

  /**
   * Stops watching and compacting; the journal keeps what the file lacks, for the next start. Resolves once a
   * compaction already under way has given up and removed its temporary file.
   */
  async close(): Promise<void> {
    this.watcher?.close()
    this.watcher = undefined
    clearTimeout(this.reloadTimer)
    clearTimeout(this.compactTimer)
    this.generation++
    this.journal.close()
    await this.compacting?.catch(() => {})
    this.lock?.release()
  }

  private load(documents: StoredDocument[], lines?: FileLines): void {
    this.views.clear()
    this.docs.clear()
    this.ranks.clear()
    this.nextRank = 0
    for (const doc of documents) this.put(doc._id, doc)
    this.lines = lines ?? noLines()
  }

  /** Sets or deletes one stored document, in dataset order, and in every view built so far. */
  private put(id: string, doc: StoredDocument | undefined): void {
    if (!doc && !this.docs.has(id)) return
    if (doc) {
      if (!this.ranks.has(id)) this.ranks.set(id, this.nextRank++)
      this.docs.set(id, doc)
    } else this.docs.delete(id)
    this.lines.spans.delete(id)
    for (const [perspective, view] of this.views) {
      const entry = entryFor(perspective, id, this.raw)
      if (entry) view.set(...entry)
    }
    if (!doc) this.ranks.delete(id)
  }

  private announce(change: DatasetChange): DatasetChange {
    if (change.changed.length || change.removed.length) {
      this.version = randomUUID()
      for (const listener of this.listeners) listener(change)
    }
    return change
  }

  /** After an idle `compactAfterMs`, and no later than `compactMaxWaitMs` after the first commit the file lacks. */
  private scheduleCompaction(): void {
    if (this.readOnly) return
    clearTimeout(this.compactTimer)
    const now = Date.now()
    this.pendingSince ??= now
    const delay = Math.max(0, Math.min(this.compactAfterMs, this.pendingSince + this.compactMaxWaitMs - now))
    this.compactTimer = setTimeout(() => {
      this.compact().catch((error) =>
        console.error(`[store] could not write ${this.file} (the journal keeps every commit): ${error.message}`),
      )
    }, delay)
    if (typeof this.compactTimer === 'object') this.compactTimer.unref()
  }

  /** A file with lines that do not parse is served without them, but never overwritten: saves wait in the journal. */
  private markUnreadable(version: string | undefined): void {
    if (version && version !== this.unreadable)
      console.error(
        `[store] ${this.file} has unreadable lines (a merge conflict? an edit in progress?): serving what reads` +
          (this.readOnly ? '' : ', and not rewriting the file until it reads whole; every save stays in the journal meanwhile'),
      )
    this.unreadable = version
  }

  /** Whether the file on disk is still the one this store last read or wrote. */
  private fileIsOurs(): boolean {
    const stat = statOf(this.file)
    if (sameFile(this.fileStat, stat)) return true
    const {version} = readDatasetBytes(this.file)
    return version === this.fileDigest
  }

  /** Writes the file synchronously, abandoning a compaction in flight. */
  private writeFile(snapshot: Snapshot): void {
    this.generation++
    writeCompactedSync(this.file, this.journal, snapshot)
    this.wroteFile(snapshot)
  }

  private wroteFile(snapshot: Snapshot): void {
    this.fileDigest = snapshot.mark.digest
    this.fileStat = statOf(this.file)
    this.base = snapshot.documents
    // the written file's lines, but for the documents committed to while it was being written
    for (const [id, doc] of snapshot.documents) if (this.docs.get(id) !== doc) snapshot.lines.spans.delete(id)
    this.lines = snapshot.lines
    this.pendingSince = undefined
    // commits made while the file was being written: their own wait starts now
    if (this.journal.lastSeq > snapshot.mark.seq) this.scheduleCompaction()
  }

  /** The file's next bytes, or null when the file already holds every logged transaction. */
  private snapshot(): Snapshot | null {
    if (this.readOnly || this.unreadable || this.journal.lastSeq <= this.journal.current.seq) return null
    return this.snapshotNow()
  }

  private snapshotNow(): Snapshot {
    return snapshotOf(this.docs, this.lines, linesSource(this.file, this.lines), isEphemeral, this.journal)
  }
}
