/** @jest-environment node */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {evaluate, parse} from 'groq-js'
import * as queries from '@/lib/content/queries'
import {EmbeddedStore, readDataset, type DatasetChange, type Perspective, type StoredDocument} from '@/lib/content/store'
import {generateDataset, toNdjson} from '../support/generate-dataset'

const DEMO = path.join(process.cwd(), 'sanity/demo/dataset.ndjson')
const FIXTURES = path.join(process.cwd(), 'tests/fixtures')
const DRAFT_TITLES = [
  'Microsoft bars police from its facial recognition until Congress acts',
  'Exclusive: Inside the quantum roadmap nobody has announced yet',
]

type Params = Record<string, unknown>
type Case = [name: string, query: string, params: Params]

const isDefinition = (value: unknown): value is queries.QueryDefinition =>
  typeof value === 'object' && value !== null && 'query' in value && 'schema' in value
const definitions: queries.QueryDefinition[] = Object.values(queries).filter(isDefinition)

/** The same query evaluated by plain groq-js over every document of the perspective, no indexes. */
async function fullScan(store: EmbeddedStore, query: string, params: Params, perspective: Perspective = 'published') {
  const result = await evaluate(parse(query, {params}), {dataset: store.view(perspective).documents, params})
  return result.get()
}

const slugsOf = (docs: readonly StoredDocument[], type: string) =>
  docs
    .filter((doc) => doc._type === type && !doc._id.startsWith('drafts.'))
    .map((doc) => (doc.slug as {current?: string} | undefined)?.current)
    .filter((slug): slug is string => typeof slug === 'string')

/** Every site query with the params its pages pass, for slugs sampled from the documents. */
function casesFor(docs: readonly StoredDocument[], sample: number): Case[] {
  const every = (list: string[]) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / sample)) === 0)
  const articles = slugsOf(docs, 'article')
  const total = articles.length
  const cases: Case[] = [
    ['siteSettings', queries.siteSettings.query, {}],
    ['allQuotes', queries.allQuotes.query, {}],
    ['allPrincipleLists', queries.allPrincipleLists.query, {}],
    ['allTopics', queries.allTopics.query, {}],
  ]
  for (const [start, end] of [[0, 12], [12, 24], [Math.max(0, total - 5), total + 7]]) {
    cases.push([`latestArticles ${start}…${end}`, queries.latestArticles.query, {start, end}])
  }
  for (const slug of [...every(articles), 'no-such-story', 'inside-the-quantum-roadmap', 'unpublished-draft-0']) {
    cases.push([`articleBySlug ${slug}`, queries.articleBySlug.query, {slug}])
  }
  for (const slug of every(slugsOf(docs, 'topic'))) {
    cases.push([`topicPage ${slug} p1`, queries.topicPage.query, {slug, start: 0, end: 12}])
    cases.push([`topicPage ${slug} p2`, queries.topicPage.query, {slug, start: 12, end: 24}])
  }
  for (const slug of every(slugsOf(docs, 'author'))) {
    cases.push([`authorPage ${slug}`, queries.authorPage.query, {slug, start: 0, end: 12}])
  }
  for (const slug of every(slugsOf(docs, 'quote'))) cases.push([`quoteBySlug ${slug}`, queries.quoteBySlug.query, {slug}])
  for (const slug of every(slugsOf(docs, 'principleList'))) {
    cases.push([`principleListBySlug ${slug}`, queries.principleListBySlug.query, {slug}])
  }
  for (const type of ['article', 'topic', 'author', 'quote', 'principleList']) {
    cases.push([`slugsOf ${type}`, queries.slugsOf.query, {type, limit: 200}])
  }
  return cases
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-store-'))
}

