/**
 * Deterministic generator of malformed variants of the demo dataset's documents.
 *
 * The dataset is fuzzed in batches. A batch is a whole "universe": every source document (article,
 * quote, principle list, author, topic, siteSettings) appears once, as a variant whose `_id` and slug
 * carry the suffix `-fuzz-<batch>`, with every reference between source documents rewritten to the
 * variants of the same batch (so an article variant's author page lists it). Each variant then gets one
 * to four mutations from the families below. The first batches hold hand-picked ("pinned") mutations,
 * so the classic payloads are covered whatever the seed; the later batches are random.
 *
 * A mutation that must make the site drop part of an article body leaves a marker; once all mutations
 * are applied the marker becomes an expected log path (`body[<index>]`), checked by the test.
 */
import {AWKWARD_STRINGS, deeplyNested, HOSTILE_LQIPS, HOSTILE_URLS, ODD_DATES, ONE_MB, PROTOTYPE_NAMES, XSS_STRINGS} from './payloads'
import {Rng} from './prng'
import {schemaFields} from './schema'

export type Doc = {_id: string; _type: string; [key: string]: unknown}
type Obj = Record<string, unknown>
type Path = (string | number)[]

export const SOURCE_TYPES = ['article', 'quote', 'principleList', 'author', 'topic', 'siteSettings'] as const
export type SourceType = (typeof SOURCE_TYPES)[number]

export type Variant = {
  /** The variant's `_id` (siteSettings keeps its fixed id: the site reads `_id == "siteSettings"`). */
  id: string
  sourceId: string
  type: SourceType
  batch: number
  /** The slug a reader would request: the variant's own slug while it is a non-empty string, else the nominal one. */
  routeSlug: string
  /** False when a mutation took the slug away: the page is then requested at its nominal slug, which is a 404. */
  reachable: boolean
  /** What was done to it, in order, for failure messages. */
  mutations: string[]
  /** Mutation families applied (for coverage). */
  families: string[]
  /** Body paths (`body[3]`) the site must drop and log with this document's id, if it renders the article at all. */
  expectedBodyDrops: string[]
  /** Field paths (`mainImage`) the site must drop and log with this document's id, if it renders the page. */
  expectedFieldDrops: string[]
  /** Pinned variants only: whether the variant's own page must render or 404. */
  pinnedExpectation?: 'ok' | 'notFound'
  doc: Doc
}

export type Batch = {index: number; kind: 'demo' | 'pinned' | 'random'; label: string; variants: Variant[]; documents: Doc[]}

const SYSTEM_FIELDS = new Set(['_id', '_type', '_rev', '_createdAt', '_updatedAt'])

// ---------------------------------------------------------------------------------------------------------
// Paths

const isObj = (value: unknown): value is Obj => Boolean(value) && typeof value === 'object' && !Array.isArray(value)

function getAt(root: unknown, path: Path): unknown {
  let value = root
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[step]
  }
  return value
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>
  parent[path[path.length - 1]] = value
}

function deleteAt(root: unknown, path: Path): void {
  const parent = getAt(root, path.slice(0, -1))
  const last = path[path.length - 1]
  if (Array.isArray(parent)) parent.splice(last as number, 1)
  else delete (parent as Obj)[last as string]
}

export function formatPath(path: Path): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('')
}

/** A short, printable preview of a value for mutation descriptions. */
function preview(value: unknown): string {
  const text = typeof value === 'string' && value.length === ONE_MB.length ? '<1 MB string>' : (JSON.stringify(value) ?? 'undefined')
  return text.length > 48 ? `${text.slice(0, 45)}…` : text
}

/**
 * A random path into the document: a root field, then a random walk down. Sometimes the path ends at a field
 * the schema (schema.json) defines but the document or the object lacks, so absent fields are fuzzed too.
 */
function randomPath(doc: Doc, rng: Rng): Path {
  const present = Object.keys(doc).filter((key) => !SYSTEM_FIELDS.has(key))
  const absent = schemaFields(doc).filter((key) => !(key in doc))
  const root = absent.length && rng.chance(0.12) ? rng.pick(absent) : rng.pick(present)
  const path: Path = [root]
  let value = doc[root]
  while (value && typeof value === 'object' && rng.chance(0.65)) {
    const object = value
    const lacking = Array.isArray(object) ? [] : schemaFields(doc, path).filter((key) => !(key in object))
    if (lacking.length && rng.chance(0.12)) {
      path.push(rng.pick(lacking))
      break
    }
    const children: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)
    if (children.length === 0) break
    const child = rng.pick(children)
    path.push(child)
    value = (value as Record<string | number, unknown>)[child]
  }
  return path
}

/** Every path to an object holding a `_ref`: references to documents and to image assets. */
function referencePaths(value: unknown, path: Path = [], found: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((item, i) => referencePaths(item, [...path, i], found))
  else if (isObj(value)) {
    if ('_ref' in value) found.push(path)
    for (const [key, child] of Object.entries(value)) if (child && typeof child === 'object') referencePaths(child, [...path, key], found)
  }
  return found
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)

// ---------------------------------------------------------------------------------------------------------
// Mutation context

type Ctx = {
  rng: Rng
  batch: number
  doc: Doc
  type: SourceType
  /** Documents a mutation adds to the batch (image assets with hostile LQIPs). */
  extraDocs: Doc[]
  /** Blocks (and markDefs) a mutation made invalid on purpose: each must be dropped and logged. */
  bodyMarkers: {block: unknown; markDef?: unknown}[]
  fieldDrops: string[]
  /** Ids of the batch's variants by type, for references to the wrong type. */
  idsByType: Map<string, string[]>
  budget: {bigStrings: number; hugeArrays: number; prototypeSlugs: Set<string>}
  counter: {n: number}
}

const uniq = (ctx: Ctx, prefix: string) => `${prefix}${ctx.batch}n${++ctx.counter.n}`
const missingId = (ctx: Ctx) => uniq(ctx, 'missing-doc-b')

/** A hostile string, chosen to suit the field's name: dates for date fields, URLs for URL fields. */
function hostileString(ctx: Ctx, key: string | number | undefined): string {
  const {rng} = ctx
  const name = String(key ?? '').toLowerCase()
  if (/(^|_)(date|publishedat|updatedat)$/.test(name) && rng.chance(0.6)) return rng.pick(ODD_DATES)
  if (/(url|href)$/.test(name) && rng.chance(0.7)) return rng.pick(HOSTILE_URLS)
  if (ctx.budget.bigStrings > 0 && rng.chance(0.06)) {
    ctx.budget.bigStrings--
    return ONE_MB
  }
  return rng.chance(0.55) ? rng.pick(XSS_STRINGS) : rng.pick(AWKWARD_STRINGS)
}

