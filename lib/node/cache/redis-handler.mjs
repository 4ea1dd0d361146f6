// The cache every replica shares through Redis (README: "Running more than one server"). Next loads this
// file itself at `next start`, outside its bundles: plain ESM, no path aliases, nothing from the app but the
// dependency-free lib/node/front/pages-expired.mjs.
import {CacheHandler} from '@fortedigital/nextjs-cache-handler'
import createLocalHandler from '@fortedigital/nextjs-cache-handler/local-lru'
import createRedisHandler from '@fortedigital/nextjs-cache-handler/redis-strings'
import {createClient} from '@redis/client'
import {announcePagesExpired} from '../front/pages-expired.mjs'

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
// lib/site/content/hosted.ts keeps the tags a webhook expired here: for a minute they are read from the live API, not the CDN
const PUBLISHED_TAGS = Symbol.for('broadsheet.publishedTags')

/** @typedef {import('@fortedigital/nextjs-cache-handler/cache-handler.types').Handler} Handler */
/** @typedef {'commands' | 'channel'} Connection */
/**
 * What the expiry channel needs from its owner: see shareExpiries().
 * @typedef {{channel: string, onMessage: (message: string) => void, onCommandsReady: () => void, onChannelReady: () => void}} ChannelHooks
 */

/** @type {{isOpen: boolean, destroy: () => void}[]} Every connection this process opened, so that closeConnections() can end them. */
const opened = []

/** @param {string} url */
const redacted = (url) => {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

/**
 * The two connections a replica keeps to Redis: one for commands, one listening on the expiry channel. Both
 * reconnect on their own for ever once opened. Logs when Redis goes away and when both are back: once each,
 * never per request.
 */
/** @param {string} url */
function connections(url) {
  const where = redacted(url)
  const client = createClient({
    url,
    // while Redis is away, commands fail at once (the local cache answers) instead of queueing
    disableOfflineQueue: true,
    socket: {connectTimeout: REDIS_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS)},
  })
  const subscriber = client.duplicate()
  opened.push(client, subscriber)
  const up = {commands: false, channel: false}
  let state = 'connecting'
  /** @param {Connection} which @param {Error} error */
  const lost = (which, error) => {
    up[which] = false
    if (state === 'down') return
    state = 'down'
    console.error(
      `[cache] Redis at ${where} is unreachable (${error.message}): each server answers from its own memory until Redis returns`,
    )
  }
  /** @param {Connection} which */
  const ready = (which) => {
    up[which] = true
    if (!up.commands || !up.channel || state === 'up') return
    console.log(
      state === 'down'
        ? `[cache] Redis at ${where} is back: the cache is shared again`
        : `[cache] sharing the cache through Redis at ${where}`,
    )
    state = 'up'
  }
  client.on('error', (error) => lost('commands', error))
  subscriber.on('error', (error) => lost('channel', error))

  /** Connects both, never awaited: a server whose Redis is down still starts, and connects when Redis comes. */
  /** @param {ChannelHooks} hooks */
  const open = ({channel, onMessage, onCommandsReady, onChannelReady}) => {
    client.on('ready', () => {
      ready('commands')
      onCommandsReady()
    })
    const channelReady = () => {
      ready('channel')
      onChannelReady()
    }
    // after a reconnection the client listens on the channel again before it says 'ready'; the first time, subscribe() must answer
    let subscribed = false
    subscriber.on('ready', () => {
      if (subscribed) return channelReady()
      subscriber.subscribe(channel, onMessage).then(
        () => {
          subscribed = true
          channelReady()
        },
        () => {}, // the connection went again: the next 'ready' subscribes
      )
    })
    client.connect().catch(() => {})
    subscriber.connect().catch(() => {})
  }
  return {client, open}
}

/**
 * This server's own memory of pages, which can be dropped whole. A replica cut off from the expiry channel
 * may have missed expiries, so when the channel is back it forgets what it kept, as Redis's client-side
 * caching does when its invalidation connection is lost.
 */
function forgettableLocal() {
  let local = createLocalHandler()
  return {
    forget: () => void (local = createLocalHandler()),
    /** @type {Handler} */
    handler: {
      name: 'local-lru',
      get: (key, meta) => local.get(key, meta),
      set: (key, value, ctx) => local.set(key, value, ctx),
      revalidateTag: (tag) => local.revalidateTag(tag),
      delete: async (key) => local.delete?.(key), // the LRU handler has one; the type says it may not
    },
  }
}

