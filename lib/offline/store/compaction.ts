import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type {FileLines, LineSpan} from './dataset-file'
import type {StoredDocument} from './document'
import {fsyncDirectory, writeSynced} from './durable-files'
import type {FileMark, Journal} from './journal/journal'

/**
 * The dataset file's next bytes, what they hold, their documents (the base the next outside edit is merged against) and
 * where each document's line is in them.
 */
export type Snapshot = {bytes: Buffer; mark: FileMark; documents: Map<string, StoredDocument>; lines: FileLines}

export const digest = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex').slice(0, 16)

const NEWLINE = Buffer.from('\n')

/**
 * The file's next bytes: each kept document's line, in dataset order. A document unchanged since the file was last
 * read or written keeps its line, copied from that file's bytes (`source`, whose digest `lines` names); only the
 * documents changed since are serialized. Without `source` (the file changed on disk), every line is serialized.
 */
export function snapshotOf(
  docs: ReadonlyMap<string, StoredDocument>,
  lines: FileLines,
  source: Buffer | undefined,
  skip: (doc: StoredDocument) => boolean,
  journal: Journal,
): Snapshot {
  const parts: Buffer[] = []
  const documents = new Map<string, StoredDocument>()
  const spans = new Map<string, LineSpan>()
  let length = 0
  for (const [id, doc] of docs) {
    if (skip(doc)) continue
    const span = source && lines.spans.get(id)
    const line = span ? source.subarray(span.start, span.end) : Buffer.from(JSON.stringify(doc))
    parts.push(line, NEWLINE)
    spans.set(id, {start: length, end: length + line.length})
    length += line.length + 1
    documents.set(id, doc)
  }
  const bytes = Buffer.concat(parts, length)
  const version = digest(bytes)
  return {bytes, mark: {digest: version, seq: journal.lastSeq}, documents, lines: {digest: version, spans}}
}

/** The bytes of the file as read or written at `lines.digest`, if the file on disk is still that one; else undefined. */
export function linesSource(file: string, lines: FileLines): Buffer | undefined {
  if (!lines.spans.size) return undefined
  try {
    const bytes = fs.readFileSync(file)
    return digest(bytes) === lines.digest ? bytes : undefined
  } catch {
    return undefined
  }
}

let temporaries = 0
const temporaryFor = (journal: Journal) => path.join(journal.paths.dir, `${journal.paths.temporary}${process.pid}-${++temporaries}`)

/**
 * How the dataset file is rewritten from memory, crash-safe at every step:
 * 1. the new bytes go to a temporary file in the journal's folder and are fsynced (writeTemporary, off the event loop);
 * 2. the journal's marks name the file on disk and the new one, each with the last transaction it holds;
 * 3. the temporary is renamed over the file, and the folder fsynced;
 * 4. the marks name the new file only.
 * Steps 2–4 run in one tick, so no other write interleaves. Whichever file a crash leaves, the marks
 * know it, and start-up replays the journaled commits after it. The temporary sits in the ignored folder, so
 * a crash leaves no stray file beside the dataset (start-up removes it).
 */
export async function writeTemporary(journal: Journal, bytes: Buffer): Promise<string> {
  const temporary = temporaryFor(journal)
  await fs.promises.mkdir(journal.paths.dir, {recursive: true})
  const handle = await fs.promises.open(temporary, 'w')
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return temporary
}

export function renameIntoPlace(file: string, journal: Journal, temporary: string, mark: FileMark): void {
  journal.willWrite(mark)
  fs.renameSync(temporary, file)
  fsyncDirectory(path.dirname(file))
  journal.wrote(mark)
}

/** All four steps synchronously: at shutdown, when there is no later tick to wait for. */
export function writeCompactedSync(file: string, journal: Journal, {bytes, mark}: Snapshot): void {
  fs.mkdirSync(journal.paths.dir, {recursive: true})
  const temporary = temporaryFor(journal)
  writeSynced(temporary, bytes)
  try {
    renameIntoPlace(file, journal, temporary, mark)
  } catch (error) {
    fs.rmSync(temporary, {force: true})
    throw error
  }
}

type Compactable = {compactSync(): void}

/** Removes compactOnShutdown's hooks; `leaveSignals()` removes only the signal ones, keeping the exit hook as the fallback. */
export type ShutdownCompaction = (() => void) & {leaveSignals: () => void}

/**
 * Compacts before the process ends: on SIGINT/SIGTERM (Ctrl-C in `npm run dev`, a stop of `next start`)
 * and on exit. Next's own handlers end the process; when no one else listens, the signal is raised again.
 * Whoever compacts and closes the store at its own shutdown (lib/offline/lake/shutdown.ts) takes the signals over
 * with `leaveSignals()`, and calls the disposer before it closes the store: nothing may write the file after that.
 */
export function compactOnShutdown(store: Compactable): ShutdownCompaction {
  const compact = () => {
    try {
      store.compactSync()
    } catch (error) {
      // the journal still holds every commit; the next start replays it
      console.error(`[store] could not write the dataset at shutdown: ${(error as Error).message}`)
    }
  }
  const onSignal = (signal: NodeJS.Signals) => {
    compact()
    if (process.listenerCount(signal) === 1) {
      process.off(signal, onSignal)
      process.kill(process.pid, signal)
    }
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // before anything else that runs at exit (the writer lock's release): the file is written while this process holds it
  process.prependListener('exit', compact)
  const leaveSignals = () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  return Object.assign(() => (leaveSignals(), void process.off('exit', compact)), {leaveSignals})
}

/** A compaction killed halfway leaves its temporary file; it was never renamed into place, so it goes. */
export function removeStaleTemporaries({dir, temporary}: {dir: string; temporary: string}) {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) if (name.startsWith(temporary)) fs.rmSync(path.join(dir, name), {force: true})
}
