// The transaction log's one format: written, read back, repaired (a torn line) and expanded (seq references) here,
// so no other module needs to know it.
import fs from 'node:fs'
import path from 'node:path'
import type {StoredDocument} from './document'

/** One document a transaction wrote: its version before and after (null where it did not exist). */
export type LoggedWrite = {id: string; before: StoredDocument | null; after: StoredDocument | null}
export type LoggedTransaction = {id: string; timestamp: string; author: string; writes: LoggedWrite[]}

/** A log line: the transaction and its sequence number (1, 2, 3 … since the log began). */
type Entry = LoggedTransaction & {seq: number}
/** On disk, a `before` that is the `after` of the previous logged write to the document is that write's seq. */
type Earlier = {$seq: number}

/** The dataset file's bytes (digest) hold every transaction up to `seq`, which ends at byte `offset` of the log. */
export type FileMark = {digest: string; seq: number; offset: number}

/**
 * Where a dataset file's log lives: `.broadsheet/` beside the file (ignored by git at any depth), so a
 * dataset anywhere (BROADSHEET_DATASET_FILE) gets its own log on its own file system.
 */
export function logPaths(datasetFile: string) {
  const dir = path.join(path.dirname(datasetFile), '.broadsheet')
  const base = path.basename(datasetFile)
  return {dir, log: path.join(dir, `${base}.txlog`), marker: path.join(dir, `${base}.compacted.json`), temporary: `${base}.compacting-`}
}

/**
 * The append-only transaction log of one dataset file: one JSON line per committed transaction, written
 * and fsynced before the commit is acknowledged, and never truncated (it is the document history).
 * The marker file says which transaction the dataset file includes, so start-up reads only the entries after it.
 */
export class TransactionLog {
  readonly paths: ReturnType<typeof logPaths>
  private fd?: number
  /** Bytes of whole lines in the log, and the last sequence number written. */
  private size = 0
  private seq = 0
  /** What the dataset file may hold: the mark of the file, and of the file a compaction is writing. */
  private marks: FileMark[] = []
  private markerOnDisk = false
  private all?: Entry[]
  /** The last logged version of each document, so a `before` equal to it is written as a reference. */
  private lastAfter = new Map<string, {seq: number; doc: StoredDocument}>()

  /** `readOnly`: a reader beside the writing server (a build): it replays but never repairs or writes. */
  constructor(
    datasetFile: string,
    private readonly readOnly = false,
  ) {
    this.paths = logPaths(datasetFile)
  }

  get lastSeq() {
    return this.seq
  }

  get length() {
    return this.size
  }

  /**
   * Reads the log at start for a dataset file whose bytes have `digest`: the transactions the file lacks,
   * oldest first. A torn last line (a crash mid-append, never acknowledged) is cut off. When the file is
   * none the log knows (edited outside: a git pull, a hand edit), the file wins: nothing is replayed, and
   * the entries stay in the log as history only. Only each write's `after` is for replay.
   */
  recover(digest: string): {writes: Pick<LoggedWrite, 'id' | 'after'>[]}[] {
    this.marks = readMarker(this.paths.marker)
    this.markerOnDisk = this.marks.length > 0
    if (!this.readOnly) removeStaleTemporaries(this.paths)
    const known = [...this.marks].reverse().find((mark) => mark.digest === digest)
    const from = known ?? this.marks.at(-1) ?? {digest, seq: 0, offset: 0}
    const length = fileLength(this.paths.log)
    if (from.offset > length) {
      // deleted or cut by hand since the marker was written: its offsets would skip what is appended from now on
      console.warn(
        `[store] ${this.paths.log} holds ${length} bytes where its marker says ${from.offset}: it was deleted or cut short; ` +
          `history from before is gone, ${path.basename(this.paths.log.replace(/\.txlog$/, ''))} is kept as it is, and the log starts again`,
      )
      const left = this.readFrom(0, true)
      this.seq = Math.max(from.seq, left.at(-1)?.seq ?? 0)
      this.marks = [{digest, seq: this.seq, offset: this.size}]
      this.markerOnDisk = false
      return []
    }
    const tail = this.readFrom(from.offset, true)
    this.seq = tail.at(-1)?.seq ?? from.seq
    if (known) {
      this.marks = [known]
      return tail.filter((entry) => entry.seq > known.seq)
    }
    // the file wins: what the log holds beyond it is history, not state
    const unmerged = tail.filter((entry) => entry.seq > from.seq)
    if (unmerged.length && !this.readOnly)
      console.warn(
        `[store] ${path.basename(this.paths.log, '.txlog')} was replaced while the server was down, before it had written ` +
          `${unmerged.length} logged transaction(s) into it: the file is kept as it is; those saves are in each document's history: ` +
          [...new Set(unmerged.flatMap((entry) => entry.writes.map((write) => write.id)))].join(', '),
      )
    this.marks = [{digest, seq: this.seq, offset: this.size}]
    this.markerOnDisk = false
    return []
  }