function wrongTypedValue(rng: Rng, current: unknown): unknown {
  const candidates: unknown[] = [
    42,
    -1,
    0,
    1e308,
    true,
    false,
    null,
    [],
    [1, 'two', null],
    {},
    {_type: 'reference', _ref: 'nope'},
    {current: 7},
    'a string where something else belongs',
  ]
  const type = jsonType(current)
  return rng.pick(candidates.filter((candidate) => jsonType(candidate) !== type))
}

// ---------------------------------------------------------------------------------------------------------
// Body helpers (articles)

type Block = Obj & {_type?: unknown; _key?: unknown; children?: unknown; markDefs?: unknown}

const bodyOf = (doc: Doc): unknown[] | null => (Array.isArray(doc.body) ? doc.body : null)

/** Text blocks whose children are spans: where links and marks can be added. */
function textBlocks(doc: Doc): Block[] {
  return (bodyOf(doc) ?? []).filter(
    (block): block is Block =>
      isObj(block) &&
      block._type === 'block' &&
      Array.isArray(block.children) &&
      block.children.length > 0 &&
      block.children.every((span) => isObj(span) && span._type === 'span' && typeof span.text === 'string'),
  )
}

function insertBlock(ctx: Ctx, block: unknown): number {
  const body = bodyOf(ctx.doc)!
  const index = ctx.rng.int(0, body.length)
  body.splice(index, 0, block)
  return index
}

const paragraph = (ctx: Ctx, text: string): Block => ({
  _type: 'block',
  _key: uniq(ctx, 'k'),
  style: 'normal',
  markDefs: [],
  children: [{_type: 'span', _key: uniq(ctx, 's'), text, marks: []}],
})

/** Adds a mark (a markDef key or a decorator name) to a random span of a text block. */
function markSomeSpan(ctx: Ctx, block: Block, mark: string): void {
  const span = ctx.rng.pick(block.children as Obj[])
  span.marks = [...(Array.isArray(span.marks) ? span.marks : []), mark]
}

