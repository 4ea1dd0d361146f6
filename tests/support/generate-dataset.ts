import type {StoredDocument} from '../../lib/offline/store/document'

/**
 * A deterministic synthetic dataset shaped like the demo one: topics, authors, image assets, quotes,
 * principle lists, site settings and articles whose bodies embed quotes and principle lists and link to
 * each other. A few articles have drafts, a few exist only as drafts, and a few have no slug yet.
 *
 * The same (articleCount, seed) always gives the same documents, in the same order. Used by the store
 * tests and by the store benchmark, so it stays free of Jest and of `@/` imports.
 */
export function generateDataset(articleCount: number, seed = 1): StoredDocument[] {
  const random = mulberry32(seed)
  const int = (max: number) => Math.floor(random() * max)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]
  const pickSome = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length) out.push(pool.splice(int(pool.length), 1)[0])
    return out
  }
  let keyCounter = 0
  const key = () => (++keyCounter).toString(16).padStart(12, '0')
  const ref = (id: string) => ({_type: 'reference', _ref: id})
  const keyedRef = (id: string) => ({_type: 'reference', _ref: id, _key: key()})
  const slug = (current: string) => ({_type: 'slug', current})
  const sentence = (words: number) => {
    const text = Array.from({length: words}, () => pick(WORDS)).join(' ')
    return `${text[0].toUpperCase()}${text.slice(1)}.`
  }
  const timestamp = (dayOffset: number, minuteOffset = 0) =>
    new Date(Date.UTC(2024, 0, 1) + dayOffset * 86_400_000 + minuteOffset * 60_000).toISOString().replace('.000Z', 'Z')
  const meta = (index: number) => ({
    _createdAt: timestamp(0, index),
    _updatedAt: timestamp(1, index),
    _rev: `rev${seed}x${index}`,
  })
  let metaIndex = 0

  const docs: StoredDocument[] = []

  const images = Array.from({length: 20}, (_, i) => {
    const hash = hex(random, 40)
    const [w, h] = i % 4 === 0 ? [400, 400] : [1600, 900]
    return {
      _id: `image-${hash}-${w}x${h}-png`,
      _type: 'sanity.imageAsset',
      ...meta(metaIndex++),
      url: `https://example.invalid/${hash}-${w}x${h}.png`,
      metadata: {lqip: 'data:image/png;base64,iVBORw0KGgo=', dimensions: {width: w, height: h}},
    }
  })
  docs.push(...images)
  const imageField = () => ({
    _type: 'image',
    asset: ref(pick(images)._id),
    alt: sentence(6),
    ...(random() < 0.5 ? {caption: sentence(10)} : {}),
    ...(random() < 0.3 ? {credit: 'Illustration: Broadsheet'} : {}),
  })

  const topics = TOPICS.map((title, i) => ({
    _id: `topic-${i}`,
    _type: 'topic',
    ...meta(metaIndex++),
    title,
    slug: slug(title.toLowerCase().replace(/[^a-z0-9]+/g, '-')),
    description: sentence(12),
  }))
  docs.push(...topics)

  const authors = Array.from({length: 20}, (_, i) => {
    const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`
    return {
      _id: `author-${i}`,
      _type: 'author',
      ...meta(metaIndex++),
      name,
      slug: slug(`${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${i}`),
      role: pick(['Reporter', 'Senior Reporter', 'Editor', 'Columnist']),
      bio: sentence(25),
      image: imageField(),
    }
  })
  docs.push(...authors)

  docs.push({
    _id: 'siteSettings',
    _type: 'siteSettings',
    ...meta(metaIndex++),
    title: 'Broadsheet',
    description: sentence(15),
    affiliateDisclosure: 'Broadsheet may earn a commission when you buy through links on our site.',
    navTopics: topics.slice(0, 5).map((topic) => keyedRef(topic._id)),
  })

  const quoteCount = Math.max(3, Math.ceil(articleCount / 20))
  const quotes = Array.from({length: quoteCount}, (_, i) => ({
    _id: `quote-${i}`,
    _type: 'quote',
    ...meta(metaIndex++),
    text: sentence(20 + int(20)),
    slug: slug(`quote-${i}`),
    speakerName: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    speakerRole: pick(['Chief executive', 'President', 'Commissioner', 'Director']),
    organization: pick(ORGANIZATIONS),
    source: {_type: 'quoteSource', title: sentence(6), url: `https://example.com/source/${i}`},
    date: timestamp(int(700)).slice(0, 10),
    topics: pickSome(topics, 2).map((topic) => keyedRef(topic._id)),
  }))
  docs.push(...quotes)

  const listCount = Math.max(2, Math.ceil(articleCount / 50))
  const principleLists = Array.from({length: listCount}, (_, i) => ({
    _id: `principles-${i}`,
    _type: 'principleList',
    ...meta(metaIndex++),
    title: `${pick(ORGANIZATIONS)} principles no. ${i}`,
    slug: slug(`principles-${i}`),
    organization: pick(ORGANIZATIONS),
    intro: sentence(18),
    principles: Array.from({length: 3 + int(5)}, () => ({
      _type: 'principle',
      _key: key(),
      title: sentence(2).slice(0, -1),
      description: sentence(15),
    })),
    sourceUrl: `https://example.com/principles/${i}`,
    date: timestamp(int(700)).slice(0, 10),
    topics: pickSome(topics, 2).map((topic) => keyedRef(topic._id)),
  }))
  docs.push(...principleLists)

  const span = (text: string, marks: string[] = []) => ({_type: 'span', _key: key(), text, marks})
  const paragraph = (articleIndex: number) => {
    const markDefs: Record<string, unknown>[] = []
    const children = [span(`${sentence(15)} `)]
    if (random() < 0.3) children.push(span(pick(WORDS), ['strong']), span(` ${sentence(8)}`))
    if (articleIndex > 0 && random() < 0.25) {
      const markKey = key()
      markDefs.push({_type: 'internalLink', _key: markKey, reference: ref(`article-${int(articleIndex)}`)})
      children.push(span(' ', []), span(sentence(5).slice(0, -1), [markKey]), span('.'))
    }
    if (random() < 0.2) {
      const markKey = key()
      markDefs.push({_type: 'link', _key: markKey, href: `https://example.com/${hex(random, 8)}`})
      children.push(span(' '), span(sentence(4).slice(0, -1), [markKey]), span('.'))
    }
    return {_type: 'block', _key: key(), style: 'normal', markDefs, children}
  }
  const body = (articleIndex: number) => {
    const blocks: Record<string, unknown>[] = []
    const paragraphs = 4 + int(6)
    for (let p = 0; p < paragraphs; p++) {
      if (p === 2) blocks.push({_type: 'block', _key: key(), style: 'h2', markDefs: [], children: [span(sentence(4))]})
      blocks.push(paragraph(articleIndex))
      if (p === 1 && random() < 0.5) blocks.push({_type: 'quoteEmbed', _key: key(), quote: ref(pick(quotes)._id)})
      if (p === 3 && random() < 0.3) {
        blocks.push({_type: 'principleListEmbed', _key: key(), principleList: ref(pick(principleLists)._id)})
      }
      if (p === 4 && random() < 0.3) {
        for (let b = 0; b < 3; b++) {
          blocks.push({...paragraph(articleIndex), listItem: 'bullet', level: 1})
        }
      }
      if (p === 5 && random() < 0.2) blocks.push({...imageField(), _key: key()})
    }
    return blocks
  }

  const articles: StoredDocument[] = []
  for (let i = 0; i < articleCount; i++) {
    const publishedAt = timestamp(30 + Math.floor((i * 700) / Math.max(1, articleCount)), i)
    const title = `${sentence(6 + int(5)).slice(0, -1)} (${i})`
    const article: StoredDocument = {
      _id: `article-${i}`,
      _type: 'article',
      ...meta(metaIndex++),
      _updatedAt: timestamp(800, i),
      title,
      // every 97th article is still being set up: no slug, so listings skip it
      ...(i % 97 === 96 ? {} : {slug: slug(`story-${i}-${WORDS[i % WORDS.length]}`)}),
      dek: sentence(20),
      mainImage: imageField(),
      author: ref(pick(authors)._id),
      publishedAt,
      ...(random() < 0.3 ? {updatedAt: timestamp(760, i)} : {}),
      topics: pickSome(topics, 1 + int(3)).map((topic) => keyedRef(topic._id)),
      hasAffiliateLinks: random() < 0.1,
      seo: {_type: 'seo', title: title.slice(0, 60), description: sentence(18)},
      body: body(i),
    }
    articles.push(article)
  }
  docs.push(...articles)

  // Drafts: edits of published articles and quotes, and articles that exist only as drafts.
  for (let i = 0; i < articleCount; i += 50) {
    const published = articles[i]
    docs.push({...published, _id: `drafts.${published._id}`, _updatedAt: timestamp(900, i), title: `Draft: ${published.title}`})
  }
  for (let i = 0; i < quotes.length; i += 10) {
    docs.push({...quotes[i], _id: `drafts.${quotes[i]._id}`, text: `Draft: ${quotes[i].text}`})
  }
  for (let i = 0; i < Math.max(1, Math.floor(articleCount / 200)); i++) {
    docs.push({
      _id: `drafts.article-unpublished-${i}`,
      _type: 'article',
      ...meta(metaIndex++),
      title: `Unpublished draft ${i}`,
      slug: slug(`unpublished-draft-${i}`),
      author: ref(pick(authors)._id),
      publishedAt: timestamp(900, i),
      topics: [keyedRef(pick(topics)._id)],
      body: body(0),
    })
  }
  return docs
}

