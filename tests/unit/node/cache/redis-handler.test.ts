/**
 * The shared cache handler (lib/node/cache/redis-handler.mjs) on its own, against a real Redis: what a replica
 * keeps in its own memory, and when it must forget it. tests/e2e/replicas.test.ts runs it under two servers.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {createClient} from '@redis/client'
import type {CachedFetchValue, GetIncrementalFetchCacheContext} from 'next/dist/server/response-cache'
import {redisAvailable, startRedis} from '../../../support/redis'
import {eventually} from '../../../support/temp-dataset'

const BUILD_ID = 'unit-redis-handler'
const PREFIX = `broadsheet:${BUILD_ID}:`
const CHANNEL = `${PREFIX}expired`
const TAG = 'article:handler-test'

const describeWithRedis = redisAvailable() ? describe : describe.skip
if (!redisAvailable()) console.warn('!! redis-server not found: SKIPPING the cache handler tests (apt-get install -y redis-server)')

// Next's kinds are const enums, which isolated modules cannot import as values: these are their string values
/** How Next reads a fetch's entry. */
const FETCH_READ = {kind: 'FETCH', softTags: []} as unknown as GetIncrementalFetchCacheContext
/** What Next stores for a fetch: the smallest entry that carries tags. */
const fetchEntry = (body: string) =>
  ({kind: 'FETCH', data: {headers: {}, body, status: 200, url: 'https://lake.test/query'}, revalidate: 300}) as unknown as CachedFetchValue

describeWithRedis('the shared cache handler', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>
  let probe: ReturnType<typeof createClient>
  let handler: InstanceType<typeof import('@/lib/node/cache/redis-handler.mjs').default>
  let closeConnections: () => void
  const logged: string[] = []
  const serverDistDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-handler-')), 'server')

  const read = async (key: string) => {
    const entry = await handler.get(key, FETCH_READ)
    return entry?.value?.kind === 'FETCH' ? entry.value.data.body : null
  }
  const logCount = (pattern: RegExp) => logged.filter((line) => pattern.test(line)).length
  const untilLogged = async (pattern: RegExp, count: number) => {
    const seen = await eventually(
      async () => logCount(pattern),
      (n) => n >= count,
    )
    if (seen !== count) throw new Error(`expected ${count} lines like ${pattern}, saw ${seen}:\n${logged.join('\n')}`)
  }
  const BACK = /\[cache\] Redis at .* is back: the cache is shared again/
  const DOWN = /\[cache\] Redis at .* is unreachable/

  beforeAll(async () => {
    fs.mkdirSync(serverDistDir, {recursive: true})
    fs.writeFileSync(path.join(serverDistDir, '..', 'BUILD_ID'), BUILD_ID)
    redis = await startRedis()
    process.env.REDIS_URL = redis.url
    for (const method of ['log', 'error'] as const)
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')))
    const loaded = await import('@/lib/node/cache/redis-handler.mjs')
    closeConnections = loaded.closeConnections
    // Next passes more; the handler reads only these two
    handler = new loaded.default({serverDistDir, dev: false} as ConstructorParameters<typeof loaded.default>[0])
    await handler.get('/warm-up', FETCH_READ) // the first call connects
    await untilLogged(/\[cache\] sharing the cache through Redis at redis:\/\/127\.0\.0\.1:\d+/, 1)
    probe = createClient({url: redis.url})
    probe.on('error', () => {})
  })
  afterAll(async () => {
    closeConnections?.()
    if (probe?.isOpen) probe.destroy()
    await redis?.stop()
    fs.rmSync(path.dirname(serverDistDir), {recursive: true, force: true})
    jest.restoreAllMocks()
  })

  it('stores in Redis and in its own memory, and answers from memory while Redis is down', async () => {
    await handler.set('/kept', fetchEntry('kept before the outage'), {tags: [TAG], revalidate: 300})
    await probe.connect()
    expect(await probe.hExists(`${PREFIX}__sharedTags__`, '/kept')).toBe(1)
    probe.destroy()

    await redis.kill()
    await untilLogged(DOWN, 1)
    expect(await read('/kept')).toBe('kept before the outage')
  })

  it('replays an expiry made while Redis was away, on every replica, once Redis is back', async () => {
    await expect(handler.revalidateTag(TAG)).resolves.toBeUndefined() // Next's own call never fails on an outage
    expect(await read('/kept')).toBeNull() // this replica's memory dropped it at once

    await redis.start()
    const listener = createClient({url: redis.url})
    const heard: string[] = []
    await listener.connect()
    await listener.subscribe(CHANNEL, (message) => void heard.push(message))
    await untilLogged(BACK, 1)
    await untilLogged(/\[cache\] expiries made while Redis was away are applied/, 1)
    await eventually(
      async () => heard,
      (messages) => messages.length > 0,
    )
    expect(heard).toEqual([JSON.stringify([TAG])])
    listener.destroy()
  })

  it('forgets what it kept when its expiry channel was cut, since it may have missed an expiry', async () => {
    await handler.set('/missed', fetchEntry('the version before a publish'), {tags: [TAG], revalidate: 300})
    await probe.connect()
    // cut this replica's channel and keep it from reconnecting (Redis refuses every new client while as many as
    // maxclients are connected) until another replica has published: a reconnection timer, however short, would race it
    const {maxclients} = await probe.configGet('maxclients')
    await probe.sendCommand(['CONFIG', 'SET', 'maxclients', '1'])
    await probe.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub'])
    await untilLogged(DOWN, 2)
    expect(await probe.publish(CHANNEL, JSON.stringify([TAG]))).toBe(0)
    await probe.sendCommand(['CONFIG', 'SET', 'maxclients', maxclients])
    probe.destroy()
    await untilLogged(BACK, 2)

    // when Redis is next away, this replica answers from its memory: not with the page it missed the expiry of
    await redis.kill()
    await untilLogged(DOWN, 3)
    expect(await read('/missed')).toBeNull()
  })
})