function addMarkDef(block: Block, markDef: unknown): void {
  block.markDefs = [...(Array.isArray(block.markDefs) ? block.markDefs : []), markDef]
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

type Mutation = {
  family: string
  types: readonly SourceType[] | '*'
  /** Body mutations that leave markers run after the others, so later mutations cannot undo them. */
  late?: boolean
  weight: number
  /** Applies the mutation and describes it, or returns null when it does not apply to this document. */
  apply: (ctx: Ctx) => string | null
}

const ALL = '*' as const

export const MUTATIONS: Mutation[] = [
  // --- generic: anywhere in any document
  {
    family: 'delete-field',
    types: ALL,
    weight: 3,
    apply: (ctx) => {
      const path = randomPath(ctx.doc, ctx.rng)
      if (getAt(ctx.doc, path) === undefined) return null
      deleteAt(ctx.doc, path)
      return `delete ${formatPath(path)}`
    },
  },
  {
    family: 'wrong-type',
    types: ALL,
    weight: 4,
    apply: (ctx) => {
      const path = randomPath(ctx.doc, ctx.rng)
      const value = wrongTypedValue(ctx.rng, getAt(ctx.doc, path))
      setAt(ctx.doc, path, value)
      return `wrong type ${formatPath(path)} = ${preview(value)}`
    },
  },
  {
    family: 'hostile-string',
    types: ALL,
    weight: 5,
    apply: (ctx) => {
      const path = randomPath(ctx.doc, ctx.rng)
      const current = getAt(ctx.doc, path)
      const payload = hostileString(ctx, path[path.length - 1])
      const value = typeof current === 'string' && ctx.rng.chance(0.4) ? `${current} ${payload}` : payload
      setAt(ctx.doc, path, value)
      return `hostile string ${formatPath(path)} = ${preview(value)}`
    },
  },
  {
    family: 'deep-nesting',
    types: ALL,
    weight: 1.5,
    apply: (ctx) => {
      const path = randomPath(ctx.doc, ctx.rng)
      const shape = ctx.rng.pick(['object', 'array', 'block'] as const)
      setAt(ctx.doc, path, deeplyNested(200, shape))
      return `deep nesting ${formatPath(path)} = 200 levels of ${shape}`
    },
  },
  {
    family: 'prototype-name',
    types: ALL,
    weight: 1,
    apply: (ctx) => {
      const path = randomPath(ctx.doc, ctx.rng)
      const name = ctx.rng.pick(PROTOTYPE_NAMES)
      setAt(ctx.doc, path, name)
      return `prototype name ${formatPath(path)} = ${JSON.stringify(name)}`
    },
  },
  {
    family: 'duplicate-item',
    types: ALL,
    weight: 1.5,
    apply: (ctx) => {
      const arrays = Object.keys(ctx.doc).filter((key) => Array.isArray(ctx.doc[key]) && (ctx.doc[key] as unknown[]).length > 0)
      if (arrays.length === 0) return null
      const key = ctx.rng.pick(arrays)
      const list = ctx.doc[key] as unknown[]
      const index = ctx.rng.int(0, list.length - 1)
      list.splice(index + 1, 0, structuredClone(list[index]))
      return `duplicate ${key}[${index}] (same _key)`
    },
  },
  {
    family: 'missing-key',
    types: ALL,
    late: true,
    weight: 1,
    apply: (ctx) => {
      const keyed = Object.keys(ctx.doc).filter(
        (key) => Array.isArray(ctx.doc[key]) && (ctx.doc[key] as unknown[]).some((item) => isObj(item) && '_key' in item),
      )
      if (keyed.length === 0) return null
      const key = ctx.rng.pick(keyed)
      const items = (ctx.doc[key] as unknown[]).map((item, i) => [item, i] as const).filter(([item]) => isObj(item) && '_key' in item)
      const [item, index] = ctx.rng.pick(items)
      delete (item as Obj)._key
      // a text block without _key cannot be rendered in a list: the body must drop it
      if (key === 'body' && (item as Block)._type === 'block') ctx.bodyMarkers.push({block: item})
      return `delete ${key}[${index}]._key`
    },
  },
  {
    family: 'huge-array',
    types: ALL,
    weight: 0.5,
    apply: (ctx) => {
      if (ctx.budget.hugeArrays <= 0) return null
      const arrays = Object.keys(ctx.doc).filter((key) => Array.isArray(ctx.doc[key]) && (ctx.doc[key] as unknown[]).length > 0)
      if (arrays.length === 0) return null
      const key = ctx.rng.pick(arrays)
      const list = ctx.doc[key] as unknown[]
      // 500 copies of a list holding a 1 MB string would be half a gigabyte: stress, not hostility
      if (JSON.stringify(list).length > 100_000) return null
      ctx.budget.hugeArrays--
      const copies = Array.from({length: 500}, (_, i) => {
        const copy = structuredClone(list[i % list.length])
        if (isObj(copy) && '_key' in copy) copy._key = uniq(ctx, 'h')
        return copy
      })
      ctx.doc[key] = copies
      return `huge array ${key} = 500 items`
    },
  },

  // --- references
  {
    family: 'dangling-reference',
    types: ALL,
    weight: 2.5,
    apply: (ctx) => {
      const refs = referencePaths(ctx.doc)
      if (refs.length === 0) return null
      const path = ctx.rng.pick(refs)
      const id = missingId(ctx)
      setAt(ctx.doc, [...path, '_ref'], id)
      return `dangling reference ${formatPath([...path, '_ref'])} = ${JSON.stringify(id)}`
    },
  },
  {
    family: 'reference-to-wrong-type',
    types: ALL,
    weight: 1,
    apply: (ctx) => {
      const refs = referencePaths(ctx.doc)
      if (refs.length === 0) return null
      const path = ctx.rng.pick(refs)
      const current = getAt(ctx.doc, [...path, '_ref'])
      const others = [...ctx.idsByType.values()].flat().filter((id) => id !== current && id !== ctx.doc._id)
      const id = ctx.rng.pick(others)
      setAt(ctx.doc, [...path, '_ref'], id)
      return `reference to another type ${formatPath([...path, '_ref'])} = ${JSON.stringify(id)}`
    },
  },
  {
    family: 'reference-not-a-string',
    types: ALL,
    weight: 0.7,
    apply: (ctx) => {
      const refs = referencePaths(ctx.doc)
      if (refs.length === 0) return null
      const path = ctx.rng.pick(refs)
      const value = ctx.rng.pick([42, null, {}, ['a'], true])
      setAt(ctx.doc, [...path, '_ref'], value)
      return `reference not a string ${formatPath([...path, '_ref'])} = ${preview(value)}`
    },
  },

  // --- slugs, dates, URLs, images
  {
    family: 'hostile-slug',
    types: ['article', 'quote', 'principleList', 'author', 'topic'],
    weight: 1.5,
    apply: (ctx) => {
      const slug = ctx.doc.slug as Obj | undefined
      if (!isObj(slug) || typeof slug.current !== 'string') return null
      const base = ctx.rng.chance(0.5) ? ctx.rng.pick(XSS_STRINGS) : ctx.rng.pick(AWKWARD_STRINGS.filter((s) => s.trim()))
      slug.current = `${base}${slug.current}`
      return `hostile slug = ${preview(slug.current)}`
    },
  },
  {
    family: 'prototype-slug',
    types: ['article', 'quote', 'principleList', 'author', 'topic'],
    weight: 0.5,
    apply: (ctx) => {
      const slug = ctx.doc.slug as Obj | undefined
      const free = PROTOTYPE_NAMES.filter((name) => !ctx.budget.prototypeSlugs.has(`${ctx.type}:${name}`))
      if (!isObj(slug) || free.length === 0) return null
      const name = ctx.rng.pick(free)
      ctx.budget.prototypeSlugs.add(`${ctx.type}:${name}`)
      slug.current = name
      return `slug = ${JSON.stringify(name)}`
    },
  },
  {
    family: 'odd-date',
    types: ['article', 'quote', 'principleList'],
    weight: 1.5,
    apply: (ctx) => {
      const field = ctx.type === 'article' ? ctx.rng.pick(['publishedAt', 'updatedAt']) : 'date'
      const value = ctx.rng.chance(0.8) ? ctx.rng.pick(ODD_DATES) : wrongTypedValue(ctx.rng, '')
      ctx.doc[field] = value
      return `odd date ${field} = ${preview(value)}`
    },
  },
  {
    family: 'hostile-url',
    types: ['quote', 'principleList'],
    weight: 2,
    apply: (ctx) => {
      const url = ctx.rng.pick(HOSTILE_URLS)
      if (ctx.type === 'quote') {
        ctx.doc.source = {...(isObj(ctx.doc.source) ? ctx.doc.source : {title: 'Source'}), url}
        return `hostile URL source.url = ${preview(url)}`
      }
      ctx.doc.sourceUrl = url
      return `hostile URL sourceUrl = ${preview(url)}`
    },
  },
  {
    family: 'hostile-lqip',
    types: ['article', 'author'],
    weight: 1.5,
    apply: (ctx) => {
      const field = ctx.type === 'article' ? 'mainImage' : 'image'
      if (!isObj(ctx.doc[field])) return null
      const lqip = ctx.rng.pick(HOSTILE_LQIPS)
      const assetId = `image-${uniq(ctx, 'fuzzb')}-1600x900-png`
      ctx.extraDocs.push({_id: assetId, _type: 'sanity.imageAsset', metadata: {lqip, dimensions: {width: 1600, height: 900}}})
      ;(ctx.doc[field] as Obj).asset = {_type: 'reference', _ref: assetId}
      return `hostile LQIP ${field} -> ${assetId} lqip = ${preview(lqip)}`
    },
  },
  {
    family: 'broken-asset-reference',
    types: ['article', 'author'],
    weight: 1,
    apply: (ctx) => {
      const field = ctx.type === 'article' ? 'mainImage' : 'image'
      if (!isObj(ctx.doc[field])) return null
      const ref = ctx.rng.pick([
        'image-nope-0x0-png',
        'image-abc-99999999999x1-png',
        'image-abc-1x99999999999-png',
        'file-abc-pdf',
        'image-x-1x1-',
        'image-../../etc/passwd-1x1-png',
        'image-0000000000000000000000000000000000000000-1600x900-png',
      ])
      ;(ctx.doc[field] as Obj).asset = {_type: 'reference', _ref: ref}
      return `broken asset ${field}.asset._ref = ${JSON.stringify(ref)}`
    },
  },

  // --- article bodies (each leaves a marker when the site must drop and log the block)
  {
    family: 'unknown-block-type',
    types: ['article'],
    late: true,
    weight: 2,
    apply: (ctx) => {
      if (!bodyOf(ctx.doc)) return null
      const block = ctx.rng.pick<unknown>([
        {_type: 'video', _key: uniq(ctx, 'k'), url: 'javascript:alert(1)'},
        {_type: 'script', _key: uniq(ctx, 'k'), code: 'alert(1)'},
        {_type: 'html', _key: uniq(ctx, 'k'), html: '<script>alert(1)</script>'},
        {_key: uniq(ctx, 'k'), text: 'a block without a type'},
        {_type: 42, _key: uniq(ctx, 'k')},
        {...paragraph(ctx, 'trailing space in the type'), _type: 'block '},
        {...paragraph(ctx, 'capitalised type'), _type: 'Block'},
        null,
        'a bare string where a block belongs',
        7,
        [paragraph(ctx, 'an array where a block belongs')],
      ])
      const index = insertBlock(ctx, block)
      // primitives cannot be told apart by identity: wrap the marker around the index instead
      ctx.bodyMarkers.push({block: isObj(block) || Array.isArray(block) ? block : {index, value: block}})
      return `unknown block at body[${index}] = ${preview(block)}`
    },
  },
  {
    family: 'prototype-block-type',
    types: ['article'],
    late: true,
    weight: 1,
    apply: (ctx) => {
      if (!bodyOf(ctx.doc)) return null
      const block = {...paragraph(ctx, 'a block typed like an Object.prototype property'), _type: ctx.rng.pick(PROTOTYPE_NAMES)}
      const index = insertBlock(ctx, block)
      ctx.bodyMarkers.push({block})
      return `prototype block type body[${index}]._type = ${JSON.stringify(block._type)}`
    },
  },
  {
    family: 'broken-block',
    types: ['article'],
    late: true,
    weight: 2,
    apply: (ctx) => {
      if (!bodyOf(ctx.doc)) return null
      const block = paragraph(ctx, 'a broken block')
      const how = ctx.rng.pick([
        'children: []',
        'children: "text"',
        'children: null',
        'span text: 42',
        'span _type: image',
        '_key: ""',
        '_key: 5',
        'markDefs: "links"',
        'children: 200-deep blocks',
      ] as const)
      const span = (block.children as Obj[])[0]
      if (how === 'children: []') block.children = []
      else if (how === 'children: "text"') block.children = 'text'
      else if (how === 'children: null') block.children = null
      else if (how === 'span text: 42') span.text = 42
      else if (how === 'span _type: image') span._type = 'image'
      else if (how === '_key: ""') block._key = ''
      else if (how === '_key: 5') block._key = 5
      else if (how === 'markDefs: "links"') block.markDefs = 'links'
      else block.children = [deeplyNested(200, 'block')]
      const index = insertBlock(ctx, block)
      // GROQ's markDefs[]{...} turns a markDefs that is not an array into null: the block itself is fine
      if (how !== 'markDefs: "links"') ctx.bodyMarkers.push({block})
      return `broken block at body[${index}] (${how})`
    },
  },
  {
    family: 'dangling-embed',
    types: ['article'],
    late: true,
    weight: 2,
    apply: (ctx) => {
      if (!bodyOf(ctx.doc)) return null
      const kind = ctx.rng.pick(['quoteEmbed', 'principleListEmbed'] as const)
      const field = kind === 'quoteEmbed' ? 'quote' : 'principleList'
      const how = ctx.rng.pick(['missing document', 'wrong type', 'no reference'] as const)
      const ref =
        how === 'missing document'
          ? {_type: 'reference', _ref: missingId(ctx)}
          : how === 'wrong type'
            ? {_type: 'reference', _ref: ctx.rng.pick(ctx.idsByType.get('author') ?? ['nope'])}
            : undefined
      const block: Obj = {_type: kind, _key: uniq(ctx, 'k'), ...(ref ? {[field]: ref} : {})}
      const index = insertBlock(ctx, block)
      ctx.bodyMarkers.push({block})
      return `dangling ${kind} at body[${index}] (${how})`
    },
  },
  {
    family: 'hostile-link',
    types: ['article'],
    late: true,
    weight: 3,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const href = ctx.rng.pick(HOSTILE_URLS)
      const markDef = {_type: 'link', _key: uniq(ctx, 'm'), href}
      addMarkDef(block, markDef)
      markSomeSpan(ctx, block, markDef._key)
      // an http(s) URL with markup in it is a legitimate (escaped) link; everything else must be dropped
      if (!/^\s*https?:/i.test(href)) ctx.bodyMarkers.push({block, markDef})
      return `hostile link in body[${bodyOf(ctx.doc)!.indexOf(block)}] href = ${preview(href)}`
    },
  },
  {
    family: 'broken-markdefs',
    types: ['article'],
    late: true,
    weight: 1.5,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const markDef = ctx.rng.pick<unknown>([
        null,
        5,
        'link',
        {_type: 'link'},
        {_key: uniq(ctx, 'm'), href: 'https://example.com/'},
        {_type: 'link', _key: uniq(ctx, 'm'), href: 42},
        {_type: 'internalLink', _key: uniq(ctx, 'm')},
        {_type: 'footnote', _key: uniq(ctx, 'm'), text: '<script>alert(1)</script>'},
        {_type: 'link', _key: uniq(ctx, 'm'), href: deeplyNested(200, 'object')},
      ])
      addMarkDef(block, markDef)
      if (isObj(markDef) && typeof markDef._key === 'string') markSomeSpan(ctx, block, markDef._key)
      ctx.bodyMarkers.push({block, markDef})
      return `broken markDef in body[${bodyOf(ctx.doc)!.indexOf(block)}] = ${preview(markDef)}`
    },
  },
  {
    family: 'dangling-internal-link',
    types: ['article'],
    late: true,
    weight: 1.5,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const markDef = {_type: 'internalLink', _key: uniq(ctx, 'm'), reference: {_type: 'reference', _ref: missingId(ctx)}}
      addMarkDef(block, markDef)
      markSomeSpan(ctx, block, markDef._key)
      ctx.bodyMarkers.push({block, markDef})
      return `dangling internal link in body[${bodyOf(ctx.doc)!.indexOf(block)}]`
    },
  },
  {
    family: 'mark-without-markdef',
    types: ['article'],
    weight: 1.5,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const mark = ctx.rng.pick(['ghost-mark', 'link', 'internalLink', 'strong', '', '<script>'])
      markSomeSpan(ctx, block, mark)
      return `mark ${JSON.stringify(mark)} without a markDef in body[${bodyOf(ctx.doc)!.indexOf(block)}]`
    },
  },
  {
    family: 'prototype-mark',
    types: ['article'],
    weight: 1,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const mark = ctx.rng.pick(PROTOTYPE_NAMES)
      markSomeSpan(ctx, block, mark)
      return `mark ${JSON.stringify(mark)} in body[${bodyOf(ctx.doc)!.indexOf(block)}]`
    },
  },
  {
    family: 'hostile-span-text',
    types: ['article'],
    weight: 2,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const span = ctx.rng.pick(block.children as Obj[])
      span.text = hostileString(ctx, 'text')
      return `hostile span text in body[${bodyOf(ctx.doc)!.indexOf(block)}] = ${preview(span.text)}`
    },
  },
  {
    family: 'odd-block-style',
    types: ['article'],
    weight: 1,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length === 0) return null
      const block = ctx.rng.pick(blocks)
      const [field, value] = ctx.rng.pick<[string, unknown]>([
        ['style', 'h1'],
        ['style', 'script'],
        ['style', 42],
        ['style', 'constructor'],
        ['listItem', 'constructor'],
        ['listItem', 'square'],
        ['level', 0],
        ['level', 1e9],
        ['level', 'deep'],
      ])
      block[field] = value
      if (field !== 'listItem' && block.listItem === undefined && ctx.rng.chance(0.5)) block.listItem = 'bullet'
      return `odd ${field} in body[${bodyOf(ctx.doc)!.indexOf(block)}] = ${JSON.stringify(value)}`
    },
  },
  {
    family: 'duplicate-keys',
    types: ['article'],
    weight: 1,
    apply: (ctx) => {
      const blocks = textBlocks(ctx.doc)
      if (blocks.length < 2) return null
      const [a, b] = [ctx.rng.pick(blocks), ctx.rng.pick(blocks)]
      b._key = a._key
      const spans = a.children as Obj[]
      for (const span of spans) span._key = 'same'
      return `duplicate _key ${JSON.stringify(a._key)} on two blocks, and on every span of one`
    },
  },
]

