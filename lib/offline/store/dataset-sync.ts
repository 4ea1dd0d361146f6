// The file side of the store: rewriting the NDJSON from memory (compaction), reading it again after an edit from outside
// and merging that edit with the saves it lacks, and checking before each rewrite that the file is still the one last seen.
import fs from 'node:fs'
import {readDatasetBytes, sameFile, statOf, watchFile, type FileStat} from './dataset-file'
import {linesSource, renameIntoPlace, snapshotOf, writeCompactedSync, writeTemporary, type Snapshot} from './compaction'
import {isEphemeral, type StoredDocument} from './document'
import {DocumentSet, type DatasetChange} from './document-set'
import {mergeIntoFile} from './merge'
import {ConflictNotices} from './notices'
import {journalDeleted} from './journal/database'
import {Journal} from './journal/journal'
import {journalPaths} from './journal/paths'

/**
 * The documents in memory with the dataset file behind them. The journal and the file's marks are the subclass's to
 * open (open(), store.ts); what changes the file — compaction, a reload, a merge — is here. Every write to the file is a
 * snapshot of memory renamed into place (compaction.ts), only once the file on disk is checked to be the one this
 * store last read or wrote; otherwise the file is read again and merged (merge.ts) instead of overwritten.
 */
export abstract class DatasetSync extends DocumentSet {
  protected journal: Journal
  notices: ConflictNotices
  /** Digest of the file's bytes as last read or written, so our own writes are not reloaded. */
  protected fileDigest = ''
  /** The file's identity and times as last read or written: unchanged, it needs no reading to know it is ours. */
  protected fileStat?: FileStat
  /** The durable documents the file held as last read or written: the base an outside edit is merged against. */
  protected base = new Map<string, StoredDocument>()
  /** The version of a file with lines that do not parse (a git conflict, a typo): never overwritten; changed from outside, not read. */
  protected unreadable?: string
  private watching?: {close(): void}
  private compactTimer?: NodeJS.Timeout
  /** When the first commit the file lacks was made (for the max wait); undefined when the file holds them all. */
  private pendingSince?: number
  private compacting?: Promise<void>
  /** Bumped by every compaction and reload, so a compaction overtaken by either is abandoned. */
  private generation = 0

  constructor(
    readonly file: string,
    private readonly compactAfterMs: number,
    private readonly compactMaxWaitMs: number,
    /** Whether this store writes nothing now: read-only by role, or waiting for another process's writer lock. */
    protected readOnly: boolean,
  ) {
    super()
    // placeholders until open()
    this.journal = new Journal(file, true)
    this.notices = new ConflictNotices(journalPaths(file), true)
  }

  /** Reads the file and the journal (store.ts): at start, on taking over from a writer, and on a reader's reload. */
  protected abstract open(): DatasetChange

