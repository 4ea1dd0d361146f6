/**
 * Two replicas (`next start` on one build, each with its own copy of the build directory, as two machines
 * would have) in hosted mode against the stand-in Content Lake, sharing one Redis: a page rendered on one
 * is served by the other, a webhook to one reaches the other, and losing Redis costs neither its 200s.
 */
import fs from 'node:fs'
import path from 'node:path'
import {createClient} from '@redis/client'
import {encodeSignatureHeader} from '@sanity/webhook'
import {startFakeContentLake} from '../support/fake-content-lake'
import {startProductionServer, type RunningServer} from '../support/production-server'
import {redisAvailable, startRedis} from '../support/redis'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const SECRET = 'replica-test-webhook-secret-0123456789'
const MODEL = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const MODEL_DOC = {_id: 'article-facial-recognition-police', _type: 'article', slug: MODEL.split('/').pop()}
const PAGES = ['/', MODEL, '/topics/privacy']

const describeWithRedis = process.env.E2E_SKIP === '1' || !redisAvailable() ? describe.skip : describe
if (!redisAvailable()) console.warn('!! redis-server not found: SKIPPING the replica tests (apt-get install -y redis-server)')

describeWithRedis('two replicas sharing one cache through Redis', () => {
  const dataset = copyDemoDataset()
  let lake: Awaited<ReturnType<typeof startFakeContentLake>>
  let redis: Awaited<ReturnType<typeof startRedis>>
  let a: RunningServer
  let b: RunningServer
  let buildId: string

  beforeAll(async () => {
    lake = await startFakeContentLake(dataset.file)
    redis = await startRedis()
    // the deployment id names the build every replica runs: here, the one global setup made
    buildId = fs.readFileSync(path.resolve(__dirname, '../../.next/BUILD_ID'), 'utf8').trim()
    const env = {
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'e2e-hosted',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      SANITY_API_HOST: lake.url,
      SANITY_REVALIDATE_SECRET: SECRET,
      REDIS_URL: redis.url,
      BROADSHEET_DEPLOYMENT_ID: buildId,
    }
    a = await startProductionServer(env)
    b = await startProductionServer(env)
  })
  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    await redis?.stop()
    await lake?.close()
    dataset.remove()
  })

  const get = async (server: RunningServer, pathname: string) => {
    const response = await fetch(`${server.url}${pathname}`)
    return {status: response.status, cache: response.headers.get('x-nextjs-cache'), html: await response.text()}
  }
  const webhook = async (server: RunningServer, body: object) => {
    const text = JSON.stringify(body)
    const response = await fetch(`${server.url}/api/revalidate`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'sanity-webhook-signature': await encodeSignatureHeader(text, Date.now(), SECRET)},
      body: text,
    })
    expect(response.status).toBe(200)
  }
  const publishTitle = (title: string) => {
    dataset.edit((doc) => (doc._id === MODEL_DOC._id ? {...doc, title} : doc))
    lake.reload()
  }
  /** Asks B until it shows `text`; resolves with how long that took after the webhook to A returned. */
  const timeUntilShown = async (server: RunningServer, text: string, limitMs: number) => {
    const start = Date.now()
    while (Date.now() - start < limitMs) {
      if ((await get(server, MODEL)).html.includes(text)) return Date.now() - start
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return Infinity
  }
  /** Waits until the shared cache holds the page (Next 16 keys it `/route-cache/APP_PAGE/<hash>/$<path>`): a replica stores it after it has answered. */
  const untilStored = async (pathname: string) => {
    const probe = createClient({url: redis.url})
    await probe.connect()
    try {
      const keys = await eventually(
        () => probe.hKeys(`broadsheet:${buildId}:__sharedTags__`),
        (stored) => stored.some((key) => key.endsWith(`$${pathname}`)),
      )
      expect(keys.filter((key) => key.endsWith(`$${pathname}`))).toHaveLength(1)
    } finally {
      probe.destroy()
    }
  }

  it('serves on B a page rendered on A, without rendering it on B', async () => {
    const onA = await get(a, MODEL)
    expect(onA.status).toBe(200)
    expect(onA.html).toContain('Microsoft won')
    await untilStored(MODEL)
    const before = lake.requests.length
    const onB = await get(b, MODEL)
    expect(onB.status).toBe(200)
    expect(onB.cache).toBe('HIT')
    expect(onB.html).toContain('Microsoft won')
    // a render asks the lake for the article; B asked it nothing
    expect(lake.requests.slice(before)).toEqual([])
  })

  it('a signed webhook to A changes what B serves within a second', async () => {
    expect((await get(b, MODEL)).status).toBe(200)
    const corrected = 'Microsoft won’t sell face recognition to police: corrected on replica A'
    publishTitle(corrected)
    const before = lake.requests.length
    await webhook(a, MODEL_DOC)
    expect(await timeUntilShown(b, corrected, 1000)).toBeLessThan(1000)
    // B heard of the publish too: it read the article from the live API, not from a CDN that may lag
    const reads = lake.requests.slice(before).filter((request) => request.params.slug === MODEL_DOC.slug)
    expect(reads.length).toBeGreaterThan(0)
    expect(reads.filter((request) => !request.tag?.startsWith('api.'))).toEqual([])
    // and the home page, whose card shows the title, on both
    for (const server of [a, b]) expect((await get(server, '/')).html).toContain(corrected)
  })

  it('keeps answering 200 on every replica when Redis dies, and says so once', async () => {
    await redis.kill()
    for (const server of [a, b]) {
      const statuses: number[] = []
      for (let i = 0; i < 100; i++) statuses.push((await get(server, PAGES[i % PAGES.length])).status)
      expect(statuses.filter((status) => status !== 200)).toEqual([])
      expect(server.output().match(/\[cache\] Redis at .* is unreachable/g)).toHaveLength(1)
    }
  }, 120_000)

  it('when Redis is back, the replicas reconnect and a webhook to A reaches B again', async () => {
    await redis.start()
    const BACK = /\[cache\] Redis at .* is back: the cache is shared again/
    for (const server of [a, b])
      expect(
        await eventually(
          async () => server.output(),
          (output) => BACK.test(output),
        ),
      ).toMatch(BACK)
    // A's follow-up expiry of the last webhook (1.5 s after it) fell in the outage: A replays it into Redis
    const REPLAYED = '[cache] expiries made while Redis was away are applied'
    expect(
      await eventually(
        async () => a.output(),
        (output) => output.includes(REPLAYED),
      ),
    ).toContain(REPLAYED)
    // the restarted Redis is empty: B renders the page into it, and A serves it from there
    const onB = await get(b, MODEL)
    expect([onB.status, onB.cache]).toEqual([200, 'MISS'])
    await untilStored(MODEL)
    expect((await get(a, MODEL)).cache).toBe('HIT')
    const again = 'Microsoft won’t sell face recognition to police: corrected after Redis came back'
    publishTitle(again)
    await webhook(a, MODEL_DOC)
    expect(await timeUntilShown(b, again, 1000)).toBeLessThan(1000)
  }, 120_000)
})