describe('the indexed store answers exactly like a full groq-js scan', () => {
  const demo = new EmbeddedStore(DEMO)
  const demoCases = casesFor(demo.documents, Infinity)

  it('the cases cover every query the site defines', () => {
    const covered = new Set(demoCases.map(([, query]) => query))
    for (const definition of definitions) expect(covered).toContain(definition.query)
  })

  it.each(demoCases)('demo dataset: %s', async (_name, query, params) => {
    const indexed = await demo.query(query, params)
    expect(indexed).toStrictEqual(await fullScan(demo, query, params))
  })

  it.each(demoCases)('demo dataset, drafts perspective: %s', async (_name, query, params) => {
    const indexed = await demo.query(query, params, 'drafts')
    expect(indexed).toStrictEqual(await fullScan(demo, query, params, 'drafts'))
  })

  describe('generated datasets', () => {
    const dir = tmpDir()
    const storeOf = (articleCount: number) => {
      const file = path.join(dir, `generated-${articleCount}.ndjson`)
      fs.writeFileSync(file, toNdjson(generateDataset(articleCount, 7)))
      return new EmbeddedStore(file)
    }
    const large = storeOf(2000)
    const medium = storeOf(400)
    afterAll(() => fs.rmSync(dir, {recursive: true, force: true}))

    /**
     * allQuotes and allPrincipleLists count the citing articles of every quote/list with
     * `count(*[... && references(^._id)])`: O(quotes × articles) in groq-js whichever path runs it
     * (about 15 s for allQuotes at 2,000 articles), so they are compared on 400 articles.
     */
    const perItemCounts = new Set([queries.allQuotes.query, queries.allPrincipleLists.query])

    it('hold 2,000 and 400 published articles', () => {
      expect(large.view('published').byType.get('article')).toHaveLength(2000)
      expect(medium.view('published').byType.get('article')).toHaveLength(400)
    })

    it.each(casesFor(large.documents, 3).filter(([, query]) => !perItemCounts.has(query)))(
      '2,000 articles: %s',
      async (_name, query, params) => {
        expect(await large.query(query, params)).toStrictEqual(await fullScan(large, query, params))
      },
    )

    it.each(casesFor(medium.documents, 3).filter(([, query]) => perItemCounts.has(query)))(
      '400 articles: %s',
      async (_name, query, params) => {
        const indexed = await medium.query<{articleCount: number}[]>(query, params)
        expect(indexed.some((item) => item.articleCount > 0)).toBe(true)
        expect(indexed).toStrictEqual(await fullScan(medium, query, params))
      },
    )

    it('the compared queries return content, not just matching nulls', async () => {
      const page = await large.query<{items: unknown[]; total: number}>(queries.latestArticles.query, {start: 0, end: 12})
      expect(page.items).toHaveLength(12)
      expect(page.total).toBe(slugsOf(large.documents, 'article').length)
      const slug = slugsOf(large.documents, 'topic')[0]
      const topic = await large.query<{total: number}>(queries.topicPage.query, {slug, start: 0, end: 12})
      expect(topic.total).toBeGreaterThan(0)
      const article = await large.query<{body: unknown[]} | null>(queries.articleBySlug.query, {
        slug: slugsOf(large.documents, 'article')[0],
      })
      expect(article?.body.length).toBeGreaterThan(0)
    })
  })
})

describe('queries the site does not run yet, compared the same way', () => {
  const demo = new EmbeddedStore(DEMO)
  const same = async (query: string) => expect(await demo.query(query)).toStrictEqual(await fullScan(demo, query, {}))

  it('several constraints on several * keep dataset order', async () => {
    await same('{"a": *[_type == "author"]._id, "b": *[_type == "topic"]._id}')
  })

  it('an `in` list whose values are in dataset order', async () => {
    await same('*[_type in ["topic", "author"]]._id')
  })

  // KNOWN BUG (lib/content/store.ts, candidatesFor): with a single `*`, the candidates come back in the
  // order of the values in the query, and once per repeated value, instead of deduplicated in dataset
  // order. These become plain `it`s once fixed; `it.failing` fails the run when they start passing.
  it.failing('an `in` list of types in another order than the dataset', async () => {
    await same('*[_type in ["author", "topic"]]._id')
  })

  it.failing('an `in` list of ids in another order than the dataset', async () => {
    await same('*[_id in ["topic-policy", "topic-ai"]]._id')
  })

  it.failing('an `in` list of slugs in another order than the dataset', async () => {
    await same('*[slug.current in ["policy", "ai"]]._id')
  })

  it.failing('an `in` list naming one id twice', async () => {
    await same('*[_id in ["topic-ai", "topic-ai"]]._id')
  })
})

