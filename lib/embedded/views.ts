import type {StoredDocument} from './document'

export type {StoredDocument} from './document'

/** One perspective over the stored documents, indexed the ways reader queries filter. */
export class DocumentView {
  readonly byId = new Map<string, StoredDocument>()
  readonly byType = new Map<string, StoredDocument[]>()
  readonly bySlug = new Map<string, StoredDocument[]>()
  readonly position = new Map<StoredDocument, number>()

  private referrerIndex?: Map<string, StoredDocument[]>
  private sorted = new Map<string, StoredDocument[] | null>()

  /** Documents holding a reference to `id` anywhere inside them, in dataset order (built on first use). */
  referrers(id: string): StoredDocument[] | undefined {
    if (!this.referrerIndex) {
      this.referrerIndex = new Map()
      for (const doc of this.documents) for (const ref of referencesIn(doc)) push(this.referrerIndex, ref, doc)
    }
    return this.referrerIndex.get(id)
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

  constructor(readonly documents: StoredDocument[]) {
    for (const [index, doc] of documents.entries()) {
      this.position.set(doc, index)
      this.byId.set(doc._id, doc)
      push(this.byType, doc._type, doc)
      const slug = (doc.slug as {current?: unknown} | undefined)?.current
      if (typeof slug === 'string') push(this.bySlug, slug, doc)
    }
  }
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
