import {createClient, type SanityClient} from 'next-sanity'
import type {Env} from '../env'

/** The Content Lake client for hosted mode. A token is attached only for drafts, and only on the server. */
export function hostedClient(env: Env): SanityClient {
  return createClient({
    projectId: env.projectId,
    dataset: env.dataset,
    apiVersion: env.apiVersion,
    useCdn: true,
    perspective: 'published',
    ...(env.apiHost ? {apiHost: env.apiHost, useProjectHostname: false} : {}),
  })
}
