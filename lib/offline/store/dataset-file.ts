import fs from 'node:fs'
import path from 'node:path'
import {digest} from './compaction'
import type {StoredDocument} from './document'

/** What identifies one version of the file without reading it: an atomic replace or an append changes at least one. */
export type FileStat = {ino: number; size: number; mtimeMs: number; ctimeMs: number}

export function statOf(file: string): FileStat | undefined {
  try {
    const {ino, size, mtimeMs, ctimeMs} = fs.statSync(file)
    return {ino, size, mtimeMs, ctimeMs}
  } catch {
    return undefined
  }
}

export const sameFile = (a: FileStat | undefined, b: FileStat | undefined) =>
  a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs

/** Where one document's line is in the file's bytes: from `start` to `end` (exclusive), without its newline. */
export type LineSpan = {start: number; end: number}
/**
 * Each document's line in one version of the file (`digest`): compaction copies an unchanged document's line from that
 * file's bytes, read again, instead of serializing it; keeping the lines as strings instead cost twice the file in
 * memory (one character outside Latin-1 makes the whole decoded text two bytes a character, and every line a slice of it).
 */
export type FileLines = {digest: string; spans: Map<string, LineSpan>}

export const noLines = (): FileLines => ({digest: '', spans: new Map()})

type Parsed = {documents: StoredDocument[]; lines: FileLines; /** malformed lines left out */ skipped: number}

/** The file's bytes, digested (its version), and parsed only when asked: a caller that knows the version stops there. */
export function readDatasetBytes(file: string): {version: string; stat: FileStat | undefined; parse: () => Parsed} {
  const stat = statOf(file)
  const bytes = fs.readFileSync(file)
  const version = digest(bytes)
  return {
    version,
    stat,
    parse: () => {
      const spans = new Map<string, LineSpan>()
      const {documents, skipped} = parseDataset(bytes, file, spans)
      return {documents, lines: {digest: version, spans}, skipped}
    },
  }
}

/** Parses an NDJSON export. A malformed line is skipped and logged; the rest loads. */
export function readDataset(file: string): StoredDocument[] {
  return parseDataset(fs.readFileSync(file), file).documents
}

/** Each line is decoded on its own, so a line in ASCII stays a one-byte string whatever the rest of the file holds. */
function parseDataset(bytes: Buffer, file: string, spans?: Map<string, LineSpan>): {documents: StoredDocument[]; skipped: number} {
  const documents: StoredDocument[] = []
  let skipped = 0
  // a UTF-8 byte order mark (some Windows editors write one) is not part of the first line
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  for (let start = bom, index = 0; start < bytes.length; index++) {
    const newline = bytes.indexOf(10, start)
    const end = newline < 0 ? bytes.length : newline
    const line = bytes.toString('utf8', start, end)
    if (line.trim())
      try {
        const doc = JSON.parse(line)
        if (typeof doc?._id !== 'string' || typeof doc?._type !== 'string') throw new Error('no _id or _type')
        documents.push(doc)
        spans?.set(doc._id, {start, end})
      } catch (error) {
        skipped++
        console.warn(`[store] ${file}:${index + 1} skipped: ${(error as Error).message}`)
      }
    start = end + 1
  }
  return {documents, skipped}
}

/**
 * Calls `onChange` 50 ms after the last change to `file` on disk. Watches the folder, since editors and renames
 * replace the inode. Nothing here keeps the process alive.
 */
export function watchFile(file: string, onChange: () => void): {close(): void} {
  const name = path.basename(file)
  let timer: ReturnType<typeof setTimeout> | undefined
  const watcher = fs.watch(path.dirname(file), (_event, changed) => {
    if (changed && changed !== name) return
    clearTimeout(timer)
    timer = setTimeout(onChange, 50)
    // jsdom (component tests) returns a number from setTimeout
    if (typeof timer === 'object') timer.unref()
  })
  watcher.unref()
  return {
    close: () => {
      watcher.close()
      clearTimeout(timer)
    },
  }
}
