/**
 * Every page type and machine output of the site, as jobs the fuzz test runs over each batch of
 * variants. Pages are rendered the way the server renders them: inside the site layout (SiteChrome,
 * which reads siteSettings), to HTML, by React's static prerenderer (which awaits async components).
 */
import type {ReactNode} from 'react'
import {prerender} from 'react-dom/static'
import {isNotFound} from '../support/not-found'
import {decodedProps, pageProps} from '../support/page-props'
import {checkHtml, checkMetadata, checkXml, type Problem} from './checks'
import type {Batch, Variant} from './mutations'

/** Imports the app. Call only after BROADSHEET_DATASET_FILE is set: lib/site/env.ts reads it once, at load. */
export async function loadApp() {
  return {
    article: await import('@/app/(site)/articles/[slug]/page'),
    quote: await import('@/app/(site)/quotes/[slug]/page'),
    principleList: await import('@/app/(site)/principles/[slug]/page'),
    quotes: await import('@/app/(site)/quotes/page'),
    principles: await import('@/app/(site)/principles/page'),
    author: await import('@/app/(site)/authors/[slug]/page'),
    authorArchive: await import('@/app/(site)/authors/[slug]/page/[page]/page'),
    topic: await import('@/app/(site)/topics/[slug]/page'),
    topicArchive: await import('@/app/(site)/topics/[slug]/page/[page]/page'),
    topicFeed: await import('@/app/(site)/topics/[slug]/feed.xml/route'),
    home: await import('@/app/(site)/page'),
    homeArchive: await import('@/app/(site)/page/[page]/page'),
    search: await import('@/app/(site)/search/page'),
    feed: await import('@/app/feed.xml/route'),
    sitemap: await import('@/app/sitemap'),
    newsSitemap: await import('@/app/news-sitemap.xml/route'),
    SiteChrome: (await import('@/components/site/SiteChrome')).SiteChrome,
    embeddedStore: (await import('@/lib/offline/store/instance')).embeddedStore,
    env: (await import('@/lib/site/env')).env,
    // what Next itself serves for app/sitemap.ts
    resolveSitemap: (await import('next/dist/build/webpack/loaders/metadata/resolve-route-data')).resolveSitemap,
  }
}

export type App = Awaited<ReturnType<typeof loadApp>>

/** Renders a page inside the site layout to HTML, as the server would. Errors (notFound included) are thrown. */
export async function renderToHtml(app: App, page: ReactNode): Promise<string> {
  const errors: unknown[] = []
  const {prelude} = await prerender(<app.SiteChrome>{page}</app.SiteChrome>, {
    onError: (error) => {
      errors.push(error)
    },
  })
  const html = await new Response(prelude).text()
  // an error inside a Suspense boundary does not reject the prerender; the server would still log it
  if (errors.length) throw errors[0]
  return html
}

export type Status = 'ok' | 'notFound' | 'error'

export type Outcome = {
  batch: number
  /** The page type: 'article', 'author page 2', 'search', 'feed.xml', ... */
  page: string
  /** What was requested: a slug, a query. */
  target: string
  variant?: Variant
  status: Status
  error?: unknown
  problems: Problem[]
  /** For generateStaticParams jobs: the slugs returned. */
  slugs?: string[]
  ms: number
}

type Job = {page: string; target: string; variant?: Variant; run: () => Promise<{problems: Problem[]; slugs?: string[]} | 'notFound'>}

const params = pageProps

/** Search queries run against every batch: payload words, RTL text, emoji, a word in most stories, a long payload, an array. */
export const SEARCHES: {q: string | string[]; page?: string}[] = [
  {q: 'script alert'},
  {q: 'script alert', page: '2'},
  {q: 'the'},
  {q: 'the', page: '2'},
  {q: 'مرحبا'},
  {q: '👩‍👩‍👧‍👦🔥'},
  {q: 'lorem ipsum'},
  {q: '</script><script>alert(1)</script>'.repeat(20)},
  {q: ['constructor', '__proto__']},
]

function htmlJob(app: App, page: string, target: string, variant: Variant | undefined, render: () => Promise<ReactNode>): Job {
  return {
    page,
    target,
    variant,
    run: async () => {
      const trace = (stage: string) =>
        process.env.FUZZ_TRACE && process.stderr.write(`fuzz:   ${stage} (${Math.round(process.memoryUsage().heapUsed / 1e6)} MB heap)\n`)
      const element = await render()
      trace('page function returned')
      const html = await renderToHtml(app, element)
      trace(`rendered ${html.length} characters`)
      const problems = checkHtml(html)
      trace('checked')
      return {problems}
    },
  }
}

function metadataJob(page: string, target: string, variant: Variant, generate: () => Promise<unknown>): Job {
  return {page: `${page} metadata`, target, variant, run: async () => ({problems: checkMetadata(await generate())})}
}