// ---------------------------------------------------------------------------------------------------------
// Pinned mutations (the first batches): hand-picked, so every classic payload is covered whatever the seed.

type Pinned = {family: string; apply: (ctx: Ctx) => string}

const setField = (family: string, field: string, value: unknown): Pinned => ({
  family,
  apply: (ctx) => {
    ctx.doc[field] = value
    return `${family} ${field} = ${preview(value)}`
  },
})

const byFamily = (family: string): Pinned => ({
  family,
  apply: (ctx) => {
    const mutation = MUTATIONS.find((m) => m.family === family)!
    for (let attempt = 0; attempt < 20; attempt++) {
      const description = mutation.apply(ctx)
      if (description) return description
    }
    throw new Error(`pinned mutation ${family} does not apply to ${ctx.doc._id}`)
  },
})

const pinnedLink = (href: string): Pinned => ({
  family: 'hostile-link',
  apply: (ctx) => {
    const block = textBlocks(ctx.doc)[0]
    const markDef = {_type: 'link', _key: uniq(ctx, 'm'), href}
    addMarkDef(block, markDef)
    ;(block.children as Obj[])[0].marks = [markDef._key]
    if (!/^\s*https?:/i.test(href)) ctx.bodyMarkers.push({block, markDef})
    return `hostile link in body[${bodyOf(ctx.doc)!.indexOf(block)}] href = ${preview(href)}`
  },
})

