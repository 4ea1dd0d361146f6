import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {evaluate, parse} from 'groq-js'
import * as distribution from '@/lib/site/content/distribution-queries'
import * as queries from '@/lib/site/content/queries'
import {EmbeddedStore, type Perspective, type StoredDocument} from '@/lib/offline/store/store'
import {toNdjson} from './generate-dataset'

export type Params = Record<string, unknown>

export const PERSPECTIVES: Perspective[] = ['published', 'drafts']

const isDefinition = (value: unknown): value is queries.QueryDefinition =>
  typeof value === 'object' && value !== null && 'query' in value && 'schema' in value
/** Every query the site runs: pages (queries.ts) and feeds and sitemaps (distribution-queries.ts). */
export const siteQueries: queries.QueryDefinition[] = ([...Object.values(queries), ...Object.values(distribution)] as unknown[]).filter(
  isDefinition,
)

/** The same query evaluated by plain groq-js over every document of the perspective: no indexes, no planner. */
export async function fullScan(store: EmbeddedStore, query: string, params: Params, perspective: Perspective = 'published') {
  const result = await evaluate(parse(query, {params}), {dataset: store.view(perspective).documents, params})
  return result.get()
}

/** Expects the store to answer `query` exactly as a full scan does, in both perspectives. */
export async function expectSameAsFullScan(store: EmbeddedStore, query: string, params: Params = {}) {
  for (const perspective of PERSPECTIVES) {
    expect(await store.query(query, params, perspective)).toStrictEqual(await fullScan(store, query, params, perspective))
  }
}

/**
 * Stores over NDJSON files in one temporary folder, removed after the calling test file (or describe) is
 * done. Call it at collection time, where afterAll may be called.
 */
export function temporaryStores() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-store-'))
  const opened: EmbeddedStore[] = []
  afterAll(async () => {
    // closed first: a compaction due later would find its folder gone
    for (const store of opened) await store.close()
    fs.rmSync(dir, {recursive: true, force: true})
  })
  return function storeOf(docs: readonly StoredDocument[]): EmbeddedStore {
    const file = path.join(dir, `dataset-${opened.length}.ndjson`)
    fs.writeFileSync(file, toNdjson(docs))
    const store = new EmbeddedStore(file)
    opened.push(store)
    return store
  }
}
