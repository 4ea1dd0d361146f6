// The cache every replica shares through Redis (README: "Running more than one server"). Next loads this
// file itself at `next start`, outside its bundles: plain ESM, no path aliases, nothing from the app but the
// dependency-free lib/server/pages-expired.mjs.
import {CacheHandler} from '@fortedigital/nextjs-cache-handler'
import createLocalHandler from '@fortedigital/nextjs-cache-handler/local-lru'
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings'
import {createClient} from '@redis/client'
import {announcePagesExpired} from '../server/pages-expired.mjs'

/** A Redis that does not answer within this is treated as down for that read: the page is never held up longer. */
const REDIS_TIMEOUT_MS = 1000
/** Reconnection backs off to this, so a returning Redis is in use again within a couple of seconds. */
const MAX_RECONNECT_DELAY_MS = 2000
/** How long Redis keeps an entry past its last render: stale pages are served while they regenerate (SWR), as on one server. */
const KEEP_SECONDS = 14 * 24 * 60 * 60
/** Tags expired while Redis was down, replayed when it is back; beyond this many, the oldest are dropped. */
const MAX_PENDING_EXPIRIES = 5000
/** Where a stored page keeps its lifetime, so a replica that did not render it knows when it goes stale. */
const CACHE_CONTROL = '__broadsheetCacheControl'
// lib/content/hosted.ts keeps the tags a webhook expired here: for a minute they are read from the live API, not the CDN
const PUBLISHED_TAGS = Symbol.for('broadsheet.publishedTags')

const redacted = (url) => {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

/**
 * One connection (and one for the expiry channel), reconnecting on its own for ever. Logs when Redis goes
 * away and when it is back: once each, never per request.
 */
function connect(url, onReady) {
  const where = redacted(url)
  const client = createClient({
    url,
    // while Redis is away, commands fail at once (the local cache answers) instead of queueing
    disableOfflineQueue: true,
    socket: {connectTimeout: REDIS_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS)},
  })
  let state = 'connecting'
  client.on('error', (error) => {
    if (state === 'down') return
    state = 'down'
    console.error(`[cache] Redis at ${where} is unreachable (${error.message}): each server answers from its own memory until it is back`)
  })
  client.on('ready', () => {
    console.log(
      state === 'down'
        ? `[cache] Redis at ${where} is back: the cache is shared again`
        : `[cache] sharing the cache through Redis at ${where}`,
    )
    state = 'up'
    onReady()
  })
  // never awaited: a server whose Redis is down still starts, and connects when Redis comes
  client.connect().catch(() => {})
  return client
}

/**
 * Expiries reach every replica: through Redis itself (the entries are deleted there), and through a channel
 * that clears each replica's local copy and notes the tags as just published. Expiries made while Redis is
 * down are kept and replayed when it returns.
 */
function shareExpiries({redis, local, client, subscriber, channel}) {
  const pending = new Set()
  let replaying = false
  const expire = async (tag) => {
    await redis.revalidateTag(tag)
    await client.publish(channel, JSON.stringify([tag]))
  }
  const replay = async () => {
    if (replaying) return
    replaying = true
    try {
      for (const tag of [...pending]) {
        await expire(tag)
        pending.delete(tag)
      }
      console.log('[cache] expiries made while Redis was away are applied')
    } catch {
      // Redis went away again; the next 'ready' replays the rest
    } finally {
      replaying = false
    }
  }
  const onExpired = (message) => {
    const now = Date.now()
    const published = (globalThis[PUBLISHED_TAGS] ??= new Map())
    for (const tag of JSON.parse(message)) {
      void local.revalidateTag(tag)
      if (!tag.startsWith('_N_T_')) published.set(tag, now)
    }
    announcePagesExpired()
  }
  // connect() settles once Redis first answers; the client subscribes again by itself after each reconnection
  subscriber
    .connect()
    .then(() => subscriber.subscribe(channel, onExpired))
    .catch(() => {})
  return {
    replay: () => pending.size > 0 && void replay(),
    handler: {
      ...redis,
      async revalidateTag(tag) {
        try {
          if (!client.isReady) throw new Error('Redis is away')
          await expire(tag)
        } catch (error) {
          pending.add(tag)
          if (pending.size > MAX_PENDING_EXPIRIES) pending.delete(pending.values().next().value)
          throw error
        }
      },
    },
  }
}

CacheHandler.onCreation(({buildId}) => {
  // one namespace per build: a page stored by one build names script files another build does not have
  const keyPrefix = `broadsheet:${buildId ?? 'unbuilt'}:`
  let onReady = () => {}
  const client = connect(process.env.REDIS_URL, () => onReady())
  const subscriber = client.duplicate()
  subscriber.on('error', () => {}) // the main connection reports the outage
  const local = createLocalHandler()
  const redis = createRedisHandler({client, keyPrefix, timeoutMs: REDIS_TIMEOUT_MS})
  const shared = shareExpiries({redis, local, client, subscriber, channel: `${keyPrefix}expired`})
  onReady = shared.replay
  // Redis first; when it fails, this server's own memory (which every render also fills)
  return {handlers: [shared.handler, local], ttl: {estimateExpireAge: (staleAge) => Math.max(staleAge, KEEP_SECONDS)}}
})

/**
 * Next asks the cache for a page's lifetime with the page (16.4: "the stored lifetime belongs to this
 * entry"). Without it, a replica that did not render the page would take it as stale after a second and
 * render it again.
 */
export default class SharedCacheHandler extends CacheHandler {
  async get(key, ctx) {
    const entry = await super.get(key, ctx)
    const cacheControl = entry?.value?.[CACHE_CONTROL]
    if (!cacheControl) return entry
    const {[CACHE_CONTROL]: _stored, ...value} = entry.value
    return {...entry, value, cacheControl}
  }

  async set(key, value, ctx) {
    const keepLifetime = value && value.kind !== 'FETCH' && ctx?.cacheControl
    return super.set(key, keepLifetime ? {...value, [CACHE_CONTROL]: ctx.cacheControl} : value, ctx)
  }
}
