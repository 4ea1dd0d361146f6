import fs from 'node:fs'
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

type Parsed = {documents: StoredDocument[]; lines: Map<string, string>; /** malformed lines left out */ skipped: number}

/** The file's bytes, digested (its version), and parsed only when asked: a caller that knows the version stops there. */
export function readDatasetBytes(file: string): {version: string; stat: FileStat | undefined; parse: () => Parsed} {
  const stat = statOf(file)
  const bytes = fs.readFileSync(file)
  return {
    version: digest(bytes),
    stat,
    parse: () => {
      const lines = new Map<string, string>()
      const {documents, skipped} = parseDataset(bytes.toString('utf8'), file, lines)
      return {documents, lines, skipped}
    },
  }
}

/**
 * Reads the file once: its documents with their lines, and a digest of its bytes as the version (the
 * same content gives the same cache keys across restarts).
 */
export function loadDatasetFile(file: string): {documents: StoredDocument[]; lines: Map<string, string>; version: string} {
  const {version, parse} = readDatasetBytes(file)
  const {documents, lines} = parse()
  return {documents, lines, version}
}

/** Parses an NDJSON export. A malformed line is skipped and logged; the rest loads. */
export function readDataset(file: string): StoredDocument[] {
  return parseDataset(fs.readFileSync(file, 'utf8'), file).documents
}

function parseDataset(text: string, file: string, lines?: Map<string, string>): {documents: StoredDocument[]; skipped: number} {
  const documents: StoredDocument[] = []
  let skipped = 0
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return
    try {
      const doc = JSON.parse(line)
      if (typeof doc?._id !== 'string' || typeof doc?._type !== 'string') throw new Error('no _id or _type')
      documents.push(doc)
      lines?.set(doc._id, line)
    } catch (error) {
      skipped++
      console.warn(`[store] ${file}:${index + 1} skipped: ${(error as Error).message}`)
    }
  })
  return {documents, skipped}
}