/** Serializes documents as an NDJSON export, one document a line. */
export function toNdjson(documents: readonly StoredDocument[]): string {
  return documents.map((doc) => JSON.stringify(doc)).join('\n') + '\n'
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hex(random: () => number, length: number): string {
  let out = ''
  while (out.length < length) out += Math.floor(random() * 16).toString(16)
  return out
}

const TOPICS = ['AI', 'Policy', 'Privacy', 'Hardware', 'Security', 'Science', 'Space', 'Climate', 'Health', 'Markets', 'Games', 'Culture']
const ORGANIZATIONS = ['Microsoft', 'Google', 'IBM', 'Amazon', 'Apple', 'Meta', 'Nvidia', 'OpenAI', 'the European Commission', 'CISA']
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Tim', 'Radia', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Vint']
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Berners-Lee',
  'Perlman',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Cerf',
]
const WORDS = [
  'regulators',
  'facial',
  'recognition',
  'privacy',
  'chips',
  'export',
  'rules',
  'encryption',
  'law',
  'court',
  'market',
  'startup',
  'model',
  'training',
  'data',
  'users',
  'security',
  'patch',
  'vulnerability',
  'cloud',
  'server',
  'policy',
  'congress',
  'commission',
  'fine',
  'billion',
  'devices',
  'battery',
  'network',
  'satellite',
  'software',
  'open',
  'source',
  'developers',
  'standards',
  'audit',
  'transparency',
  'accountability',
  'surveillance',
  'consent',
]