  /** Rewrites the file from memory when the journal holds transactions it lacks; off the request path, one at a time. */
  async compact(): Promise<void> {
    clearTimeout(this.compactTimer)
    while (this.compacting) await this.compacting
    // the file may read whole again (a conflict resolved): if so, this clears the block
    if (this.unreadable) this.reload()
    const snapshot = this.snapshot()
    if (!snapshot) return
    const generation = ++this.generation
    let restarted = false
    this.compacting = writeTemporary(this.journal, snapshot.bytes)
      .then((temporary) => {
        if (generation !== this.generation) return fs.rmSync(temporary, {force: true})
        // an outside edit since the file was last read (where no watcher fired, or before it did) is merged, never overwritten
        if (!this.fileIsOurs()) {
          fs.rmSync(temporary, {force: true})
          this.reload()
          return
        }
        try {
          renameIntoPlace(this.file, this.journal, temporary, snapshot.mark)
        } catch (error) {
          fs.rmSync(temporary, {force: true})
          // the snapshot's mark names the deleted journal: compact again against the new one
          restarted = this.journalGone(error)
          return
        }
        this.wroteFile(snapshot)
      })
      .finally(() => (this.compacting = undefined))
    await this.compacting
    if (restarted) await this.compact()
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
    const merged = mergeIntoFile(this.file, this.notices, {base: this.base, ours: durable}, documents, lines, 'while the Studio was saving')
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
   * After a merge into the file with `digest`: what it kept of the editor's goes to disk now (if that fails, the journal
   * keeps it and compaction retries). Until the merged file is in place the journal's marks still name the file before
   * the outside edit, so a crash merges again at the next start.
   */
  protected settleMerge(digest: string, keptAny: boolean): void {
    if (!keptAny) {
      // it holds every commit: none of the editor's were kept
      this.version = digest
      if (!this.readOnly) this.onJournal(() => this.journal.wrote({digest, seq: this.journal.lastSeq}))
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

  /** Reloads when the file changes on disk (a change the previous dataset is kept through is logged). */
  watch(): void {
    this.watching ??= watchFile(this.file, () => {
      try {
        this.reload()
      } catch (error) {
        console.error(`[store] keeping the previous dataset: ${(error as Error).message}`)
      }
    })
  }

  /** After the journal was deleted under the running server (store.ts): a new one holds every save the file lacks. */
  protected abstract restartJournal(): void

  /**
   * Every write to the journal (a commit, a compaction's marks, a merge's) goes through here or journalGone: a journal
   * deleted under the running server is started anew (restartJournal) and the write is made again, on the new one.
   */
  protected onJournal<T>(write: () => T): T {
    try {
      return write()
    } catch (error) {
      this.journalGone(error)
      return write()
    }
  }

  /** Rethrows `error` unless it says the journal was deleted, in which case the journal is restarted: true. */
  protected journalGone(error: unknown): true {
    if (!journalDeleted(error)) throw error
    // a compaction in flight holds the deleted journal's mark: it is abandoned
    this.generation++
    this.restartJournal()
    return true
  }

  /** Writes nothing from now on (another process took the writer lock): a compaction in flight must not rename over its file. */
  protected stopWriting(): void {
    this.readOnly = true
    clearTimeout(this.compactTimer)
    this.generation++
  }

  /** Stops watching and compacting, and closes the journal; returns a compaction under way, which gives up. */
  protected stop(): Promise<void> | undefined {
    this.watching?.close()
    this.watching = undefined
    clearTimeout(this.compactTimer)
    this.generation++
    this.journal.close()
    return this.compacting?.catch(() => {})
  }

  /** After an idle `compactAfterMs`, and no later than `compactMaxWaitMs` after the first commit the file lacks. */
  protected scheduleCompaction(): void {
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
  protected markUnreadable(version: string | undefined): void {
    if (version && version !== this.unreadable)
      console.error(
        `[store] ${this.file} has unreadable lines (a merge conflict? an edit in progress?): serving what reads` +
          (this.readOnly ? '' : ', and not rewriting the file until it reads whole; every save stays in the journal meanwhile'),
      )
    this.unreadable = version
  }

  /** Whether the file on disk is still the one this store last read or wrote. */
  protected fileIsOurs(): boolean {
    const stat = statOf(this.file)
    if (sameFile(this.fileStat, stat)) return true
    const {version} = readDatasetBytes(this.file)
    return version === this.fileDigest
  }

  /** Writes the file synchronously, abandoning a compaction in flight. */
  protected writeFile(snapshot: Snapshot): void {
    this.generation++
    let first: Snapshot | undefined = snapshot
    const written = this.onJournal(() => {
      // a second try follows a restarted journal: the snapshot is taken again, so its mark names the new journal
      const current = first ?? this.snapshotNow()
      first = undefined
      writeCompactedSync(this.file, this.journal, current)
      return current
    })
    this.wroteFile(written)
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

  protected snapshotNow(): Snapshot {
    return snapshotOf(this.docs, this.lines, linesSource(this.file, this.lines), isEphemeral, this.journal)
  }
}
