// The transaction log from before the journal (`.broadsheet/<file>.txlog`, one JSON line per commit, with its marker
// `<file>.compacted.json`): read once, in chunks (it may be larger than one string can hold), to import it.
import fs from 'node:fs'
import type {StoredDocument} from '../document'
import {openDatabase} from './database'
import type {JournalPaths} from './paths'

export type LegacyTransaction = {
  seq: number
  id: string
  timestamp: string
  author: string
  writes: {id: string; before: StoredDocument | null; after: StoredDocument | null}[]
}
/** A marker entry: the file with this digest held every transaction up to `seq`. */
export type LegacyMark = {digest: string; seq: number}

const CHUNK = 1 << 20

/**
 * Every whole entry of the old log, oldest first; a `before` written as a reference to an earlier entry (`{$seq}`)
 * is expanded. A torn last line (a crash mid-append, never acknowledged) and unreadable lines are skipped, with a
 * warning, as the old log's own start-up did.
 */
export function* legacyTransactions(file: string): Generator<LegacyTransaction> {
  const fd = fs.openSync(file, 'r')
  const latest = new Map<string, StoredDocument | null>()
  try {
    const buffer = Buffer.alloc(CHUNK)
    let rest = Buffer.alloc(0)
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, null)
      if (read === 0) break
      const bytes = Buffer.concat([rest, buffer.subarray(0, read)])
      const whole = bytes.lastIndexOf(0x0a) + 1
      rest = Buffer.from(bytes.subarray(whole))
      for (const line of bytes.subarray(0, whole).toString('utf8').split('\n')) {
        if (!line) continue
        let entry: LegacyTransaction
        try {
          entry = JSON.parse(line)
        } catch (error) {
          console.warn(`[store] ${file}: skipped an unreadable entry: ${(error as Error).message}`)
          continue
        }
        for (const write of entry.writes) {
          if (write.before && '$seq' in write.before) write.before = latest.get(write.id) ?? null
          latest.set(write.id, write.after)
        }
        yield entry
      }
    }
    if (rest.length) console.warn(`[store] ${file}: dropped a torn last line (${rest.length} bytes), never acknowledged`)
  } finally {
    fs.closeSync(fd)
  }
}

/** The old marker's marks (their byte offsets into the old log mean nothing to the journal). */
export function legacyMarks(paths: JournalPaths): LegacyMark[] {
  try {
    const files = JSON.parse(fs.readFileSync(paths.legacyMarker, 'utf8')).files
    return Array.isArray(files) ? files.map(({digest, seq}: LegacyMark) => ({digest, seq})) : []
  } catch {
    return []
  }
}

/** After the import is committed: the old log is renamed (kept until its owner deletes it), and its marker goes. */
export function retireLegacyLog(paths: JournalPaths): void {
  fs.renameSync(paths.legacyLog, paths.retired)
  fs.rmSync(paths.legacyMarker, {force: true})
  console.log(
    `[store] ${paths.legacyLog} was imported into ${paths.journal} and renamed ${paths.retired}: ` +
      `nothing reads it any more, and it can be deleted`,
  )
}

/** Whether the journal says the old log is in it already (a crash came between the import and the rename). */
export function legacyImported(paths: JournalPaths): boolean {
  const db = openDatabase(paths.journal, {readOnly: true})
  try {
    return db?.prepare(`SELECT value FROM meta WHERE key = 'imported'`).pluck().get() === '1'
  } catch {
    return false
  } finally {
    db?.close()
  }
}
