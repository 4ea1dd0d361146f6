import 'server-only'
import {getPublishedId} from '@sanity/client/csm'
import {revalidatePath, revalidateTag} from 'next/cache'
import {z} from 'zod'
import {announcePagesExpired} from '../../node/front/pages-expired.mjs'
import {fetchContent} from '../content/fetch'
import {referencingDocuments} from '../content/queries'
import {tagsForChange, type ChangedDocument} from '../content/tags'

/** The projection the Sanity webhook sends (README: "Instant updates on publish"). */
export const WebhookPayload = z.object({
  _id: z.string().min(1),
  _type: z.string().min(1),
  slug: z.string().nullish(),
  previousSlug: z.string().nullish(),
})

/**
 * Tags for documents that changed, with the pages of whatever references them. When the Content Lake
 * cannot say who references them, the documents' own tags still come back, marked incomplete.
 */
export async function tagsToRevalidate(changed: ChangedDocument[]): Promise<{tags: string[]; complete: boolean}> {
  try {
    const referrers = (
      await Promise.all(
        changed.map((doc) => fetchContent(referencingDocuments, {id: getPublishedId(doc._id)}, {perspective: 'published', fresh: true})),
      )
    ).flatMap((list) => list ?? [])
    return {tags: tagsForChange(changed, referrers), complete: true}
  } catch (error) {
    console.error(`[revalidate] could not look up referencing documents: ${(error as Error).message}`)
    return {tags: tagsForChange(changed, []), complete: false}
  }
}

/** Expires the tags now, so the very next request renders fresh content. */
export function expireTags(tags: string[]): void {
  for (const tag of tags) revalidateTag(tag, {expire: 0})
  announcePagesExpired()
}

/** Expires every page: each carries its root layout's implicit tag. */
export function expireEverything(): void {
  revalidatePath('/', 'layout')
  announcePagesExpired()
}
