// Sanity's Live Content API on the local Content Lake: `/data/live/events/<dataset>` (Server-Sent Events saying which
// sync tags changed) and `/check/cors`, which the Presentation tool opens before it shows the site.
import {randomUUID} from 'node:crypto'
import {isDraftId, isVersionId} from '@sanity/client/csm'
import type {Perspective} from '../store/store'
import type {DatasetChange} from '../store/store'
import type {RouteCall} from './context'
import {hasToken, openSse, send} from './http'
import {LakeError} from './transaction'

/**
 * The lake's sync tags: one for published content and one for drafts. The hosted API tags finer (per query
 * result), which only saves refetches; here a change refetches every query of its kind, at local speed.
 */
export const SYNC_TAG_PUBLISHED = 's1:published'
export const SYNC_TAG_DRAFTS = 's1:drafts'

/** The sync tags a query's result depends on, returned with it so a live client knows which events concern it. */
export function syncTagsFor(perspective: Perspective): string[] {
  return perspective === 'published' ? [SYNC_TAG_PUBLISHED] : [SYNC_TAG_PUBLISHED, SYNC_TAG_DRAFTS]
}

/** The tags a change touches: drafts and versions under the drafts tag, everything else under published. */
export function syncTagsOf(change: DatasetChange): string[] {
  const ids = [...change.changed.map((doc) => doc._id), ...change.removed.map((doc) => doc._id)]
  const tags = new Set<string>()
  for (const id of ids) tags.add(isDraftId(id) || isVersionId(id) ? SYNC_TAG_DRAFTS : SYNC_TAG_PUBLISHED)
  return [...tags]
}

// event ids carry this process's start, so a `lastLiveEventId` from before a restart is never taken for a later event
const BOOT = randomUUID().slice(0, 8)
let sequence = 0

/**
 * `GET /data/live/events/<dataset>[?includeDrafts=true]`. As on the hosted API, the published stream is public: it
 * carries only opaque tags, never content, and a browser's EventSource cannot send a token. With `includeDrafts` the
 * lake's token is required, which @sanity/client sends as a header (it switches to its EventSource polyfill for that).
 */
export function liveEvents({lake, r}: RouteCall) {
  const includeDrafts = r.url.searchParams.get('includeDrafts') === 'true'
  if (includeDrafts && !hasToken(r.req, lake.options.token)) {
    throw new LakeError(401, 'Unauthorized: live events with drafts need the local Content Lake token', 'unauthorizedError')
  }
  const sse = openSse(r)
  sse.onClose(
    lake.store.onChange((change) => {
      const tags = syncTagsOf(change).filter((tag) => includeDrafts || tag === SYNC_TAG_PUBLISHED)
      if (tags.length > 0) sse.write({type: 'message', id: `${BOOT}-${++sequence}`, data: {tags}})
    }),
  )
  sse.write({type: 'welcome', data: {}})
}

/**
 * `GET /check/cors`: whether the calling page's origin may use the lake. The lake admits only loopback origins and
 * refuses the others before routing, so a page that gets here is allowed, with credentials.
 */
export function checkCors({r}: RouteCall) {
  send(r, 200, {result: {allowed: true, withCredentials: true}})
}
