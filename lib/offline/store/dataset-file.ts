import fs from 'node:fs'
import {digest} from './compaction'
import type {StoredDocument} from './document'

/**
 * Reads the file once: its documents with their lines, and a digest of its bytes as the version (the
 * same content gives the same cache keys across restarts).
 */
export function loadDatasetFile(file: string): {documents: StoredDocument[]; lines: Map<string, string>; version: string} {
  const bytes = fs.readFileSync(file)
  const lines = new Map<string, string>()
  return {documents: parseDataset(bytes.toString('utf8'), file, lines), lines, version: digest(bytes)}
}

/** Parses an NDJSON export. A malformed line is skipped and logged; the rest loads. */
export function readDataset(file: string): StoredDocument[] {
  return parseDataset(fs.readFileSync(file, 'utf8'), file)
}

function parseDataset(text: string, file: string, lines?: Map<string, string>): StoredDocument[] {
  const documents: StoredDocument[] = []
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return
    try {
      const doc = JSON.parse(line)
      if (typeof doc?._id !== 'string' || typeof doc?._type !== 'string') throw new Error('no _id or _type')
      documents.push(doc)
      lines?.set(doc._id, line)
    } catch (error) {
      console.warn(`[store] ${file}:${index + 1} skipped: ${(error as Error).message}`)
    }
  })
  return documents
}
