// The dataset in memory: the stored documents in dataset order, their views per perspective, and GROQ over them.
import {randomUUID} from 'node:crypto'
import {evaluate, parse, type ExprNode} from 'groq-js'
import {noLines, type FileLines} from './dataset-file'
import type {StoredDocument} from './document'
import {entriesFor, entryFor, type Perspective, type RawDocuments} from './perspective-entries'
import {planQuery} from './planner'
import {DocumentView} from './views'

/** What a reload changed: new or edited documents, removed ones, and the earlier version of each. */
export type DatasetChange = {
  changed: StoredDocument[]
  removed: StoredDocument[]
  previous: Map<string, StoredDocument>
  /** Set when the local Content Lake committed the change. */
  transaction?: {id: string; timestamp: string; author?: string}
}
type ChangeListener = (change: DatasetChange) => void

/**
 * The stored documents by id, in dataset order, with a view per perspective built on first use and updated in place by
 * each change at the cost of what it changes, and the listeners told of every change. The file and the journal behind
 * them are the subclasses' (dataset-sync.ts, store.ts).
 */
export class DocumentSet {
  protected docs = new Map<string, StoredDocument>()
  private ranks = new Map<string, number>()
  private nextRank = 0
  /** Where each document's line is in the file as last read or written, so compaction serializes only what changed. */
  protected lines: FileLines = noLines()
  private raw: RawDocuments = {docs: this.docs, rank: (id) => this.ranks.get(id)!}
  private views = new Map<Perspective, DocumentView>()
  private listeners = new Set<ChangeListener>()
  /** Changes whenever the documents do: part of every cache key, so no cache outlives its data. */
  version = ''

  get documents(): readonly StoredDocument[] {
    return this.view('raw').documents
  }

  view(perspective: Perspective): DocumentView {
    let view = this.views.get(perspective)
    if (!view) {
      view = new DocumentView(entriesFor(perspective, this.raw))
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

  /** Replaces the whole dataset in memory (after a file change). */
  replace(documents: StoredDocument[], lines?: FileLines): DatasetChange {
    const before = new Map(this.docs)
    const after = new Map(documents.map((doc) => [doc._id, doc]))
    const changed = documents.filter((doc) => {
      const old = before.get(doc._id)
      return !old || JSON.stringify(old) !== JSON.stringify(doc)
    })
    const removed = [...before.values()].filter((doc) => !after.has(doc._id))
    this.load(documents, lines)
    return this.announce({changed, removed, previous: before})
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  protected load(documents: StoredDocument[], lines?: FileLines): void {
    this.views.clear()
    this.docs.clear()
    this.ranks.clear()
    this.nextRank = 0
    for (const doc of documents) this.put(doc._id, doc)
    this.lines = lines ?? noLines()
  }

  /** Sets or deletes one stored document, in dataset order, and in every view built so far. */
  protected put(id: string, doc: StoredDocument | undefined): void {
    if (!doc && !this.docs.has(id)) return
    if (doc) {
      if (!this.ranks.has(id)) this.ranks.set(id, this.nextRank++)
      this.docs.set(id, doc)
    } else this.docs.delete(id)
    this.lines.spans.delete(id)
    for (const [perspective, view] of this.views) {
      const entry = entryFor(perspective, id, this.raw)
      if (entry) view.set(...entry)
    }
    if (!doc) this.ranks.delete(id)
  }

  protected announce(change: DatasetChange): DatasetChange {
    if (change.changed.length || change.removed.length) {
      this.version = randomUUID()
      for (const listener of this.listeners) listener(change)
    }
    return change
  }
}
