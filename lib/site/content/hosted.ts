import {createClient, type SanityClient} from 'next-sanity'
import type {Env} from '../env'

export const HOSTED_TIMEOUT_MS = 3000

/** The Content Lake client for hosted mode. A token is attached only for drafts, and only on the server. */
export function hostedClient(env: Env): SanityClient {
  return createClient({
    projectId: env.projectId,
    dataset: env.dataset,
    apiVersion: env.apiVersion,
    useCdn: true,
    perspective: 'published',
    // A reader waits at most ~6.5 s: a 3 s timeout, one retry after 250 ms. Cached pages never wait:
    // when a revalidation fails, Next keeps serving the last good version.
    timeout: HOSTED_TIMEOUT_MS,
    maxRetries: 1,
    retryDelay: () => 250,
    ...(env.apiHost ? {apiHost: env.apiHost, useProjectHostname: false} : {}),
  })
}

/**
 * How long after a webhook this server reads the affected queries from the live API: Sanity's API CDN
 * may still answer with the pre-publish result for a moment, and Next would cache that for REVALIDATE_SECONDS.
 */
export const READ_API_AFTER_PUBLISH_MS = 60_000

// on globalThis: the webhook route and the pages it expires are bundled separately
const publishedKey = Symbol.for('broadsheet.publishedTags')
type Holder = {[publishedKey]?: Map<string, number>}
const publishedTags = () => ((globalThis as Holder)[publishedKey] ??= new Map())

/** Notes the cache tags a webhook expires, with the time. */
export function notePublished(tags: string[], now = Date.now()): void {
  const noted = publishedTags()
  for (const [tag, at] of noted) if (now - at > READ_API_AFTER_PUBLISH_MS) noted.delete(tag)
  for (const tag of tags) noted.set(tag, now)
}

/** Whether a query with these cache tags should read from the API, not the CDN: a webhook expired one of them just now. */
export function publishedJustNow(tags: string[], now = Date.now()): boolean {
  const noted = publishedTags()
  return tags.some((tag) => now - (noted.get(tag) ?? -Infinity) <= READ_API_AFTER_PUBLISH_MS)
}
