import 'server-only'
import {unstable_cache} from 'next/cache'
import type {z} from 'zod'
import {env} from '../env'
import {embeddedStore} from '../../offline/store/instance'
import {hostedClient, publishedJustNow} from './hosted'
import {describeZodError, withOwner} from './log'
import type {QueryDefinition} from './queries'
import {REVALIDATE_SECONDS} from '../page-lifetime'
import {requestPerspective} from './request-perspective'

type Params = Record<string, string | number | boolean | string[]>

let publishedClient: ReturnType<typeof hostedClient> | undefined
let draftsClient: ReturnType<typeof hostedClient> | undefined

// The request tag says which API answered a read, in Sanity's request logs (and to the stand-in lake in tests).
const THROUGH_CDN = {useCdn: true, tag: 'cdn'}
const fromApi = (purpose: string) => ({useCdn: false, tag: `api.${purpose}`})

function hostedQuery(query: string, params: Params, perspective: 'published' | 'drafts', tags: string[], fresh = false) {
  if (perspective === 'published' && fresh) {
    publishedClient ??= hostedClient(env)
    return publishedClient.fetch(query, params, {perspective: 'published', ...fromApi('revalidate'), cache: 'no-store'})
  }
  if (perspective === 'published') {
    const client = (publishedClient ??= hostedClient(env))
    // just after a publish the CDN may still answer with the old result, which would be cached as fresh
    const source = publishedJustNow(tags) ? fromApi('after-publish') : THROUGH_CDN
    return withLastGood(JSON.stringify([query, params]), () =>
      client.fetch(query, params, {perspective: 'published', ...source, next: {revalidate: REVALIDATE_SECONDS, tags}}),
    )
  }
  // drafts need the server-only token, fresh data from the API (no CDN), and never a shared cache
  draftsClient ??= hostedClient(env).withConfig({token: env.readToken, useCdn: false})
  return draftsClient.fetch(query, params, {perspective: 'drafts', ...fromApi('preview'), cache: 'no-store'})
}

/** Published results last read from the Content Lake, newest last: the fallback while it is down. */
const lastGood = new Map<string, unknown>()
const LAST_GOOD_LIMIT = 2000

/**
 * When the Content Lake fails (after the client's own retry), a page that must render now (a webhook
 * expired it, or it was never cached) gets the last result this server saw for the same query, and
 * says so in the log, instead of a 500. Nothing to fall back on: the error stands.
 */
async function withLastGood(key: string, load: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = await load()
    lastGood.delete(key)
    lastGood.set(key, result)
    if (lastGood.size > LAST_GOOD_LIMIT) lastGood.delete(lastGood.keys().next().value!)
    return result
  } catch (error) {
    if (!lastGood.has(key)) throw error
    console.warn(`[content] the Content Lake failed (${(error as Error).message}); serving the last good result`)
    return lastGood.get(key)
  }
}

// Next's data cache exists only inside a Next server or build; plain Node (tests, scripts) queries directly.
function embeddedQuery(query: string, params: Params, perspective: 'published' | 'drafts', tags: string[], fresh = false) {
  if (perspective === 'drafts' || fresh || !process.env.NEXT_RUNTIME) return embeddedStore().query(query, params, perspective)
  const store = embeddedStore()
  return unstable_cache(() => store.query(query, params, 'published'), ['embedded', store.version, query, JSON.stringify(params)], {
    tags,
    revalidate: REVALIDATE_SECONDS,
  })()
}

export type FetchOptions = {
  /** 'request' follows draft mode; 'published' is forced for metadata, feeds and sitemaps. */
  perspective?: 'request' | 'published'
  /** Skip every cache (CDN and Next's data cache): for revalidation, which must see the latest. */
  fresh?: boolean
}

/** For metadata, JSON-LD, feeds and sitemaps: they must never carry draft content. */
export const PUBLISHED_ONLY: FetchOptions = {perspective: 'published'}

/**
 * The one door to content. Runs a named query in the configured mode and parses the result with the
 * query's schema. A result that does not parse is logged and comes back as null, so pages 404
 * rather than 500.
 */
export async function fetchContent<S extends z.ZodType>(
  definition: QueryDefinition<S>,
  params: Params = {},
  options: FetchOptions = {},
): Promise<z.output<S> | null> {
  const {query, schema, name} = definition
  const tags = definition.tags(params)
  const perspective = options.perspective === 'published' ? 'published' : await requestPerspective()
  const raw =
    env.mode === 'embedded'
      ? await embeddedQuery(query, params, perspective, tags, options.fresh)
      : await hostedQuery(query, params, perspective, tags, options.fresh)
  const id = (raw as {_id?: unknown} | null)?._id
  const parsed = withOwner(id, () => schema.safeParse(raw))
  if (parsed.success) return parsed.data
  const which = typeof id === 'string' ? `document ${id} from ` : ''
  console.warn(`[content] dropped ${which}${name}(${JSON.stringify(params)}): ${describeZodError(parsed.error)}`)
  return null
}
