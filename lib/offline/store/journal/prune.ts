// Reclaiming the journal's space: history before a date goes; documents, and commits the file lacks, never do.
import fs from 'node:fs'
import type Database from 'better-sqlite3'
import {digest} from '../compaction'
import {describeWriter, WriterLock} from '../writer-lock'
import {openDatabase, statements, type Statements, type WriteRow} from './database'
import type {FileMark} from './journal'
import {journalPaths} from './paths'
import {DocumentStates} from './states'

export type PruneResult = {transactions: number; documents: number; bytesBefore: number; bytesAfter: number}

/** Why a prune cannot run: said to the person who ran it, with nothing changed. */
export class PruneRefused extends Error {}

const sizeOf = (file: string) => [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0)

/**
 * Drops the journal's transactions from before `before`, oldest first, and stops at the first one at or after it and
 * at the last one the dataset file holds (its mark names the file's digest): a commit the file lacks is never
 * dropped, since the next start replays it. Each document with history on both sides of the cut keeps it from there:
 * its first kept write is stored whole, with the version before it, so every kept version still rebuilds. Holds the
 * writer lock throughout (a running server must be stopped first), and vacuums the file after.
 */
export function pruneJournal(datasetFile: string, before: Date): PruneResult {
  const paths = journalPaths(datasetFile)
  if (!fs.existsSync(paths.journal)) throw new PruneRefused(`${paths.journal} does not exist: there is no history to prune`)
  const lock = new WriterLock(paths.dir, paths.base)
  const writer = lock.acquire()
  if (writer) throw new PruneRefused(`${datasetFile} is open in a server (${describeWriter(writer)}): stop it, then prune`)
  try {
    const bytesBefore = sizeOf(paths.journal)
    const db = openDatabase(paths.journal, {readOnly: false})!
    try {
      const sql = statements(db)
      const cut = cutOff(db, sql, datasetFile, before)
      const pruned = db.transaction(() => dropThrough(db, sql, cut))()
      db.exec('VACUUM')
      db.pragma('wal_checkpoint(TRUNCATE)')
      return {...pruned, bytesBefore, bytesAfter: sizeOf(paths.journal)}
    } finally {
      db.close()
    }
  } finally {
    lock.release()
  }
}

/** The last seq to drop: before `before` all the way from the start, and held by the dataset file as it is now. */
function cutOff(db: Database.Database, sql: Statements, datasetFile: string, before: Date): number {
  const marks = JSON.parse((sql.meta.get('marks') as string | undefined) ?? '[]') as FileMark[]
  const fileDigest = digest(fs.readFileSync(datasetFile))
  const held = marks.find((mark) => mark.digest === fileDigest)
  if (!held)
    throw new PruneRefused(
      `${datasetFile} is not the file the journal last wrote (changed while no server ran?): start the server once, so it ` +
        `merges or replays what the file lacks, stop it, then prune`,
    )
  const firstKept = db.prepare(`SELECT min(seq) FROM transactions WHERE time_ms >= ?`).pluck().get(before.getTime()) as number | null
  const last = (sql.lastSeq.get() as number | undefined) ?? 0
  return Math.min(firstKept === null ? last : firstKept - 1, held.seq)
}

function dropThrough(db: Database.Database, sql: Statements, cut: number) {
  const states = new DocumentStates(sql)
  const firstKept = db.prepare(`SELECT * FROM writes WHERE document_id = ? AND seq > ? ORDER BY seq LIMIT 1`)
  const keepWhole = db.prepare(
    `UPDATE writes SET before_follows = 0, before_doc = @before_doc, base_seq = @base, after = @after WHERE seq = @seq AND position = @position`,
  )
  const rebase = db.prepare(`UPDATE writes SET base_seq = ? WHERE document_id = ? AND seq > ? AND base_seq = ?`)
  const touched = db.prepare(`SELECT DISTINCT document_id FROM writes WHERE seq <= ?`).pluck().all(cut) as string[]
  let documents = 0
  for (const id of touched) {
    const row = firstKept.get(id, cut) as WriteRow | undefined
    if (!row) continue
    documents++
    const previous = states.before(row)
    const after = states.after(row)
    keepWhole.run({
      seq: row.seq,
      position: row.position,
      base: after ? row.seq : null,
      before_doc: previous && JSON.stringify(previous),
      after: after && JSON.stringify(after),
    })
    if (row.base_seq !== null && row.base_seq !== row.seq) rebase.run(row.seq, id, row.seq, row.base_seq)
  }
  db.prepare(`DELETE FROM writes WHERE seq <= ?`).run(cut)
  const {changes} = db.prepare(`DELETE FROM transactions WHERE seq <= ?`).run(cut)
  return {transactions: changes, documents}
}
