import {DEMO_DATASET, DRAFT_TITLES, MODEL_ARTICLE_SLUG} from '../../../support/demo'
import {startFakeContentLake} from '../../../support/fake-content-lake'

describe('hosted mode: the content door talks to a Content Lake over HTTP', () => {
  let lake: Awaited<ReturnType<typeof startFakeContentLake>>
  let door: typeof import('@/lib/site/content/fetch')
  let queries: typeof import('@/lib/site/content/queries')
  const saved = {...process.env}

  beforeAll(async () => {
    lake = await startFakeContentLake(DEMO_DATASET)
    Object.assign(process.env, {
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'broadsheet-test',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      SANITY_API_HOST: lake.url,
      SANITY_API_READ_TOKEN: 'sk-test-token-that-is-long-enough',
    })
    jest.isolateModules(() => {
      door = require('@/lib/site/content/fetch')
      queries = require('@/lib/site/content/queries')
    })
  })

  afterAll(async () => {
    process.env = saved
    await lake.close()
  })

  it('fetches and parses the model article through @sanity/client', async () => {
    const article = await door.fetchContent(queries.articleBySlug, {slug: MODEL_ARTICLE_SLUG})
    expect(article?.title).toMatch(/^Microsoft won.t sell facial recognition/)
    expect(article?.body.some((block) => block._type === 'principleListEmbed')).toBe(true)
    const request = lake.requests.at(-1)!
    expect(request.path).toBe('/v2025-10-01/data/query/production')
    expect(request.params).toEqual({slug: MODEL_ARTICLE_SLUG})
    expect(request.query).toBe(queries.articleBySlug.query)
  })

  it('asks for the published perspective without a token, so drafts cannot come back', async () => {
    const page = await door.fetchContent(queries.latestArticles, {start: 0, end: 50})
    const titles = page!.map((item) => item.title)
    expect(titles).not.toContain(DRAFT_TITLES[0])
    const request = lake.requests.at(-1)!
    expect(request.perspective).toBe('published')
    expect(request.authorization).toBeUndefined()
  })

  it('sends the same GROQ the embedded mode runs, and gets the same answer', async () => {
    const {EmbeddedStore} = await import('@/lib/offline/store/store')
    const local = new EmbeddedStore(DEMO_DATASET)
    const params = {slug: 'ai', start: 0, end: 13}
    const remote = await door.fetchContent(queries.topicArticles, params)
    const embedded = queries.topicArticles.schema.parse(await local.query(queries.topicArticles.query, params))
    expect(remote!.length).toBeGreaterThan(2)
    expect(remote).toEqual(embedded)
  })

  it('reads through the API CDN, and from the live API for a while after a webhook expired the query’s tags', async () => {
    const {notePublished, publishedJustNow, READ_API_AFTER_PUBLISH_MS} = await import('@/lib/site/content/hosted')
    const params = {slug: MODEL_ARTICLE_SLUG}
    await door.fetchContent(queries.articleBySlug, params)
    expect(lake.requests.at(-1)!.tag).toBe('cdn')
    const tags = queries.articleBySlug.tags(params)
    notePublished(tags)
    await door.fetchContent(queries.articleBySlug, params)
    expect(lake.requests.at(-1)!.tag).toBe('api.after-publish')
    // other queries keep the CDN; so does this one once the CDN has caught up
    await door.fetchContent(queries.articleBySlug, {slug: 'another-story'})
    expect(lake.requests.at(-1)!.tag).toBe('cdn')
    expect(publishedJustNow(tags, Date.now() + READ_API_AFTER_PUBLISH_MS + 1)).toBe(false)
  })

  it('a missing document is null, not an error', async () => {
    await expect(door.fetchContent(queries.articleBySlug, {slug: 'no-such-story'})).resolves.toBeNull()
  })
})
