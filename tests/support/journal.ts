import fs from 'node:fs'
import Database from 'better-sqlite3'
import {journalPaths} from '../../lib/offline/store/journal/paths'
import {Journal} from '../../lib/offline/store/journal/journal'
import type {EmbeddedStore, LoggedTransaction, StoredDocument} from '../../lib/offline/store/store'

/** Every transaction in a store's journal, oldest first, each write with its document before and after: read a page at a time. */
export function journalTransactions(store: EmbeddedStore): LoggedTransaction[] {
  const reader = store.history()
  if (!reader) return []
  const all: LoggedTransaction[] = []
  for (let after = 0; ;) {
    const page = reader.transactionsAfter(after, 500)
    for (const {seq, id, time, author} of page) {
      const writes = reader.writesOf(seq).map((row) => ({id: row.document_id, ...reader.beforeAndAfter(row)}))
      all.push({id, timestamp: time, author, writes})
    }
    if (page.length < 500) return all
    after = page.at(-1)!.seq
  }
}

/** The journal's files as they are on disk (the database and its write-ahead log), for what a test says is or is not in them. */
export function journalBytes(datasetFile: string): Buffer {
  const {journal} = journalPaths(datasetFile)
  return Buffer.concat([journal, `${journal}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)))
}

/** Deletes the journal as a person would by hand: the database and the files SQLite keeps beside it. */
export function deleteJournal(datasetFile: string): void {
  const {journal} = journalPaths(datasetFile)
  for (const file of [journal, `${journal}-wal`, `${journal}-shm`]) fs.rmSync(file, {force: true})
}

/** The marks the journal holds: which seq each dataset file it knows holds (read as another process would). */
export function journalMarks(datasetFile: string): {digest: string; seq: number}[] {
  const db = new Database(journalPaths(datasetFile).journal, {readonly: true, fileMustExist: true})
  try {
    return JSON.parse(db.prepare(`SELECT value FROM meta WHERE key = 'marks'`).pluck().get() as string)
  } finally {
    db.close()
  }
}

/** A document's last journaled version, read as another process reads it (a test beside a running server). */
export function journaledVersion(datasetFile: string, id: string): StoredDocument | null | undefined {
  const journal = new Journal(datasetFile, true)
  try {
    return journal.reader()?.documentAt(id, Number.MAX_SAFE_INTEGER)
  } finally {
    journal.close()
  }
}

/** The journal's size on disk: the database and its write-ahead log. */
export function journalSize(datasetFile: string): number {
  const {journal} = journalPaths(datasetFile)
  return [journal, `${journal}-wal`].reduce((sum, file) => sum + (fs.existsSync(file) ? fs.statSync(file).size : 0), 0)
}
