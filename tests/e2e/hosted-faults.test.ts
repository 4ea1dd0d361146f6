/**
 * Hosted mode when the Content Lake misbehaves (the local stand-in answers 500, hangs, or drops the
 * connection): cached pages keep serving, stale ones keep their last good version, and a page that was
 * never rendered is a 503 to come back to, without a stack trace.
 */
import {encodeSignatureHeader} from '@sanity/webhook'
import {startFakeContentLake} from '../support/fake-content-lake'
import {describeInBrowser, useProductionSite} from '../support/e2e'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const SECRET = 'fault-test-webhook-secret-0123456789'
const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const HEADLINE = 'Microsoft won'

describeInBrowser('hosted mode when the Content Lake fails', () => {
  const dataset = copyDemoDataset()
  let lake: Awaited<ReturnType<typeof startFakeContentLake>>
  const site = useProductionSite(async () => {
    lake = await startFakeContentLake(dataset.file)
    return {
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'e2e-hosted',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      SANITY_API_HOST: lake.url,
      SANITY_REVALIDATE_SECRET: SECRET,
    }
  })
  afterAll(async () => {
    await lake?.close()
    dataset.remove()
  })

  const get = async (path: string) => {
    const response = await fetch(`${site.url}${path}`)
    return {status: response.status, html: await response.text()}
  }
  const MODEL_DOC = {_id: 'article-facial-recognition-police', _type: 'article', slug: MODEL.split('/').pop()}
  const expire = async (body: object, lakeUp = false) => {
    const text = JSON.stringify(body)
    const response = await fetch(`${site.url}/api/revalidate`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'sanity-webhook-signature': await encodeSignatureHeader(text, Date.now(), SECRET)},
      body: text,
    })
    if (lakeUp) return expect(response.status).toBe(200)
    // the document's own pages are expired even though the lake cannot name who references it; the 503
    // asks Sanity to deliver the webhook again for those
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBeTruthy()
    expect((await response.json()).revalidated).toContain(`article:${MODEL.split('/').pop()}`)
  }

  it.each(['error', 'hang', 'down'] as const)(
    'keeps serving cached and stale pages while the lake is %s',
    async (how) => {
      lake.misbehave('normal')
      // render the pages in this server from the lake (the build's copies were rendered from elsewhere)
      await expire(MODEL_DOC, true)
      for (const path of ['/', MODEL, '/topics/privacy']) expect((await get(path)).status).toBe(200)
      lake.misbehave(how)
      // fresh in the cache: served without asking the lake
      for (const path of ['/', MODEL, '/topics/privacy']) {
        const page = await get(path)
        expect(page.status).toBe(200)
        expect(page.html).toContain('<h1')
      }
      // expired by a webhook while the lake is failing: the page renders from the last good results this
      // server read (lib/site/content/fetch.ts withLastGood), not a 500
      await expire(MODEL_DOC)
      for (let i = 0; i < 3; i++) {
        const page = await get(MODEL)
        expect(page.status).toBe(200)
        expect(page.html).toContain(HEADLINE)
        await new Promise((resolve) => setTimeout(resolve, how === 'hang' ? 3000 : 500))
      }
      lake.misbehave('normal')
    },
    120_000,
  )

  it('after a publish, renders from the live API, not from a CDN that still holds the old result', async () => {
    lake.misbehave('normal')
    await expire(MODEL_DOC, true)
    expect((await get(MODEL)).html).toContain(HEADLINE)
    // the editor publishes a new headline; the API CDN has not caught up yet
    lake.lagCdn(true)
    const corrected = 'Microsoft won’t sell face recognition to police: the corrected story'
    dataset.edit((doc) => (doc._id === MODEL_DOC._id ? {...doc, title: corrected} : doc))
    lake.reload()
    try {
      await expire(MODEL_DOC, true)
      expect((await get(MODEL)).html).toContain(corrected)
      // a render that read the old result just before the webhook is replaced by the follow-up expiry (1.5 s
      // later), which renders from the API again: the page is asked for until a render has read the lake again
      const before = lake.requests.length
      const rereads = () => lake.requests.slice(before).filter((request) => request.params.slug === MODEL_DOC.slug)
      const reread = await eventually(
        async () => {
          await get(MODEL)
          return rereads()
        },
        (found) => found.length > 0,
        15_000,
      )
      expect(reread.length).toBeGreaterThan(0)
      expect((await get(MODEL)).html).toContain(corrected)
      expect(rereads().every((request) => request.tag?.startsWith('api.'))).toBe(true)
    } finally {
      lake.lagCdn(false)
    }
  }, 60_000)

  it('answers a page that was never rendered with a 503 to come back to, no stack trace, and recovers when the lake does', async () => {
    lake.misbehave('error')
    const response = await fetch(`${site.url}/search?q=privacy`)
    const failed = {status: response.status, html: await response.text()}
    // Next sends its error shell with a 500; npm start sends a page that says to retry (lib/node/front/unavailable-page.mjs)
    expect(failed.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(failed.html).toContain('We’ll be back in a moment')
    expect(failed.html).not.toMatch(/<script/i)
    expect(failed.html).not.toMatch(/at \w+ \(|node_modules|\.tsx?:\d+|ClientError|ECONNREFUSED/)
    lake.misbehave('normal')
    const recovered = await get('/search?q=privacy')
    expect(recovered.status).toBe(200)
  }, 60_000)
})
