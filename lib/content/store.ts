import {createHash, randomUUID} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {evaluate, parse, type ExprNode} from 'groq-js'
import {planQuery} from './planner'
import {DocumentView, documentsFor, type Perspective, type StoredDocument} from './views'

export type {Perspective, StoredDocument} from './views'

/** What a reload changed: new or edited documents, removed ones, and the earlier version of each. */
export type DatasetChange = {
  changed: StoredDocument[]
  removed: StoredDocument[]
  previous: Map<string, StoredDocument>
}
type ChangeListener = (change: DatasetChange) => void

/**
 * The embedded Content Lake: an NDJSON export held in memory and queried with groq-js.
 * Each `*` in a query is narrowed to candidates from the indexes before groq-js scans it.
 */
export class EmbeddedStore {
  private raw: StoredDocument[] = []
  private views = new Map<Perspective, DocumentView>()
  private listeners = new Set<ChangeListener>()
  private watcher?: fs.FSWatcher
  private reloadTimer?: NodeJS.Timeout

  /** Changes whenever the documents do: part of every cache key, so no cache outlives its data. */
  version: string

  constructor(readonly file: string) {
    const {documents, version} = loadDatasetFile(file)
    this.raw = documents
    this.version = version
  }

  get documents(): readonly StoredDocument[] {
    return this.raw
  }

  view(perspective: Perspective): DocumentView {
    let view = this.views.get(perspective)
    if (!view) {
      view = new DocumentView(documentsFor(perspective, this.raw))
      this.views.set(perspective, view)
    }
    return view
  }

  async query<R = unknown>(
    groq: string,
    params: Record<string, unknown> = {},
    perspective: Perspective = 'published',
  ): Promise<R> {
    const view = this.view(perspective)
    const dereference = ({_ref}: {_ref: string}) => view.byId.get(_ref)
    const run = async (tree: ExprNode, dataset: StoredDocument[]) =>
      (await evaluate(tree, {dataset, params, dereference})).get()
    const planned = await planQuery(parse(groq, {params}), view, run)
    return (await run(planned.tree, planned.dataset)) as R
  }

  /** Replaces the whole dataset (after a file change, or a write by the local lake). */
  replace(documents: StoredDocument[]): DatasetChange {
    const before = new Map(this.raw.map((doc) => [doc._id, doc]))
    const after = new Map(documents.map((doc) => [doc._id, doc]))
    const changed = documents.filter((doc) => {
      const old = before.get(doc._id)
      return !old || JSON.stringify(old) !== JSON.stringify(doc)
    })
    const removed = [...before.values()].filter((doc) => !after.has(doc._id))
    this.raw = documents
    if (changed.length || removed.length) this.version = randomUUID()
    this.views.clear()
    const change = {changed, removed, previous: before}
    if (changed.length || removed.length) for (const listener of this.listeners) listener(change)
    return change
  }

  reload(): DatasetChange {
    const {documents, version} = loadDatasetFile(this.file)
    const change = this.replace(documents)
    this.version = version
    return change
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Reloads when the file changes on disk. Watches the folder, since editors and renames replace the inode. */
  watch(): void {
    if (this.watcher) return
    const name = path.basename(this.file)
    this.watcher = fs.watch(path.dirname(this.file), (_event, changed) => {
      if (changed && changed !== name) return
      clearTimeout(this.reloadTimer)
      this.reloadTimer = setTimeout(() => {
        try {
          this.reload()
        } catch (error) {
          console.error(`[store] keeping the previous dataset: ${(error as Error).message}`)
        }
      }, 50)
      // jsdom (component tests) returns a number from setTimeout
      if (typeof this.reloadTimer === 'object') this.reloadTimer.unref()
    })
    this.watcher.unref()
  }

  close(): void {
    this.watcher?.close()
    this.watcher = undefined
    clearTimeout(this.reloadTimer)
  }
}

/**
 * Reads the file once: its documents, and a digest of its bytes as the version (the same content gives
 * the same cache keys across restarts).
 */
function loadDatasetFile(file: string): {documents: StoredDocument[]; version: string} {
  const bytes = fs.readFileSync(file)
  return {
    documents: parseDataset(bytes.toString('utf8'), file),
    version: createHash('sha1').update(bytes).digest('hex').slice(0, 16),
  }
}

/** Parses an NDJSON export. A malformed line is skipped and logged; the rest loads. */
export function readDataset(file: string): StoredDocument[] {
  return parseDataset(fs.readFileSync(file, 'utf8'), file)
}

function parseDataset(text: string, file: string): StoredDocument[] {
  const documents: StoredDocument[] = []
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return
    try {
      const doc = JSON.parse(line)
      if (typeof doc?._id !== 'string' || typeof doc?._type !== 'string') throw new Error('no _id or _type')
      documents.push(doc)
    } catch (error) {
      console.warn(`[store] ${file}:${index + 1} skipped: ${(error as Error).message}`)
    }
  })
  return documents
}
