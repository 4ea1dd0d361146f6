import path from 'node:path'
import {readDataset, type StoredDocument} from '../../lib/offline/store/store'

/** The demo dataset the site runs on by default, and what tests rely on it holding. */
export const DEMO_DIR = path.resolve(__dirname, '../../sanity/demo')
export const DEMO_DATASET = path.join(DEMO_DIR, 'dataset.ndjson')
export const DEMO_IMAGES = path.join(DEMO_DIR, 'images')
export const FIXTURES = path.resolve(__dirname, '../fixtures')

/** The model article: a published story with a draft beside it, a quote and a principle list in its body. */
export const MODEL_ARTICLE_SLUG = 'microsoft-wont-sell-facial-recognition-to-police'
export const MODEL_ARTICLE_TITLE = 'Microsoft won’t sell facial recognition to police until there’s a national law'
/** The headline a reader (no cookie) gets on the model article's page of the site at `siteUrl`. */
export const readerHeadline = async (siteUrl: string) =>
  /<h1[^>]*>([^<]*)<\/h1>/.exec(await (await fetch(`${siteUrl}/articles/${MODEL_ARTICLE_SLUG}`)).text())?.[1]

/** Titles that exist only in drafts: the model article's draft, and a draft-only article. */
export const DRAFT_TITLES = [
  'Microsoft bars police from its facial recognition until Congress acts',
  'Exclusive: Inside the quantum roadmap nobody has announced yet',
]

/** Every document of the demo dataset, drafts included, as the store reads them. */
export const demoDocuments = (): StoredDocument[] => readDataset(DEMO_DATASET)

export const isDraft = (doc: StoredDocument) => doc._id.startsWith('drafts.')

/** The document's slug, when it has a string one. */
export function slugOf(doc: StoredDocument): string | undefined {
  const slug = (doc.slug as {current?: unknown} | undefined)?.current
  return typeof slug === 'string' ? slug : undefined
}

/** Published documents of one type. */
export const ofType = (docs: readonly StoredDocument[], type: string) => docs.filter((doc) => doc._type === type && !isDraft(doc))

/** The slugs of the published documents of one type, in dataset order. */
export const slugsOf = (docs: readonly StoredDocument[], type: string) =>
  ofType(docs, type)
    .map(slugOf)
    .filter((slug): slug is string => slug !== undefined)
