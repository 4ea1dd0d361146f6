// The journal's SQLite file: how it is opened, its schema, and the statements every part of the journal shares.
import fs from 'node:fs'
import Database from 'better-sqlite3'

export const SCHEMA_VERSION = 1

/**
 * One row per committed transaction, and one per document it wrote (see journal.ts for what each column holds).
 * `seq` is AUTOINCREMENT so a pruned journal never hands out a sequence number again.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transactions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  time TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  author TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_by_id ON transactions (id);
CREATE INDEX IF NOT EXISTS transactions_by_time ON transactions (time_ms);
CREATE TABLE IF NOT EXISTS writes (
  seq INTEGER NOT NULL,
  position INTEGER NOT NULL,
  document_id TEXT NOT NULL,
  before_state INTEGER NOT NULL,
  before_rev TEXT,
  before_follows INTEGER NOT NULL,
  before_doc TEXT,
  after_state INTEGER NOT NULL,
  after_rev TEXT,
  base_seq INTEGER,
  after TEXT,
  PRIMARY KEY (seq, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS writes_by_document ON writes (document_id, seq);
CREATE INDEX IF NOT EXISTS writes_lifecycle ON writes (document_id, seq) WHERE before_state <> after_state;
`

/** A write row as stored. */
export type WriteRow = {
  seq: number
  /** The write's place in its transaction. */
  position: number
  document_id: string
  before_state: 0 | 1
  before_rev: string | null
  before_follows: 0 | 1
  before_doc: string | null
  after_state: 0 | 1
  after_rev: string | null
  base_seq: number | null
  after: string | null
}
export type TransactionRow = {seq: number; id: string; time: string; author: string}

/**
 * The rollback journal, not WAL. WAL keeps a shared-memory index beside the database, which fails or corrupts on network
 * file systems, WSL's /mnt and some bind mounts, and makes every reader create (so need write access to) `-wal` and
 * `-shm` files. With synchronous=FULL a rollback-journal commit is as durable; it costs about 3× a WAL commit (smoke
 * comparison, same run, ext4: p50 1.0 ms against 0.33 ms per save), under a millisecond more per save. Between commits
 * nothing lies beside the database (DELETE removes the journal file; TRUNCATE would leave an empty one).
 */
const JOURNAL_MODE = 'delete'

/**
 * Opens the journal. A writer gets the rollback journal with synchronous=FULL (a commit returns once the database is
 * fsynced; fullfsync makes that true on macOS too, where plain fsync leaves the drive's cache) and creates the schema;
 * a reader opens it read-only, creates nothing and never changes it. Null when a reader finds no journal.
 */
export function openDatabase(file: string, {readOnly}: {readOnly: boolean}): Database.Database | null {
  if (readOnly && !fs.existsSync(file)) return null
  let db: Database.Database | undefined
  try {
    db = new Database(file, {readonly: readOnly, fileMustExist: readOnly})
    db.pragma('busy_timeout = 5000')
    if (readOnly) return readable(db, file)
    const mode = setJournalMode(db)
    if (mode !== JOURNAL_MODE)
      console.warn(
        `[store] ${file}: SQLite kept journal_mode=${mode} (another process has it open); ` +
          `it is switched to ${JOURNAL_MODE} at the next start with no other process on it`,
      )
    db.pragma('synchronous = FULL')
    db.pragma('fullfsync = ON')
    db.pragma('checkpoint_fullfsync = ON')
    db.exec(SCHEMA)
    const version = db.prepare(`SELECT value FROM meta WHERE key = 'schema'`).pluck().get() as string | undefined
    if (version === undefined) db.prepare(`INSERT INTO meta (key, value) VALUES ('schema', ?)`).run(String(SCHEMA_VERSION))
    else if (Number(version) > SCHEMA_VERSION)
      throw new Error(`${file} was written by a newer Broadsheet (journal schema ${version}); update this checkout to open it`)
    return db
  } catch (error) {
    db?.close()
    throw new Error(
      `the journal ${file} cannot be opened (${(error as Error).message}): the dataset file holds every document it was ` +
        `compacted with; move the journal aside to start without its history (with its -wal and -shm files, which may hold its newest ` +
        `commits), and keep them for what they may still hold`,
      {cause: error},
    )
  }
}

/**
 * SQLite answers with the mode it set: a journal in WAL from before stays so while another process has it open (a
 * read-only store: a build, a server without the lake), which SQLite may also answer with SQLITE_BUSY at once.
 */
