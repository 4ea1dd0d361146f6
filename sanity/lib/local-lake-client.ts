import {createClient, type ClientConfig, type SanityClient} from '@sanity/client'
import {Observable} from 'rxjs'
import type {LakeSession} from '../../lib/offline/lake/session'
import {LakeStream, type ListenerTransport, type ListenEvent} from './lake-stream/stream'
import {TabSharedStream, tabsCanShare} from './lake-stream/tabs'
import {studioApiVersion} from '../env'

type ListenOptions = Record<string, unknown> & {events?: string[]}

// what the server needs to shape each event; the rest (events, tag) stays on this side
const SERVER_OPTIONS = ['includeResult', 'includePreviousRevision', 'includeMutations', 'effectFormat', 'visibility']

/** A short, stable tag for the token, so tabs given another token (a new lake) share nothing with these. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** Every tab of this browser profile on one stream when the browser allows it, else one stream for this tab. */
function listenerTransport(session: LakeSession, dataset: string): ListenerTransport {
  const open = () => new LakeStream(`${session.apiHost}/v${studioApiVersion}/broadsheet/listen/${dataset}`, session.token)
  if (!tabsCanShare()) return open()
  return new TabSharedStream(`broadsheet-lake|${session.apiHost}|${dataset}|${fingerprint(session.token)}`, open)
}

/**
 * The Studio's client factory for the local Content Lake: every client goes to the lake with the
 * token, and `listen` (a per-instance field on the client and on `client.observable`) is replaced by
 * one stream shared by every listener of every Studio tab (lake-stream/tabs.ts). `withConfig()` and
 * `clone()` build fresh instances, so those are wrapped too.
 * This leans on `unstable_clientFactory`, which is not a documented contract: the Studio and client
 * versions are pinned and a browser test covers it.
 */
export function localLakeClientFactory(session: LakeSession): (options: ClientConfig) => SanityClient {
  const streams = new Map<string, ListenerTransport>()
  const streamFor = (dataset: string) => {
    let stream = streams.get(dataset)
    if (!stream) {
      stream = listenerTransport(session, dataset)
      streams.set(dataset, stream)
    }
    return stream
  }

  function listenOn(client: {config(): ClientConfig}) {
    return (query: string, params: Record<string, unknown> = {}, options: ListenOptions = {}) =>
      new Observable<ListenEvent>((subscriber) => {
        const serverOptions = Object.fromEntries(SERVER_OPTIONS.filter((name) => name in options).map((name) => [name, options[name]]))
        const stream = streamFor(client.config().dataset ?? session.dataset)
        const id = stream.add({
          query,
          params,
          options: {includeResult: true, ...serverOptions},
          events: options.events ?? ['mutation'],
          next: (event) => subscriber.next(event),
          error: (error) => subscriber.error(error),
        })
        return () => stream.remove(id)
      })
  }

  type Wrappable = {
    config(): ClientConfig
    withConfig(config?: Partial<ClientConfig>): Wrappable
    clone(): Wrappable
    listen: unknown
    observable?: Wrappable
  }
  function wrap<T extends Wrappable>(client: T): T {
    client.listen = listenOn(client)
    const withConfig = client.withConfig.bind(client)
    const clone = client.clone.bind(client)
    client.withConfig = (config) => wrap(withConfig(config))
    client.clone = () => wrap(clone())
    if (client.observable) wrap(client.observable)
    return client
  }

  return (options) =>
    wrap(
      createClient({
        ...options,
        apiHost: session.apiHost,
        useProjectHostname: false,
        token: session.token,
        withCredentials: false,
        useCdn: false,
        ignoreBrowserTokenWarning: true,
      }) as unknown as Wrappable,
    ) as unknown as SanityClient
}
