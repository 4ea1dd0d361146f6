import fs from 'node:fs'
import path from 'node:path'
import {isDraftId} from '@sanity/client/csm'
import type {DatasetChange, EmbeddedStore, StoredDocument} from '../../offline/store/store'
import {tagsForChange} from '../content/tags'
import {env} from '../env'
import {expireAgainLater, revalidateThroughServer} from './internal'

const slugOf = (doc?: StoredDocument) => (doc?.slug as {current?: string} | undefined)?.current

/** The tags a dataset change expires: the same rule the webhook follows (lib/site/content/tags.ts). */
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
 * When the NDJSON file changes under a running server, expire exactly the affected tags, and again a
 * moment later (lib/site/revalidation/internal.ts).
 */
export function revalidateOnDatasetChange(store: EmbeddedStore): void {
  store.onChange((change) => {
    const tags = tagsForDatasetChange(store, change)
    if (tags.length === 0) return
    revalidateThroughServer({tags})
      ?.then((response) => console.log(`[store] dataset changed: revalidated ${tags.join(', ')} (now, ${response.status})`))
      .catch((error) => console.error(`[store] dataset changed but revalidation failed: ${error.message}`))
    void expireAgainLater(tags, 'store')
  })
}

/** Where a build notes the dataset it rendered its pages from: in its own output, so a copy of the build carries it. */
const buildRecordFile = () => path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.distDir, 'broadsheet-dataset.json')

/** At build: notes the dataset version (a digest of the file's bytes) the pre-rendered pages come from. */
export function recordBuildDataset(store: EmbeddedStore): void {
  const file = buildRecordFile()
  const temporary = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temporary, JSON.stringify({file: store.file, version: store.version}))
  fs.renameSync(temporary, file)
}

/** How long start-up waits for this server to answer its own /api/revalidate. */
const START_TIMEOUT_MS = 30_000

/**
 * A server started on another dataset than its build's would serve the build's pre-rendered listings
 * until they expire (an article only the served file has would be missing from the home page), so
 * every page is expired once the server answers. The build kept no copy of its dataset, so "everything".
 */
export async function revalidateIfBuiltFromAnotherDataset(store: EmbeddedStore): Promise<void> {
  let built: string | undefined
  try {
    built = JSON.parse(fs.readFileSync(buildRecordFile(), 'utf8')).version
  } catch {
    // no record: a build from before this check, or one that rendered nothing from the dataset
  }
  if (built === store.version) return
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    // the server may not listen yet when this runs (instrumentation's register())
    const response = await revalidateThroughServer({everything: true})?.catch(() => undefined)
    if (response?.ok) {
      console.log(`[store] built from dataset ${built ?? '(unknown)'}, serving ${store.version}: every page revalidated`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 100).unref())
  }
  console.error('[store] served dataset differs from the build’s, but this server never answered its own /api/revalidate')
}