function setJournalMode(db: Database.Database): unknown {
  try {
    return db.pragma(`journal_mode = ${JOURNAL_MODE}`, {simple: true})
  } catch (error) {
    if ((error as {code?: unknown}).code !== 'SQLITE_BUSY') throw error
    return db.pragma('journal_mode', {simple: true})
  }
}

/**
 * A reader cannot roll back the unfinished commit of a writer that died mid-save (a hot rollback journal beside the
 * database): it serves the dataset file without the journal until a writer has opened it once, which rolls it back.
 */
function readable(db: Database.Database, file: string): Database.Database | null {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    return db
  } catch (error) {
    if ((error as {code?: unknown}).code !== 'SQLITE_READONLY_ROLLBACK') throw error
    db.close()
    console.error(
      `[store] ${file} holds an unfinished commit of a server that stopped mid-save: reading the dataset file without ` +
        `the journal (no history, nor the saves the file lacks) until a server with the lake has started once, which rolls it back`,
    )
    return null
  }
}

/** The statements the journal's writer and readers share, prepared once per connection. */
export function statements(db: Database.Database) {
  return {
    lastSeq: db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'transactions'`).pluck(),
    meta: db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck(),
    setMeta: db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    insertTransaction: db.prepare(`INSERT INTO transactions (seq, id, time, time_ms, author) VALUES (?, ?, ?, ?, ?)`),
    insertWrite: db.prepare(
      `INSERT INTO writes (seq, position, document_id, before_state, before_rev, before_follows, before_doc, after_state, after_rev, base_seq, after)
       VALUES (@seq, @position, @document_id, @before_state, @before_rev, @before_follows, @before_doc, @after_state, @after_rev, @base_seq, @after)`,
    ),
    transaction: db.prepare(`SELECT seq, id, time, author FROM transactions WHERE seq = ?`),
    transactionsAfter: db.prepare(`SELECT seq, id, time, author FROM transactions WHERE seq > ? ORDER BY seq LIMIT ?`),
    seqOfId: db.prepare(`SELECT seq FROM transactions WHERE id = ? ORDER BY seq DESC LIMIT 1`).pluck(),
    seqAtTime: db.prepare(`SELECT seq FROM transactions WHERE time_ms <= ? ORDER BY time_ms DESC, seq DESC LIMIT 1`).pluck(),
    writesOf: db.prepare(`SELECT * FROM writes WHERE seq = ? ORDER BY position`),
    write: db.prepare(`SELECT * FROM writes WHERE document_id = ? AND seq = ?`),
    // whether a document existed and its revision, without the versions (a whole one spans pages of the file)
    summary: db.prepare(`SELECT before_state, before_rev, after_state, after_rev FROM writes WHERE document_id = ? AND seq = ?`),
    lastVersion: db.prepare(`SELECT after_state, after_rev FROM writes WHERE document_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1`),
    firstVersion: db.prepare(`SELECT before_state, before_rev FROM writes WHERE document_id = ? ORDER BY seq LIMIT 1`),
    writesAfter: db.prepare(`SELECT * FROM writes WHERE (seq, position) > (?, ?) ORDER BY seq, position LIMIT ?`),
    documentsAfter: db.prepare(`SELECT DISTINCT document_id FROM writes WHERE seq > ?`).pluck(),
    lastWrite: db.prepare(`SELECT * FROM writes WHERE document_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1`),
    firstWrite: db.prepare(`SELECT * FROM writes WHERE document_id = ? ORDER BY seq LIMIT 1`),
    previousSeq: db.prepare(`SELECT seq FROM writes WHERE document_id = ? AND seq < ? ORDER BY seq DESC LIMIT 1`).pluck(),
    chainLength: db.prepare(`SELECT count(*) FROM writes WHERE document_id = ? AND seq > ? AND seq <= ?`).pluck(),
    chain: db.prepare(`SELECT seq, after FROM writes WHERE document_id = ? AND seq > ? AND seq <= ? ORDER BY seq`),
    newest: db.prepare(`SELECT seq FROM writes WHERE document_id = ? AND seq < ? AND seq >= ? ORDER BY seq DESC LIMIT ?`).pluck(),
    newestLifecycle: db
      .prepare(
        `SELECT seq FROM writes WHERE document_id = ? AND seq < ? AND seq >= ? AND before_state <> after_state ORDER BY seq DESC LIMIT ?`,
      )
      .pluck(),
    oldest: db.prepare(`SELECT seq FROM writes WHERE document_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`).pluck(),
  }
}

export type Statements = ReturnType<typeof statements>

/** SQLite's answer to a write once the database file has been deleted (or moved) under an open connection. */
export const journalDeleted = (error: unknown) => (error as {code?: unknown})?.code === 'SQLITE_READONLY_DBMOVED'
