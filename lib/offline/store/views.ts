import type {StoredDocument} from './document'

/** Filters whose results a view remembers at once; past this, the one first remembered is dropped. */
const MAX_REMEMBERED_FILTERS = 256

export type {StoredDocument} from './document'

/**
 * One perspective over the stored documents, indexed the ways reader queries filter. A commit updates it
 * in place through set(), at the cost of the documents it changes. Lists are replaced, never mutated, so
 * a query still running keeps the lists it started with.
 */
export class DocumentView {
  readonly byId = new Map<string, StoredDocument>()
  readonly byType = new Map<string, StoredDocument[]>()
  readonly bySlug = new Map<string, StoredDocument[]>()
  /** Each document's rank in dataset order (gaps allowed); weak, so a running query can still rank a replaced version. */
  readonly position = new WeakMap<StoredDocument, number>()

  private list: StoredDocument[] = []
  private referrerIndex?: Map<string, StoredDocument[]>
  private sorted = new Map<string, StoredDocument[] | null>()
  private filterResults = new Map<string, WeakMap<StoredDocument, boolean>>()

  /** `entries`: each document with its rank, in rank order. */
  constructor(entries: Iterable<readonly [StoredDocument, number]>) {
    for (const [doc, rank] of entries) {
      this.position.set(doc, rank)
      this.byId.set(doc._id, doc)
      this.list.push(doc)
      push(this.byType, doc._type, doc)
      const slug = slugOf(doc)
      if (slug !== undefined) push(this.bySlug, slug, doc)
    }
  }

  /** Every document, in dataset order. */
  get documents(): StoredDocument[] {
    return this.list
  }

  /** Puts `doc` at `rank` in place of the document with this id (none: the id leaves the view). */
  set(id: string, doc: StoredDocument | undefined, rank: number): void {
    const old = this.byId.get(id)
    if (old === doc) return
    if (old) {
      this.byId.delete(id)
      this.list = without(this.list, old, this.position)
      update(this.byType, old._type, (list) => without(list, old, this.position))
      const slug = slugOf(old)
      if (slug !== undefined) update(this.bySlug, slug, (list) => without(list, old, this.position))
      if (this.referrerIndex)
        for (const ref of referencesIn(old)) update(this.referrerIndex, ref, (list) => without(list, old, this.position))
    }
    if (doc) {
      this.position.set(doc, rank)
      this.byId.set(id, doc)
      this.list = withDoc(this.list, doc, this.position)
      update(this.byType, doc._type, (list) => withDoc(list, doc, this.position))
      const slug = slugOf(doc)
      if (slug !== undefined) update(this.bySlug, slug, (list) => withDoc(list, doc, this.position))
      if (this.referrerIndex)
        for (const ref of referencesIn(doc)) update(this.referrerIndex, ref, (list) => withDoc(list, doc, this.position))
    }
    this.sorted.clear()
  }

  /** Documents holding a reference to `id` anywhere inside them, in dataset order (built on first use). */
  referrers(id: string): StoredDocument[] | undefined {
    if (!this.referrerIndex) {
      this.referrerIndex = new Map()
      for (const doc of this.list) for (const ref of referencesIn(doc)) push(this.referrerIndex, ref, doc)
    }
    return this.referrerIndex.get(id)
  }

  /**
   * What one filter that reads only the document itself returned for each document tested so far. A
   * commit replaces a document's object and never changes it, so a remembered result lasts as long as
   * the object it is about, and an edited document is simply tested again.
   */
  filterResultsFor(filter: string): WeakMap<StoredDocument, boolean> {
    let results = this.filterResults.get(filter)
    if (!results) {
      if (this.filterResults.size >= MAX_REMEMBERED_FILTERS) this.filterResults.delete(this.filterResults.keys().next().value!)
      results = new WeakMap()
      this.filterResults.set(filter, results)
    }
    return results
  }

  /**
   * Candidates sorted by string fields as GROQ's order() sorts them (each key in turn, ties in dataset
   * order); cached per key (constraint, fields, directions) until the dataset changes. Null when some
   * document lacks one of the fields, since GROQ's ordering of mixed types is not ours to copy.
   */
  sortedBy(key: string, candidates: () => StoredDocument[], fields: {name: string; descending: boolean}[]): StoredDocument[] | null {
    if (!this.sorted.has(key)) {
      const docs = candidates()
      const ok = docs.every((doc) => fields.every(({name}) => typeof doc[name] === 'string'))
      const compare = (a: StoredDocument, b: StoredDocument) => {
        for (const {name, descending} of fields) {
          const x = a[name] as string
          const y = b[name] as string
          if (x !== y) return (descending ? -1 : 1) * (x < y ? -1 : 1)
        }
        return 0
      }
      this.sorted.set(key, ok ? [...docs].sort(compare) : null)
    }
    return this.sorted.get(key)!
  }
}

const slugOf = (doc: StoredDocument) => {
  const slug = (doc.slug as {current?: unknown} | undefined)?.current
  return typeof slug === 'string' ? slug : undefined
}

/** The first index in `list` (sorted by rank) whose rank is at least `rank`. */
function lowerBound(list: StoredDocument[], rank: number, position: WeakMap<StoredDocument, number>): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (position.get(list[middle])! < rank) low = middle + 1
    else high = middle
  }
  return low
}

function without(list: StoredDocument[], doc: StoredDocument, position: WeakMap<StoredDocument, number>): StoredDocument[] {
  let index = lowerBound(list, position.get(doc)!, position)
  if (list[index] !== doc) index = list.indexOf(doc)
  return index < 0 ? list : list.toSpliced(index, 1)
}

function withDoc(list: StoredDocument[], doc: StoredDocument, position: WeakMap<StoredDocument, number>): StoredDocument[] {
  return list.toSpliced(lowerBound(list, position.get(doc)!, position), 0, doc)
}

function update<K>(map: Map<K, StoredDocument[]>, key: K, change: (list: StoredDocument[]) => StoredDocument[]) {
  const list = change(map.get(key) ?? [])
  if (list.length) map.set(key, list)
  else map.delete(key)
}

function referencesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, found)
  else if (value && typeof value === 'object') {
    const ref = (value as {_ref?: unknown})._ref
    if (typeof ref === 'string') found.add(ref)
    for (const child of Object.values(value)) if (child && typeof child === 'object') referencesIn(child, found)
  }
  return found
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
