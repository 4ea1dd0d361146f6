import {perspectiveCookieName} from '@sanity/preview-url-secret/constants'
import {cookies, draftMode} from 'next/headers'

/**
 * Whether this request is an editor's preview (draft mode). Outside a request (build-time static params) there is
 * no draft mode.
 */
export async function isPreviewing(): Promise<boolean> {
  try {
    return (await draftMode()).isEnabled
  } catch {
    return false
  }
}

/**
 * The single place that turns draft mode into a perspective: drafts, unless the Presentation tool's
 * "Published" switch set its cookie (next-sanity's draft-mode route and perspective action write it).
 * Release stacks are not served, so any other value reads as drafts.
 */
export async function requestPerspective(): Promise<'published' | 'drafts'> {
  if (!(await isPreviewing())) return 'published'
  return (await cookies()).get(perspectiveCookieName)?.value === 'published' ? 'published' : 'drafts'
}