const pinnedBlock = (family: string, block: (ctx: Ctx) => unknown, dropped = true): Pinned => ({
  family,
  apply: (ctx) => {
    const value = block(ctx)
    const body = bodyOf(ctx.doc)!
    body.splice(1, 0, value)
    if (dropped) ctx.bodyMarkers.push({block: value})
    return `${family} at body[1] = ${preview(value)}`
  },
})

const pinnedFieldDrop = (family: string, field: string, change: (value: Obj) => void): Pinned => ({
  family,
  apply: (ctx) => {
    change(ctx.doc[field] as Obj)
    ctx.fieldDrops.push(field)
    return `${family} ${field}`
  },
})

/** Pinned mutations by source document position within its type (0 = first article in the dataset, ...). */
const PINNED: Partial<Record<SourceType, Pinned[][]>> = {
  article: [
    // 0: markup in every text field the page, its JSON-LD and the feeds show
    [
      setField('hostile-string', 'title', '</script><script>alert(1)</script> headline'),
      setField('hostile-string', 'dek', '<img src=x onerror=alert(1)> "><svg onload=alert(1)>'),
      {
        family: 'hostile-string',
        apply: (ctx) => {
          ctx.doc.seo = {_type: 'seo', title: '</script><script>alert(1)</script>', description: '\u2028</script>\u2029 <!--'}
          return 'hostile seo.title / seo.description'
        },
      },
    ],
    // 1: every hostile link scheme, in one body
    HOSTILE_URLS.map(pinnedLink),
    // 2: body blocks typed like Object.prototype properties
    [
      pinnedBlock('prototype-block-type', (ctx) => ({...paragraph(ctx, 'constructor'), _type: 'constructor'})),
      pinnedBlock('prototype-block-type', (ctx) => ({...paragraph(ctx, 'proto'), _type: '__proto__'})),
      pinnedBlock('prototype-block-type', (ctx) => ({...paragraph(ctx, 'toString'), _type: 'toString'})),
    ],
    // 3: a span marked with an Object.prototype property name
    [
      {
        family: 'prototype-mark',
        apply: (ctx) => {
          ;(textBlocks(ctx.doc)[0].children as Obj[])[0].marks = ['constructor']
          return 'mark "constructor" on body[0].children[0]'
        },
      },
    ],
    // 4: 1 MB headline and 1 MB paragraph
    [setField('hostile-string', 'title', ONE_MB), pinnedBlock('hostile-span-text', (ctx) => paragraph(ctx, ONE_MB), false)],
    // 5: deep nesting in the body, a markDef and the seo object
    [
      pinnedBlock('deep-nesting', () => deeplyNested(200, 'block')),
      setField('deep-nesting', 'seo', deeplyNested(200, 'object')),
      {
        family: 'broken-markdefs',
        apply: (ctx) => {
          const block = textBlocks(ctx.doc)[0]
          const markDef = {_type: 'link', _key: 'deep', href: deeplyNested(200, 'array')}
          addMarkDef(block, markDef)
          ctx.bodyMarkers.push({block, markDef})
          return 'markDef href nested 200 deep'
        },
      },
    ],
    // 6: the author does not exist: the story cannot be bylined
    [
      {
        family: 'dangling-reference',
        apply: (ctx) => {
          ctx.doc.author = {_type: 'reference', _ref: missingId(ctx)}
          return 'dangling author'
        },
      },
    ],
    // 7: a hero image without alt text: it must be dropped, and the drop logged
    [pinnedFieldDrop('delete-field', 'mainImage', (image) => delete image.alt)],
    // 8: a hero image whose LQIP is not a data: image
    [
      {
        family: 'hostile-lqip',
        apply: (ctx) => {
          const assetId = `image-${uniq(ctx, 'pinnedlqip')}-1600x900-png`
          ctx.extraDocs.push({_id: assetId, _type: 'sanity.imageAsset', metadata: {lqip: HOSTILE_LQIPS[2]}})
          ;(ctx.doc.mainImage as Obj).asset = {_type: 'reference', _ref: assetId}
          return `hero LQIP = ${preview(HOSTILE_LQIPS[2])}`
        },
      },
    ],
    // 9: a publishedAt that is not a date, in a story search will find (its dek says "script alert")
    [setField('odd-date', 'publishedAt', 'not a date'), setField('hostile-string', 'dek', 'script alert: a story without a date')],
    // 10: unknown blocks and dangling embeds
    [
      pinnedBlock('unknown-block-type', (ctx) => ({_type: 'video', _key: uniq(ctx, 'k'), url: 'javascript:alert(1)'})),
      pinnedBlock('dangling-embed', (ctx) => ({
        _type: 'quoteEmbed',
        _key: uniq(ctx, 'k'),
        quote: {_type: 'reference', _ref: missingId(ctx)},
      })),
      pinnedBlock('dangling-embed', (ctx) => ({_type: 'principleListEmbed', _key: uniq(ctx, 'k')})),
      pinnedBlock('broken-block', (ctx) => ({...paragraph(ctx, 'no key'), _key: undefined})),
    ],
    // 11: right-to-left and emoji text everywhere a reader sees it
    [
      setField('hostile-string', 'title', `${AWKWARD_STRINGS[0]} ${AWKWARD_STRINGS[2]} ${AWKWARD_STRINGS[4]}`),
      setField('hostile-string', 'dek', AWKWARD_STRINGS[1]),
      pinnedBlock('hostile-span-text', (ctx) => paragraph(ctx, AWKWARD_STRINGS.join(' ')), false),
    ],
    // 12: a slug made of markup
    [
      {
        family: 'hostile-slug',
        apply: (ctx) => {
          const slug = ctx.doc.slug as Obj
          slug.current = `</script><script>alert(1)</script>"'><${slug.current}`
          return 'slug with markup'
        },
      },
      byFamily('odd-block-style'),
      byFamily('duplicate-keys'),
      byFamily('mark-without-markdef'),
    ],
    // 13: an updatedAt that is not a date (the sitemap reads it)
    [setField('odd-date', 'updatedAt', '</lastmod><script>alert(1)</script> & more')],
    // 14: topic references: dangling, null, wrong type, duplicated
    [
      {
        family: 'dangling-reference',
        apply: (ctx) => {
          ctx.doc.topics = [
            {_type: 'reference', _key: 'a', _ref: missingId(ctx)},
            null,
            {_type: 'reference', _key: 'c', _ref: ctx.idsByType.get('author')![0]},
            ...(Array.isArray(ctx.doc.topics) ? ctx.doc.topics : []),
            ...(Array.isArray(ctx.doc.topics) ? ctx.doc.topics : []),
          ]
          return 'topics: dangling, null, an author, and every topic twice'
        },
      },
    ],
    // 15: a body that is not an array, and wrong-typed flags
    [
      setField('wrong-type', 'body', {_type: 'block', children: 'not an array of blocks'}),
      setField('wrong-type', 'hasAffiliateLinks', 'yes'),
    ],
  ],
  quote: [
    [
      setField('hostile-url', 'source', {title: '<script>alert(1)</script>', url: 'javascript:alert(1)'}),
      setField('hostile-string', 'text', XSS_STRINGS[0]),
    ],
    [setField('hostile-string', 'speakerName', AWKWARD_STRINGS[2]), setField('odd-date', 'date', '2026-02-30')],
    [setField('hostile-string', 'text', ONE_MB)],
    [setField('hostile-url', 'source', {title: 'data', url: 'data:text/html,<script>alert(1)</script>'})],
    [setField('wrong-type', 'source', 'https://example.com/')],
    [setField('deep-nesting', 'text', deeplyNested(200, 'array'))],
  ],
  principleList: [
    [
      setField('hostile-url', 'sourceUrl', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='),
      {
        family: 'delete-field',
        apply: (ctx) => {
          const principles = ctx.doc.principles as Obj[]
          delete principles[0].description
          principles[1]._key = principles[2]._key
          return 'principles[0] without description; principles[1] and [2] share a _key'
        },
      },
    ],
    [setField('wrong-type', 'principles', [null, 7, {_key: 'x'}])],
    [setField('hostile-string', 'title', XSS_STRINGS[3]), setField('hostile-url', 'sourceUrl', ' javascript:alert(1)')],
  ],
  author: [
    [setField('hostile-string', 'name', XSS_STRINGS[0]), setField('hostile-string', 'bio', AWKWARD_STRINGS[0])],
    [
      {
        family: 'hostile-lqip',
        apply: (ctx) => {
          const assetId = `image-${uniq(ctx, 'pinnedlqip')}-400x400-png`
          ctx.extraDocs.push({_id: assetId, _type: 'sanity.imageAsset', metadata: {lqip: HOSTILE_LQIPS[1]}})
          ctx.doc.image = {_type: 'image', alt: 'x', asset: {_type: 'reference', _ref: assetId}}
          return `author image LQIP = ${preview(HOSTILE_LQIPS[1])}`
        },
      },
    ],
    [
      {
        family: 'hostile-slug',
        apply: (ctx) => {
          ;(ctx.doc.slug as Obj).current = `${XSS_STRINGS[2]}${(ctx.doc.slug as Obj).current}`
          return 'author slug with markup'
        },
      },
    ],
  ],
  topic: [
    [
      setField('hostile-string', 'title', XSS_STRINGS[0]),
      setField('hostile-string', 'description', ']]></description><script>alert(1)</script>'),
    ],
    [setField('hostile-string', 'description', ONE_MB)],
    [setField('wrong-type', 'slug', {current: 7})],
  ],
  siteSettings: [
    [
      setField('hostile-string', 'title', XSS_STRINGS[0]),
      setField('hostile-string', 'description', AWKWARD_STRINGS[2]),
      setField('hostile-string', 'affiliateDisclosure', XSS_STRINGS[2]),
      {
        family: 'dangling-reference',
        apply: (ctx) => {
          ctx.doc.navTopics = [null, {_type: 'reference', _key: 'x', _ref: missingId(ctx)}, ...(ctx.doc.navTopics as unknown[])]
          return 'navTopics: null and a dangling reference first'
        },
      },
    ],
  ],
}

/**
 * A second pinned batch, for damage that could take down a whole output of its batch (a slug that is not
 * well-formed UTF-16 breaks encodeURIComponent in every feed and sitemap it is listed in), so it cannot
 * hide what batch 0 checks in those outputs.
 */
const PINNED_B: Partial<Record<SourceType, Pinned[][]>> = {
  article: [
    [
      {
        family: 'hostile-slug',
        apply: (ctx) => {
          ;(ctx.doc.slug as Obj).current = `${(ctx.doc.slug as Obj).current}-lone-surrogate-\uD800`
          return 'slug ending in a lone surrogate (\\uD800)'
        },
      },
    ],
    [
      {
        family: 'prototype-mark',
        apply: (ctx) => {
          const spans = textBlocks(ctx.doc)[0].children as Obj[]
          spans[0].marks = ['hasOwnProperty']
          return 'mark "hasOwnProperty" on body[0].children[0]'
        },
      },
    ],
    [byFamily('huge-array')],
    [byFamily('dangling-internal-link'), byFamily('missing-key')],
    [byFamily('broken-asset-reference')],
  ],
  // the families no pinned mutation above uses, once each (random, so their outcome is not pinned)
  quote: [[byFamily('reference-to-wrong-type'), byFamily('reference-not-a-string')]],
  principleList: [[byFamily('duplicate-item'), byFamily('prototype-name')]],
  author: [[byFamily('prototype-slug')]],
  topic: [
    [
      {
        family: 'hostile-slug',
        apply: (ctx) => {
          ;(ctx.doc.slug as Obj).current = `\uDFFF${(ctx.doc.slug as Obj).current}`
          return 'slug starting with a lone surrogate (\\uDFFF)'
        },
      },
    ],
  ],
}

/**
 * Pinned variants whose page must 404 (the document cannot be shown: no byline, no date, no text, no
 * slug, or a slug that is not well-formed UTF-16 and so can never be requested). Every other pinned variant must reach rendering, so its payloads are really exercised.
 */
type PinnedTable = {
  table: Partial<Record<SourceType, Pinned[][]>>
  notFound: Partial<Record<SourceType, number[]>>
  /** Pinned variants made by random mutations (byFamily): their outcome is not pinned. */
  unpinned?: Partial<Record<SourceType, number[]>>
  mode: 'big strings' | 'huge arrays'
}
const PINNED_TABLES: PinnedTable[] = [
  {table: PINNED, notFound: {article: [6, 9, 15], quote: [5], principleList: [1], topic: [2]}, mode: 'big strings'},
  {
    table: PINNED_B,
    notFound: {article: [0], topic: [0]},
    unpinned: {article: [2, 3, 4], quote: [0], principleList: [0], author: [0]},
    mode: 'huge arrays',
  },
]

// ---------------------------------------------------------------------------------------------------------
// Batches

export type Sources = {sources: Doc[]; rest: Doc[]}

/** Splits a dataset into the documents to fuzz (published documents of the source types) and the rest. */
export function splitDataset(documents: Doc[]): Sources {
  const isSource = (doc: Doc) =>
    (SOURCE_TYPES as readonly string[]).includes(doc._type) && !doc._id.startsWith('drafts.') && !doc._id.startsWith('versions.')
  return {sources: documents.filter(isSource), rest: documents.filter((doc) => !isSource(doc))}
}

const suffix = (batch: number) => `-fuzz-${batch}`

/** A source document as it appears in batch `batch`, before mutation: ids, references and slug suffixed. */
function instantiate(source: Doc, batch: number, sourceIds: Set<string>): Doc {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite)
    if (!isObj(value)) return value
    const out: Obj = {}
    for (const [key, child] of Object.entries(value)) {
      out[key] = key === '_ref' && typeof child === 'string' && sourceIds.has(child) ? `${child}${suffix(batch)}` : rewrite(child)
    }
    return out
  }
  const doc = rewrite(source) as Doc
  if (doc._type !== 'siteSettings') doc._id = `${source._id}${suffix(batch)}`
  const slug = doc.slug as Obj | undefined
  if (isObj(slug) && typeof slug.current === 'string') slug.current = `${slug.current}${suffix(batch)}`
  return doc
}