describe('generateDataset', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    expect(generateDataset(50, 3)).toStrictEqual(generateDataset(50, 3))
    expect(generateDataset(50, 3)).not.toStrictEqual(generateDataset(50, 4))
  })

  it('writes articles whose bodies embed quotes and principle lists, with drafts beside them', () => {
    const docs = generateDataset(200)
    const ids = new Set(docs.map((doc) => doc._id))
    expect(ids.size).toBe(docs.length)
    const articles = docs.filter((doc) => doc._type === 'article' && !doc._id.startsWith('drafts.'))
    expect(articles).toHaveLength(200)
    const blocks = articles.flatMap((doc) => doc.body as {_type: string}[])
    expect(blocks.some((block) => block._type === 'quoteEmbed')).toBe(true)
    expect(blocks.some((block) => block._type === 'principleListEmbed')).toBe(true)
    expect(docs.some((doc) => doc._id.startsWith('drafts.article-'))).toBe(true)
    // every reference points at a document that exists
    const refs = JSON.stringify(docs).match(/"_ref":"[^"]+"/g)!.map((match) => match.slice(8, -1))
    expect(refs.filter((ref) => !ids.has(ref))).toEqual([])
  })
})

describe('perspectives', () => {
  const demo = new EmbeddedStore(DEMO)

  describe('published', () => {
    it('never contains a draft', async () => {
      expect(demo.view('published').documents.filter((doc) => doc._id.startsWith('drafts.'))).toEqual([])
      expect(await demo.query('*[_id in path("drafts.**")]._id')).toEqual([])
      const titles = await demo.query<string[]>('*[_type == "article"].title')
      expect(titles.length).toBeGreaterThan(0)
      for (const draft of DRAFT_TITLES) expect(titles).not.toContain(draft)
    })

    it('finds a draft-only slug nowhere', async () => {
      expect(await demo.query('*[slug.current == "inside-the-quantum-roadmap"]')).toEqual([])
    })
  })

  describe('drafts', () => {
    it('lays the draft over the published document, keeping the published _id', async () => {
      const article = await demo.query<StoredDocument>(
        '*[_type == "article" && slug.current == $slug][0]{_id, _originalId, title}',
        {slug: 'microsoft-wont-sell-facial-recognition-to-police'},
        'drafts',
      )
      expect(article).toEqual({
        _id: 'article-facial-recognition-police',
        _originalId: 'drafts.article-facial-recognition-police',
        title: 'Microsoft bars police from its facial recognition until Congress acts',
      })
      const copies = await demo.query('*[_id == "article-facial-recognition-police"]', {}, 'drafts')
      expect(copies).toHaveLength(1)
    })

    it('keeps documents without a draft as they are, their _originalId their own _id', async () => {
      const ibm = await demo.query<StoredDocument>('*[_id == "article-ibm-exits-facial-recognition"][0]{_id, _originalId}', {}, 'drafts')
      expect(ibm).toEqual({_id: 'article-ibm-exits-facial-recognition', _originalId: 'article-ibm-exits-facial-recognition'})
    })

    it('shows a draft-only document only in drafts', async () => {
      const query = '*[_type == "article" && slug.current == "inside-the-quantum-roadmap"][0]{_id, _originalId, title}'
      expect(await demo.query(query)).toBeNull()
      expect(await demo.query(query, {}, 'drafts')).toEqual({
        _id: 'article-draft-only-quantum-roadmap',
        _originalId: 'drafts.article-draft-only-quantum-roadmap',
        title: 'Exclusive: Inside the quantum roadmap nobody has announced yet',
      })
    })

    it('resolves a reference inside a draft to the draft of the referenced document', async () => {
      const store = new EmbeddedStore(path.join(FIXTURES, 'drafts.ndjson'))
      const query = '*[_type == "article" && slug.current == "story-a"][0]{title, "quote": body[0].quote->{_id, _originalId, text}}'
      expect(await store.query(query, {}, 'drafts')).toEqual({
        title: 'Draft headline',
        quote: {_id: 'quote-q', _originalId: 'drafts.quote-q', text: 'The edited words, not yet published.'},
      })
      expect(await store.query(query, {}, 'published')).toEqual({
        title: 'Published headline',
        quote: {_id: 'quote-q', _originalId: null, text: 'The published words.'},
      })
    })

    it('counts each document once, published or draft', async () => {
      const store = new EmbeddedStore(path.join(FIXTURES, 'drafts.ndjson'))
      expect(await store.query('*[_type == "article"] | order(publishedAt asc).title', {}, 'drafts')).toEqual([
        'Another published story',
        'Draft headline',
        'Draft-only headline',
      ])
      expect(await store.query('*[_type == "article"] | order(publishedAt asc).title')).toEqual([
        'Another published story',
        'Published headline',
      ])
    })
  })
})

