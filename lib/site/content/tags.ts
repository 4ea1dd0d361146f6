/**
 * Cache tags. A page's own document is tagged `<type>:<slug>` (the slug is its URL identity); a listing
 * is tagged `list:<type>` for every type whose documents it shows. A change to a document revalidates
 * its own tag, the lists of its type, and the pages of the documents that reference it.
 */
export const docTag = (type: string, slug: string) => `${type}:${slug}`
export const listTag = (type: string) => `list:${type}`
export const SETTINGS_TAG = 'siteSettings'

/** What a listing of article cards shows: articles, with their authors and topics. */
export const ARTICLE_LIST_TAGS = [listTag('article'), listTag('author'), listTag('topic')]

export type ChangedDocument = {_id: string; _type: string; slug?: string | null; previousSlug?: string | null}
export type Referrer = {_type: string; slug?: string | null}

/** The exact tags a change must revalidate: nothing broader. */
export function tagsForChange(changed: ChangedDocument[], referrers: Referrer[]): string[] {
  const tags = new Set<string>()
  for (const doc of changed) {
    if (doc._type === 'siteSettings') tags.add(SETTINGS_TAG)
    if (doc.slug) tags.add(docTag(doc._type, doc.slug))
    if (doc.previousSlug && doc.previousSlug !== doc.slug) tags.add(docTag(doc._type, doc.previousSlug))
    if (!doc._type.startsWith('sanity.')) tags.add(listTag(doc._type))
  }
  for (const ref of referrers) if (ref.slug) tags.add(docTag(ref._type, ref.slug))
  return [...tags].sort()
}