/**
 * Expiries reach every replica: through Redis itself (the entries are deleted there), and through a channel
 * that clears each replica's local copy and notes the tags as just published. Expiries made while Redis is
 * down are kept and replayed when it returns.
 */
/**
 * @param {{redis: Handler, local: ReturnType<typeof forgettableLocal>, client: ReturnType<typeof connections>['client'], channel: string}} parts
 * @returns {ChannelHooks & {handler: Handler}}
 */
function shareExpiries({redis, local, client, channel}) {
  /** @type {Set<string>} */
  const pending = new Set()
  let replaying = false
  /** @param {string} tag */
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
  return {
    channel,
    onCommandsReady: () => pending.size > 0 && void replay(),
    // expiries published while this replica was not listening are lost to it: forget every page it kept
    onChannelReady: () => {
      local.forget()
      announcePagesExpired()
    },
    onMessage: (message) => {
      const now = Date.now()
      const holder = /** @type {{[PUBLISHED_TAGS]?: Map<string, number>}} */ (globalThis)
      const published = (holder[PUBLISHED_TAGS] ??= new Map())
      for (const tag of JSON.parse(message)) {
        void local.handler.revalidateTag(tag)
        if (!tag.startsWith('_N_T_')) published.set(tag, now)
      }
      announcePagesExpired()
    },
    handler: {
      ...redis,
      async revalidateTag(tag) {
        try {
          if (!client.isReady) throw new Error('Redis is away')
          await expire(tag)
        } catch (error) {
          pending.add(tag)
          const oldest = pending.values().next().value
          if (pending.size > MAX_PENDING_EXPIRIES && oldest !== undefined) pending.delete(oldest)
          throw error
        }
      },
    },
  }
}

CacheHandler.onCreation(({buildId}) => {
  // one namespace per build: a page stored by one build names script files another build does not have
  const keyPrefix = `broadsheet:${buildId ?? 'unbuilt'}:`
  // config.mjs installs this handler only when readEnv() accepted REDIS_URL
  const {client, open} = connections(/** @type {string} */ (process.env.REDIS_URL))
  const local = forgettableLocal()
  // the library types its client with @redis/client's default generics; ours is that client, typed for RESP 3
  const redisClient = /** @type {import('@redis/client').RedisClientType} */ (/** @type {unknown} */ (client))
  const redis = createRedisHandler({client: redisClient, keyPrefix, timeoutMs: REDIS_TIMEOUT_MS})
  const shared = shareExpiries({redis, local, client, channel: `${keyPrefix}expired`})
  open(shared)
  // Redis first; when it fails, this server's own memory (which every render also fills)
  return {handlers: [shared.handler, local.handler], ttl: {estimateExpireAge: (staleAge) => Math.max(staleAge, KEEP_SECONDS)}}
})

/** Ends this process's connections to Redis, and their reconnecting: for tests that load the handler in-process. */
export function closeConnections() {
  for (const connection of opened.splice(0)) if (connection.isOpen) connection.destroy()
}

/**
 * Next asks the cache for a page's lifetime with the page (16.4: "the stored lifetime belongs to this
 * entry"). Without it, a replica that did not render the page would take it as stale after a second and
 * render it again.
 */
export default class SharedCacheHandler extends CacheHandler {
  /** @param {Parameters<CacheHandler['get']>} args */
  async get(...args) {
    const entry = await super.get(...args)
    // the value as stored: Next's, with the lifetime set() kept beside it
    const stored = /** @type {Record<string, unknown> | null | undefined} */ (/** @type {unknown} */ (entry?.value))
    const cacheControl = stored?.[CACHE_CONTROL]
    if (!entry || !stored || !cacheControl) return entry
    const {[CACHE_CONTROL]: _kept, ...value} = stored
    return /** @type {typeof entry} */ (/** @type {unknown} */ ({...entry, value, cacheControl}))
  }

  /**
   * @param {Parameters<CacheHandler['set']>[0]} key
   * @param {Parameters<CacheHandler['set']>[1]} value
   * @param {Parameters<CacheHandler['set']>[2] & {cacheControl?: unknown}} ctx Next 16.4 adds the lifetime; the library's types predate it
   */
  async set(key, value, ctx) {
    const keepLifetime = value && value.kind !== 'FETCH' && ctx?.cacheControl
    const kept = keepLifetime ? /** @type {typeof value} */ (/** @type {unknown} */ ({...value, [CACHE_CONTROL]: ctx.cacheControl})) : value
    return super.set(key, kept, ctx)
  }
}