async function xmlOf(response: Response, root: string, siteUrl: string) {
  if (response.status === 404) return 'notFound' as const
  if (response.status !== 200) throw new Error(`status ${response.status}`)
  return {problems: checkXml(await response.text(), root, siteUrl)}
}

/** Every job for one batch: each variant's own pages, then the listings, search, feeds and sitemaps. */
export function jobsFor(app: App, batch: Batch): Job[] {
  const jobs: Job[] = []
  const siteUrl = app.env.siteUrl
  for (const variant of batch.variants) {
    const slug = variant.routeSlug
    switch (variant.type) {
      case 'article':
        jobs.push(htmlJob(app, 'article', slug, variant, () => app.article.default(params({slug}))))
        jobs.push(metadataJob('article', slug, variant, () => app.article.generateMetadata(decodedProps({slug}))))
        break
      case 'quote':
        jobs.push(htmlJob(app, 'quote', slug, variant, () => app.quote.default(params({slug}))))
        jobs.push(metadataJob('quote', slug, variant, () => app.quote.generateMetadata(decodedProps({slug}))))
        break
      case 'principleList':
        jobs.push(htmlJob(app, 'principle list', slug, variant, () => app.principleList.default(params({slug}))))
        jobs.push(metadataJob('principle list', slug, variant, () => app.principleList.generateMetadata(decodedProps({slug}))))
        break
      case 'author':
        jobs.push(htmlJob(app, 'author', slug, variant, () => app.author.default(params({slug}))))
        jobs.push(htmlJob(app, 'author page 2', slug, variant, () => app.authorArchive.default(params({slug, page: '2'}))))
        jobs.push(metadataJob('author', slug, variant, () => app.author.generateMetadata(decodedProps({slug}))))
        break
      case 'topic':
        jobs.push(htmlJob(app, 'topic', slug, variant, () => app.topic.default(params({slug}))))
        jobs.push(htmlJob(app, 'topic page 2', slug, variant, () => app.topicArchive.default(params({slug, page: '2'}))))
        jobs.push(metadataJob('topic', slug, variant, () => app.topic.generateMetadata(decodedProps({slug}))))
        jobs.push({
          page: 'topic feed.xml',
          target: slug,
          variant,
          run: async () =>
            xmlOf(await app.topicFeed.GET(new Request(`${siteUrl}/topics/x/feed.xml`), decodedProps({slug})), 'rss', siteUrl),
        })
        break
      case 'siteSettings':
        // rendered by the layout around every page
        break
    }
  }
  jobs.push(htmlJob(app, 'home', '/', undefined, () => app.home.default()))
  jobs.push(htmlJob(app, 'home page 2', '/page/2', undefined, () => app.homeArchive.default(params({page: '2'}))))
  jobs.push(htmlJob(app, 'quotes index', '/quotes', undefined, () => app.quotes.default()))
  jobs.push(htmlJob(app, 'principles index', '/principles', undefined, () => app.principles.default()))
  for (const {q, page} of SEARCHES) {
    const target = `q=${JSON.stringify(q).slice(0, 60)}${page ? ` page=${page}` : ''}`
    jobs.push(htmlJob(app, 'search', target, undefined, () => app.search.default(pageProps({}, {q, page}))))
  }
  jobs.push({page: 'feed.xml', target: '/feed.xml', run: async () => xmlOf(await app.feed.GET(), 'rss', siteUrl)})
  jobs.push({page: 'news-sitemap.xml', target: '/news-sitemap.xml', run: async () => xmlOf(await app.newsSitemap.GET(), 'urlset', siteUrl)})
  jobs.push({
    page: 'sitemap.xml',
    target: '/sitemap.xml',
    run: async () => ({problems: checkXml(app.resolveSitemap(await app.sitemap.default()), 'urlset', siteUrl)}),
  })
  const staticParams = [
    ['article', app.article],
    ['quote', app.quote],
    ['principleList', app.principleList],
    ['author', app.author],
    ['topic', app.topic],
  ] as const
  for (const [type, route] of staticParams) {
    jobs.push({
      page: 'generateStaticParams',
      target: type,
      run: async () => ({problems: [], slugs: (await route.generateStaticParams()).map((p) => p.slug)}),
    })
  }
  return jobs
}

/** Runs one job: ok, a 404 (Next's notFound), or an error, which on a server would be a 500. */
export async function runJob(job: Job, batch: number): Promise<Outcome> {
  const started = Date.now()
  const base = {batch, page: job.page, target: job.target, variant: job.variant}
  try {
    const result = await job.run()
    if (result === 'notFound') return {...base, status: 'notFound', problems: [], ms: Date.now() - started}
    return {...base, status: 'ok', problems: result.problems, slugs: result.slugs, ms: Date.now() - started}
  } catch (error) {
    return {...base, status: isNotFound(error) ? 'notFound' : 'error', error, problems: [], ms: Date.now() - started}
  }
}