function finishVariant(source: Doc, doc: Doc, ctx: Ctx, mutations: string[], families: string[]): Variant {
  const nominal = `${(source.slug as Obj | undefined)?.current ?? source._id}${suffix(ctx.batch)}`
  const current = (doc.slug as Obj | undefined)?.current
  const reachable = isObj(doc.slug) && typeof current === 'string' && current.length > 0
  const body = bodyOf(doc)
  const expectedBodyDrops: string[] = []
  for (const marker of ctx.bodyMarkers) {
    if (!body) break
    let index = body.indexOf(marker.block)
    const wrapped = marker.block as {index?: number; value?: unknown}
    if (index < 0 && isObj(wrapped) && 'index' in wrapped && 'value' in wrapped) {
      // a primitive block: find it by value at the index it was inserted at, or anywhere
      index = body.findIndex((block) => block === wrapped.value)
    }
    if (index < 0) continue
    if (marker.markDef !== undefined) {
      const markDefs = (body[index] as Block).markDefs
      if (!Array.isArray(markDefs) || !markDefs.includes(marker.markDef)) continue
    }
    expectedBodyDrops.push(`body[${index}]`)
  }
  return {
    id: doc._id,
    sourceId: source._id,
    type: source._type as SourceType,
    batch: ctx.batch,
    routeSlug: reachable ? (current as string) : nominal,
    reachable,
    mutations,
    families,
    expectedBodyDrops: [...new Set(expectedBodyDrops)],
    expectedFieldDrops: ctx.fieldDrops,
    doc,
  }
}

