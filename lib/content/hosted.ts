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
