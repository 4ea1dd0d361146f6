import {createHash, randomUUID} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {evaluate, parse, type ExprNode} from 'groq-js'
import writeFileAtomic from 'write-file-atomic'
import {planQuery} from './planner'
import type {StoredDocument} from './document'
import {documentsFor, type Perspective} from './perspective'
import {DocumentView} from './views'

export type {StoredDocument} from './document'
export type {Perspective} from './perspective'

/** What a reload changed: new or edited documents, removed ones, and the earlier version of each. */
export type DatasetChange = {
  changed: StoredDocument[]
  removed: StoredDocument[]
  previous: Map<string, StoredDocument>
  /** Set when the local Content Lake committed the change. */
  transaction?: {id: string; timestamp: string}
}
type ChangeListener = (change: DatasetChange) => void

/**
 * Documents the local Content Lake keeps in memory only: the Presentation tool's preview-URL secrets.
 * They expire within the hour and are not content, so they never go into the NDJSON export.
 */
const EPHEMERAL_TYPES = new Set(['sanity.previewUrlSecret', 'sanity.previewUrlShareAccess', 'sanity.vercelProtectionBypass'])
export const isEphemeral = (doc: StoredDocument) => EPHEMERAL_TYPES.has(doc._type)

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
  /** Digest of the bytes last read from or written to the file, so our own writes are not reloaded. */
  private fileDigest: string

  constructor(readonly file: string) {
    const {documents, version} = loadDatasetFile(file)
    this.raw = documents
    this.version = version
    this.fileDigest = version
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

  async query<R = unknown>(groq: string, params: Record<string, unknown> = {}, perspective: Perspective = 'published'): Promise<R> {
    const view = this.view(perspective)
    const dereference = ({_ref}: {_ref: string}) => view.byId.get(_ref)
    const run = async (tree: ExprNode, dataset: StoredDocument[]) => (await evaluate(tree, {dataset, params, dereference})).get()
    const planned = await planQuery(parse(groq, {params}), view, run)
    return (await run(planned.tree, planned.dataset)) as R
  }

  /** Replaces the whole dataset (after a file change). */
  replace(documents: StoredDocument[]): DatasetChange {
    const before = new Map(this.raw.map((doc) => [doc._id, doc]))
    const after = new Map(documents.map((doc) => [doc._id, doc]))
    const changed = documents.filter((doc) => {
      const old = before.get(doc._id)
      return !old || JSON.stringify(old) !== JSON.stringify(doc)
    })
    const removed = [...before.values()].filter((doc) => !after.has(doc._id))
    return this.install(documents, {changed, removed, previous: before})
  }

  /**
   * Commits one transaction of the local Content Lake: each id maps to its new document, or null to
   * delete it. The file is rewritten atomically (temp file, fsync, rename) before memory changes, so a
   * failed or interrupted write leaves both the file and the store at the last committed state.
   */
  commit(writes: ReadonlyMap<string, StoredDocument | null>, transaction?: DatasetChange['transaction']): DatasetChange {
    const previous = new Map<string, StoredDocument>()
    const next: StoredDocument[] = []
    for (const doc of this.raw) {
      if (!writes.has(doc._id)) next.push(doc)
      else {
        previous.set(doc._id, doc)
        const replacement = writes.get(doc._id)
        if (replacement) next.push(replacement)
      }
    }
    for (const [id, doc] of writes) if (doc && !previous.has(id)) next.push(doc)
    const changed = [...writes.values()].filter((doc): doc is StoredDocument => doc !== null)
    const removed = [...writes].flatMap(([id, doc]) => (doc === null && previous.has(id) ? [previous.get(id)!] : []))
    const persisted = [...writes.keys()].some((id) => {
      const doc = writes.get(id) ?? previous.get(id)
      return doc && !isEphemeral(doc)
    })
    if (persisted) {
      const bytes = Buffer.from(
        next
          .filter((doc) => !isEphemeral(doc))
          .map((doc) => JSON.stringify(doc) + '\n')
          .join(''),
      )
      writeFileAtomic.sync(this.file, bytes)
      this.fileDigest = digest(bytes)
    }
    return this.install(next, {changed, removed, previous, transaction})
  }

  private install(documents: StoredDocument[], change: DatasetChange): DatasetChange {
    this.raw = documents
    this.views.clear()
    if (change.changed.length || change.removed.length) {
      this.version = randomUUID()
      for (const listener of this.listeners) listener(change)
    }
    return change
  }

  /** Reads the file again, keeping the in-memory-only documents. */
  reload(): DatasetChange {
    const {documents, version} = loadDatasetFile(this.file)
    if (version === this.fileDigest) return {changed: [], removed: [], previous: new Map()}
    this.fileDigest = version
    const change = this.replace([...documents, ...this.raw.filter(isEphemeral)])
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
    version: digest(bytes),
  }
}

const digest = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex').slice(0, 16)

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
