import {getPublishedId, isDraftId} from '@sanity/client/csm'

/**
 * Every stored article copy (published and draft) that references a document. Asked in the raw perspective
 * so an article that exists only as a draft is listed too; the copies are merged by `mergeCitations`.
 */
export const USED_IN_QUERY = /* groq */ `*[_type == "article" && references($id)]{_id, title, publishedAt}`

export type CitingArticleRow = {_id: string; title?: string | null; publishedAt?: string | null}

export type Citation = {
  /** The published id, which the Studio's edit intent opens (with the draft, if any). */
  id: string
  title: string
  publishedAt: string | null
  /** `published`: readers can see it; `draft`: only a draft uses the document so far. */
  status: 'published' | 'draft'
  /** The article has unpublished changes as well as a published version. */
  hasDraft: boolean
}

/** One entry per article, newest first; a draft's title and date win, since that is what the editor sees. */
export function mergeCitations(rows: CitingArticleRow[]): Citation[] {
  const byId = new Map<string, Citation>()
  for (const row of rows) {
    if (row._id.startsWith('versions.')) continue
    const id = getPublishedId(row._id)
    const draft = isDraftId(row._id)
    const entry = byId.get(id) ?? {id, title: '', publishedAt: null, status: 'draft' as const, hasDraft: false}
    if (draft) {
      entry.hasDraft = true
      entry.title = row.title?.trim() || entry.title
      entry.publishedAt = row.publishedAt ?? entry.publishedAt
    } else {
      entry.status = 'published'
      if (!entry.hasDraft) {
        entry.title = row.title?.trim() || entry.title
        entry.publishedAt = row.publishedAt ?? null
      }
    }
    byId.set(id, entry)
  }
  return [...byId.values()]
    .map((entry) => ({...entry, title: entry.title || 'Untitled article'}))
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || a.id.localeCompare(b.id))
}
