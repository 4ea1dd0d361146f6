import type {Metadata} from 'next'
import type {z} from 'zod'
import {fetchContent, PUBLISHED_ONLY} from '../content/fetch'
import type {ArticleCard} from '../content/models/article'
import {authorArticles, authorBySlug, topicArticles, topicBySlug, type QueryDefinition} from '../content/queries'
import {hrefFor} from '../routes'
import {pageMetadata} from '../seo'
import {fetchListingPage} from './fetch-page'
import {pageHref} from './pages'

/** What a topic or author page says above its stories. */
type Heading = {title: string; eyebrow: string; intro?: string; description: string}

/** A topic or author page: its heading and one page of its stories, newest first. */
export type SubjectListing = Heading & {articles: ArticleCard[]; page: number; hasOlder: boolean; basePath: string}

type Subject<T> = {
  type: 'topic' | 'author'
  bySlug: QueryDefinition<z.ZodType<T | null>>
  articles: QueryDefinition<z.ZodType<ArticleCard[]>>
  heading: (subject: T) => Heading
}
const subject = <T>(definition: Subject<T>) => definition

export const topicSubject = subject({
  type: 'topic',
  bySlug: topicBySlug,
  articles: topicArticles,
  heading: ({title, description}) => ({
    title,
    eyebrow: 'Topic',
    intro: description ?? undefined,
    description: description ?? `Stories about ${title} from Broadsheet.`,
  }),
})

export const authorSubject = subject({
  type: 'author',
  bySlug: authorBySlug,
  articles: authorArticles,
  heading: ({name, role, bio}) => ({
    title: name,
    eyebrow: role ?? 'Author',
    intro: bio ?? undefined,
    description: bio ?? `Stories by ${name}.`,
  }),
})

/** Metadata for a subject's page `page` (the URL segment; none for page 1). */
export async function subjectMetadata<T>(of: Subject<T>, slug: string, page?: string): Promise<Metadata> {
  const found = await fetchContent(of.bySlug, {slug}, PUBLISHED_ONLY)
  if (!found) return {}
  const {title, description} = of.heading(found)
  return pageMetadata({
    title: page ? `${title}, page ${page}` : title,
    description,
    path: pageHref(hrefFor(of.type, slug), Number(page ?? 1)),
  })
}

/** A subject's page `page`; null (→ 404) when there is no such subject or no such page. */
export async function fetchSubjectListing<T>(of: Subject<T>, slug: string, page?: string): Promise<SubjectListing | null> {
  const [found, listing] = await Promise.all([fetchContent(of.bySlug, {slug}), fetchListingPage(of.articles, {params: {slug}, page})])
  if (!found || !listing) return null
  const {items, ...position} = listing
  return {...of.heading(found), articles: items, ...position, basePath: hrefFor(of.type, slug)}
}