describe('loading NDJSON', () => {
  it('skips a malformed line with a warning naming the file and line, and loads the rest', () => {
    const file = path.join(FIXTURES, 'malformed.ndjson')
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const docs = readDataset(file)
      expect(docs.map((doc) => doc._id)).toEqual(['author-x', 'quote-q', 'article-c', 'article-a'])
      const messages = warn.mock.calls.map((args) => String(args[0]))
      expect(messages).toHaveLength(2)
      expect(messages[0]).toContain(`${file}:3`)
      expect(messages[1]).toContain(`${file}:5`)
      expect(messages[1]).toContain('no _id or _type')
    } finally {
      warn.mockRestore()
    }
  })

  it('a store over that file still answers queries', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const store = new EmbeddedStore(path.join(FIXTURES, 'malformed.ndjson'))
      expect(await store.query('*[_type == "article"] | order(_id asc)._id')).toEqual(['article-a', 'article-c'])
    } finally {
      warn.mockRestore()
    }
  })
})

describe('changes to the dataset', () => {
  let dir: string
  let file: string
  let store: EmbeddedStore
  const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
  const title = () => store.query<string | null>('*[_id == "article-c"][0].title')

  beforeEach(() => {
    dir = tmpDir()
    file = path.join(dir, 'dataset.ndjson')
    fs.writeFileSync(file, toNdjson(fixture))
    store = new EmbeddedStore(file)
  })

  afterEach(() => {
    store.close()
    fs.rmSync(dir, {recursive: true, force: true})
  })

  /** The fixture with article-c retitled, drafts.article-b removed and a new topic added. */
  const edited = () => [
    ...fixture
      .filter((doc) => doc._id !== 'drafts.article-b')
      .map((doc) => (doc._id === 'article-c' ? {...doc, title: 'A corrected headline'} : doc)),
    {_id: 'topic-new', _type: 'topic', title: 'New topic', slug: {_type: 'slug', current: 'new-topic'}},
  ]

  it('replace() reports changed and removed documents, tells listeners, and serves the new content', async () => {
    expect(await title()).toBe('Another published story')
    const heard: DatasetChange[] = []
    store.onChange((change) => heard.push(change))
    const change = store.replace(edited())
    expect(change.changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(change.removed.map((doc) => doc._id)).toEqual(['drafts.article-b'])
    expect(heard).toEqual([change])
    expect(await title()).toBe('A corrected headline')
    expect(await store.query('*[slug.current == "story-b"]', {}, 'drafts')).toEqual([])
  })

  it('replace() with the same documents changes nothing and tells no one', () => {
    const listener = jest.fn()
    store.onChange(listener)
    expect(store.replace(fixture.map((doc) => structuredClone(doc)))).toEqual({changed: [], removed: []})
    expect(listener).not.toHaveBeenCalled()
  })

  it('a listener that unsubscribes hears nothing more', () => {
    const listener = jest.fn()
    const unsubscribe = store.onChange(listener)
    unsubscribe()
    store.replace(edited())
    expect(listener).not.toHaveBeenCalled()
  })

  it('reload() reads the file again and reports what changed', async () => {
    const listener = jest.fn()
    store.onChange(listener)
    fs.writeFileSync(file, toNdjson(edited()))
    const change = store.reload()
    expect(change.changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(change.removed.map((doc) => doc._id)).toEqual(['drafts.article-b'])
    expect(listener).toHaveBeenCalledWith(change)
    expect(await title()).toBe('A corrected headline')
  })

  it('watch() reloads when the file changes on disk', async () => {
    const heard: DatasetChange[] = []
    store.onChange((change) => heard.push(change))
    store.watch()
    fs.writeFileSync(file, toNdjson(edited()))
    await waitFor(() => heard.length > 0)
    expect(heard[0].changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(await title()).toBe('A corrected headline')
  })

  it('watch() also picks up a file replaced by rename, as editors save', async () => {
    store.watch()
    const next = path.join(dir, 'dataset.ndjson.tmp')
    fs.writeFileSync(next, toNdjson(edited()))
    fs.renameSync(next, file)
    await waitFor(async () => (await title()) === 'A corrected headline')
    expect(await title()).toBe('A corrected headline')
  })

  it('after close(), changes on disk are no longer loaded', async () => {
    store.watch()
    store.close()
    const listener = jest.fn()
    store.onChange(listener)
    fs.writeFileSync(file, toNdjson(edited()))
    // give a (wrongly) live watcher every chance to fire before checking that nothing happened
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(listener).not.toHaveBeenCalled()
    expect(await title()).toBe('Another published story')
  })
})

/** Polls until the condition holds; fails after a few seconds. */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the store to reload')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