function newCtx(
  rng: Rng,
  batch: number,
  doc: Doc,
  shared: Omit<Ctx, 'rng' | 'batch' | 'doc' | 'type' | 'bodyMarkers' | 'fieldDrops'>,
): Ctx {
  return {...shared, rng, batch, doc, type: doc._type as SourceType, bodyMarkers: [], fieldDrops: []}
}

/**
 * State shared by the variants of one batch. A batch gets either 1 MB strings or 500-item arrays, never
 * both: repeated references multiply the text they point at (500 references to a topic with a 1 MB title
 * render 500 MB of HTML), which would only measure the test machine's memory.
 */
function sharedState(sources: Doc[], batch: number, mode: 'big strings' | 'huge arrays' = 'big strings') {
  const idsByType = new Map<string, string[]>()
  for (const source of sources) {
    const id = source._type === 'siteSettings' ? source._id : `${source._id}${suffix(batch)}`
    idsByType.set(source._type, [...(idsByType.get(source._type) ?? []), id])
  }
  return {
    extraDocs: [] as Doc[],
    idsByType,
    budget: {
      bigStrings: mode === 'big strings' ? 2 : 0,
      hugeArrays: mode === 'huge arrays' ? 2 : 0,
      prototypeSlugs: new Set<string>(),
    },
    counter: {n: 0},
  }
}

