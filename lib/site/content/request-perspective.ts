import {draftMode} from 'next/headers'

/**
 * The single place that turns draft mode into a perspective. Outside a request (build-time static
 * params) there is no draft mode, so content is published.
 */
export async function requestPerspective(): Promise<'published' | 'drafts'> {
  try {
    return (await draftMode()).isEnabled ? 'drafts' : 'published'
  } catch {
    return 'published'
  }
}

export async function isPreviewing(): Promise<boolean> {
  return (await requestPerspective()) === 'drafts'
}