  /** Appends one transaction and waits for the disk (fdatasync); on failure the log is as it was. */
  append(transaction: LoggedTransaction): void {
    if (this.readOnly) throw new Error(`${this.paths.log} is open read-only`)
    const entry: Entry = {seq: this.seq + 1, ...transaction}
    const writes = transaction.writes.map(({id, before, after}) => {
      const last = this.lastAfter.get(id)
      return {id, before: last && before && last.doc === before ? ({$seq: last.seq} satisfies Earlier) : before, after}
    })
    const bytes = Buffer.from(`${JSON.stringify({...entry, writes})}\n`)
    const fd = this.open()
    try {
      for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written)
      fs.fdatasyncSync(fd)
    } catch (error) {
      try {
        fs.ftruncateSync(fd, this.size)
      } catch {
        // the next start cuts a torn line off anyway
      }
      throw error
    }
    this.size += bytes.length
    this.seq = entry.seq
    for (const {id, after} of transaction.writes) {
      if (after) this.lastAfter.set(id, {seq: entry.seq, doc: after})
      else this.lastAfter.delete(id)
    }
    this.all?.push(entry)
  }

  /** Every logged transaction, oldest first: read from disk on first use, then kept up to date. */
  transactions(): readonly LoggedTransaction[] {
    if (!this.all) {
      const latest = new Map<string, StoredDocument | null>()
      this.all = this.readFrom(0, false)
      for (const entry of this.all) {
        for (const write of entry.writes) {
          if (write.before && '$seq' in write.before) write.before = latest.get(write.id) ?? null
          latest.set(write.id, write.after)
        }
      }
    }
    return this.all
  }

  /** The mark of the file now on disk. */
  get current(): FileMark {
    return this.marks[0]
  }

  /**
   * The file was replaced from outside and holds none of the commits since the one it replaced: until the merged file
   * is in place, a crash replays them onto it (willWrite names it with the old file's seq).
   */
  replacedFromOutside(digest: string): void {
    const [current] = this.marks
    this.marks = [{digest, seq: current?.seq ?? 0, offset: current?.offset ?? 0}]
  }

  /** Before a compaction renames its file into place: the marker names both files, so a crash on either side replays right. */
  willWrite(next: FileMark): void {
    this.writeMarker([this.marks[0], next].filter(Boolean))
  }

  /** After the file with `mark` is durably in place (or after a reload from outside: the file wins). */
  wrote(mark: FileMark): void {
    if (this.markerOnDisk || this.fd !== undefined) this.writeMarker([mark])
    else this.marks = [mark]
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd)
    this.fd = undefined
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd
    fs.mkdirSync(this.paths.dir, {recursive: true})
    // the marker goes first: a log without one would be replayed onto whatever file is there
    if (!this.markerOnDisk) this.writeMarker(this.marks)
    const created = !fs.existsSync(this.paths.log)
    this.fd = fs.openSync(this.paths.log, 'a')
    if (created) fsyncDirectory(this.paths.dir)
    return this.fd
  }

  private writeMarker(marks: FileMark[]): void {
    if (this.readOnly) return void (this.marks = marks)
    fs.mkdirSync(this.paths.dir, {recursive: true})
    writeDurably(this.paths.marker, path.join(this.paths.dir, `${path.basename(this.paths.marker)}.tmp`), JSON.stringify({files: marks}))
    this.marks = marks
    this.markerOnDisk = true
  }

  /** Entries from byte `offset` on; at start (`repair`), a torn last line is cut off the file. */
  private readFrom(offset: number, repair: boolean): Entry[] {
    let bytes: Buffer
    try {
      const fd = fs.openSync(this.paths.log, 'r')
      try {
        const end = repair ? fs.fstatSync(fd).size : this.size
        bytes = Buffer.alloc(Math.max(0, end - offset))
        for (let read = 0; read < bytes.length;) {
          const n = fs.readSync(fd, bytes, read, bytes.length - read, offset + read)
          if (n === 0) break
          read += n
        }
      } finally {
        fs.closeSync(fd)
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const whole = bytes.lastIndexOf(0x0a) + 1
    if (repair) {
      if (whole < bytes.length && !this.readOnly) {
        console.warn(`[store] ${this.paths.log}: dropped a torn last line (${bytes.length - whole} bytes), never acknowledged`)
        fs.truncateSync(this.paths.log, offset + whole)
      }
      this.size = offset + whole
    }
    const entries: Entry[] = []
    for (const line of bytes.subarray(0, whole).toString('utf8').split('\n')) {
      if (!line) continue
      try {
        entries.push(JSON.parse(line))
      } catch (error) {
        console.warn(`[store] ${this.paths.log}: skipped an unreadable entry: ${(error as Error).message}`)
      }
    }
    return entries
  }
}

/** A file's size in bytes; 0 when it does not exist. */
function fileLength(file: string): number {
  try {
    return fs.statSync(file).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
}

function readMarker(file: string): FileMark[] {
  try {
    const files = JSON.parse(fs.readFileSync(file, 'utf8')).files
    return Array.isArray(files) ? files : []
  } catch {
    return []
  }
}

/** A compaction killed halfway leaves its temporary file; it was never renamed into place, so it goes. */
function removeStaleTemporaries({dir, temporary}: {dir: string; temporary: string}) {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) if (name.startsWith(temporary)) fs.rmSync(path.join(dir, name), {force: true})
}

/** Writes `data` to `file` through `temporary`: written, fsynced, renamed, and the rename fsynced. */
export function writeDurably(file: string, temporary: string, data: string | Buffer): void {
  writeSynced(temporary, data)
  fs.renameSync(temporary, file)
  fsyncDirectory(path.dirname(file))
}

/** Writes a whole file and waits for the disk. */
export function writeSynced(file: string, data: string | Buffer): void {
  const fd = fs.openSync(file, 'w')
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Makes a new or renamed entry in `dir` durable (POSIX). Windows cannot open a directory at all (EISDIR), and NTFS
 * journals its own metadata, so there it does nothing.
 */
export function fsyncDirectory(dir: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}
