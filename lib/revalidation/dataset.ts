import {randomBytes} from 'node:crypto'
import {isDraftId} from '@sanity/client/csm'
import type {DatasetChange, EmbeddedStore, StoredDocument} from '../embedded/store'
import {tagsForChange} from '../content/tags'

/** Long enough for an in-flight page regeneration to finish. */
const REVALIDATE_AGAIN_MS = 1500

const tokenKey = Symbol.for('broadsheet.internalRevalidationToken')
type Holder = {[tokenKey]?: string}

/** A secret only this server process knows: it lets the dataset watcher call /api/revalidate. */
export function internalRevalidationToken(): string {
  const holder = globalThis as Holder
  holder[tokenKey] ??= randomBytes(32).toString('hex')
  return holder[tokenKey]
}

const slugOf = (doc?: StoredDocument) => (doc?.slug as {current?: string} | undefined)?.current

/** The tags a dataset change expires: the same rule the webhook follows (lib/content/tags.ts). */
export function tagsForDatasetChange(store: EmbeddedStore, change: DatasetChange): string[] {
  const touched = [...change.changed, ...change.removed].filter((doc) => !isDraftId(doc._id))
  const view = store.view('published')
  const referrers = touched.flatMap((doc) => view.referrers(doc._id) ?? [])
  return tagsForChange(
    touched.map((doc) => ({
      _id: doc._id,
      _type: doc._type,
      slug: slugOf(doc),
      previousSlug: slugOf(change.previous.get(doc._id)),
    })),
    referrers.map((doc) => ({_type: doc._type, slug: slugOf(doc)})),
  )
}

/**
 * When the NDJSON file changes under a running server, expire exactly the affected tags.
 * revalidateTag() needs a request scope, so the watcher asks this server's own /api/revalidate.
 */
export function revalidateOnDatasetChange(store: EmbeddedStore): void {
  store.onChange((change) => {
    const port = process.env.PORT
    if (!process.env.NEXT_RUNTIME || !port) return
    const tags = tagsForDatasetChange(store, change)
    if (tags.length === 0) return
    const post = (when: string) =>
      fetch(`http://127.0.0.1:${port}/api/revalidate`, {
        method: 'POST',
        headers: {'content-type': 'application/json', 'x-broadsheet-revalidate': internalRevalidationToken()},
        body: JSON.stringify({tags}),
      })
        .then((response) => console.log(`[store] dataset changed: revalidated ${tags.join(', ')} (${when}, ${response.status})`))
        .catch((error) => console.error(`[store] dataset changed but revalidation failed: ${error.message}`))
    void post('now')
    // again a moment later: a page regenerating from the old data when the first call landed would
    // otherwise be stored as fresh
    setTimeout(() => void post('follow-up'), REVALIDATE_AGAIN_MS).unref()
  })
}