/**
 * A pinned batch: the hand-picked mutations of one table. A source document without pinned mutations stays
 * as it is (only its ids, references and slug suffixed), so the pinned ones are not masked by random
 * damage to, say, their author.
 */
function pinnedBatch({sources, rest}: Sources, rng: Rng, index: number): Batch {
  const {table, notFound, unpinned, mode} = PINNED_TABLES[index]
  const sourceIds = new Set(sources.map((s) => s._id))
  const shared = sharedState(sources, index, mode)
  const position = new Map<string, number>()
  const variants = sources.map((source) => {
    const n = position.get(source._type) ?? 0
    position.set(source._type, n + 1)
    const doc = instantiate(source, index, sourceIds)
    const ctx = newCtx(rng.fork(`pinned:${index}:${source._id}`), index, doc, shared)
    const pinned = table[source._type as SourceType]?.[n]
    const mutations: string[] = []
    const families: string[] = []
    for (const mutation of pinned ?? []) {
      mutations.push(mutation.apply(ctx))
      families.push(mutation.family)
    }
    const variant = finishVariant(source, doc, ctx, mutations, families)
    if (pinned && !unpinned?.[variant.type]?.includes(n))
      variant.pinnedExpectation = notFound[variant.type]?.includes(n) ? 'notFound' : 'ok'
    return variant
  })
  const documents = [...variants.map((v) => v.doc), ...shared.extraDocs, ...rest]
  return {index, kind: 'pinned', label: `pinned #${index}`, variants, documents}
}

function applyRandom(ctx: Ctx, count: number, mutations: string[], families: string[]): void {
  const applicable = MUTATIONS.filter((m) => m.types === ALL || m.types.includes(ctx.type))
  const pick = () => ctx.rng.weighted(applicable.map((m) => [m.weight, m] as const))
  const chosen = Array.from({length: count}, pick)
  // marker-leaving body mutations last, so no later mutation can undo what they expect to be dropped
  chosen.sort((a, b) => Number(Boolean(a.late)) - Number(Boolean(b.late)))
  const apply = (mutation: Mutation) => {
    let description: string | null = null
    for (let attempt = 0; attempt < 5 && !description; attempt++) description = mutation.apply(ctx)
    if (!description) return
    mutations.push(description)
    families.push(mutation.family)
  }
  chosen.forEach(apply)
  // every random variant is mutated at least once, even when the chosen mutations did not apply
  for (let attempt = 0; attempt < 20 && mutations.length === 0; attempt++) apply(pick())
}

function randomBatch({sources, rest}: Sources, index: number, rng: Rng): Batch {
  const sourceIds = new Set(sources.map((s) => s._id))
  const shared = sharedState(sources, index, rng.fork(`budget:${index}`).chance(0.5) ? 'big strings' : 'huge arrays')
  const variants = sources.map((source) => {
    const doc = instantiate(source, index, sourceIds)
    const ctx = newCtx(rng.fork(`batch:${index}:${source._id}`), index, doc, shared)
    const mutations: string[] = []
    const families: string[] = []
    applyRandom(
      ctx,
      ctx.rng.weighted([
        [4, 1],
        [3, 2],
        [2, 3],
        [1, 4],
      ]),
      mutations,
      families,
    )
    return finishVariant(source, doc, ctx, mutations, families)
  })
  return {
    index,
    kind: 'random',
    label: `random #${index}`,
    variants,
    documents: [...variants.map((v) => v.doc), ...shared.extraDocs, ...rest],
  }
}

/** The pinned batches, then `randomBatches` random ones, all from `seed`. */
export function generateBatches(dataset: Doc[], {seed, randomBatches}: {seed: number; randomBatches: number}): Batch[] {
  const split = splitDataset(dataset)
  const rng = new Rng(seed)
  const pinned = PINNED_TABLES.map((_, index) => pinnedBatch(split, rng, index))
  return [...pinned, ...Array.from({length: randomBatches}, (_, i) => randomBatch(split, pinned.length + i, rng))]
}

/** Every mutation family the generator knows: the test checks each one was used. */
export const FAMILIES = [...new Set(MUTATIONS.map((m) => m.family))]

/** A one-line description of a variant for failure messages. */
export function describeVariant(variant: Variant): string {
  return `${variant.id} [batch ${variant.batch}] (${variant.mutations.join('; ') || 'unmutated'})`
}

/** The demo dataset itself, unmutated, as a batch (index -1): the harness must render all of it. */
export function baselineBatch(dataset: Doc[]): Batch {
  const {sources} = splitDataset(dataset)
  const variants = sources.map((doc): Variant => {
    const slug = (doc.slug as Obj | undefined)?.current
    return {
      id: doc._id,
      sourceId: doc._id,
      type: doc._type as SourceType,
      batch: -1,
      routeSlug: typeof slug === 'string' ? slug : doc._id,
      reachable: typeof slug === 'string',
      mutations: [],
      families: [],
      expectedBodyDrops: [],
      expectedFieldDrops: [],
      doc,
    }
  })
  return {index: -1, kind: 'demo', label: 'demo (unmutated)', variants, documents: dataset}
}
