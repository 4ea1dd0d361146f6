// Runtime imports here stay free of 'sanity' itself: these helpers are unit-tested in Jest, which cannot load
// the Studio bundle (it uses `import.meta`). `@sanity/client/csm` is a small dependency of the Studio anyway.
import {getPublishedId} from '@sanity/client/csm'
import type {SanityClient} from '@sanity/client'
import type {Reference, SlugIsUniqueValidator, ValidationContext} from 'sanity'
import {studioApiVersion} from '../env'

/** The API version custom validators query with (the same one as the rest of the Studio). */
export const VALIDATION_API_VERSION = studioApiVersion

type ClientSource = {getClient: (options: {apiVersion: string}) => SanityClient}

/** A client that sees every stored document (published, drafts and release versions), not one perspective. */
function rawClient({getClient}: ClientSource) {
  return getClient({apiVersion: VALIDATION_API_VERSION}).withConfig({perspective: 'raw'})
}

/**
 * Slugs are unique per document type, not across all types: an article and a topic may both be "ai".
 * Counts documents of the same type with the same slug, leaving out this document's own published copy,
 * draft and release versions (`sanity::versionOf`). Sanity 5.31's default check happens to filter by type
 * too; this states the rule here, so it holds whatever a Studio upgrade changes in the default.
 */
export const isUniqueSlugPerType: SlugIsUniqueValidator = async (slug, context) => {
  const {document} = context
  if (!document?._id || !document._type) return true
  const count = await rawClient(context).fetch<number>(
    `count(*[_type == $type && slug.current == $slug && !sanity::versionOf($published)])`,
    {type: document._type, slug, published: getPublishedId(document._id)},
    {tag: 'validation.slug-unique-per-type'},
  )
  return count === 0
}

/**
 * For an embed of reusable content (a quote, a principle list): warns when the embedded document has no
 * published version, since the site drops an embed it cannot resolve and readers would see nothing there.
 * Set on the embed object, not on its reference field: a rule on the reference would also carry Sanity's
 * built-in reference check, which would then be reported twice (and at warning level).
 */
export function unpublishedEmbedWarning(kind: string, field: string) {
  return async (value: Record<string, unknown> | undefined, context: ValidationContext): Promise<true | string> => {
    const ref = (value?.[field] as Reference | undefined)?._ref
    if (!ref) return true
    const published = await rawClient(context).fetch<boolean>(
      `count(*[_id == $id]) > 0`,
      {id: getPublishedId(ref)},
      {tag: 'validation.embed-published'},
    )
    return published ? true : `This ${kind} is not published: the article will show nothing in its place until the ${kind} is published`
  }
}

/** SEO descriptions: search engines show about 160 characters and treat very short ones as missing. */
export const SEO_DESCRIPTION_RANGE = {min: 50, max: 160} as const

export function seoDescriptionWarning(value: string | undefined): true | string {
  if (!value) return true
  const length = value.trim().length
  const {min, max} = SEO_DESCRIPTION_RANGE
  return length >= min && length <= max ? true : `Aim for ${min}–${max} characters (now ${length})`
}

/** Headlines longer than this are cut off in most listings. */
export const HEADLINE_SOFT_LIMIT = 110

/** The notices the local Content Lake keeps on documents changed both in the Studio and in the file (lib/offline/store/notices.ts). */
export const CONFLICT_NOTICE_TYPE = 'broadsheet.conflictNotice'
type Notice = {conflictedId: string; keptAs: string | null; at: string}

/**
 * A document-level warning while the local Content Lake holds a conflict notice on this document: the dataset file
 * was edited outside the Studio (a git pull, a hand edit) while the editor's saves to it were not yet in the file.
 * It says where the editor's version is, and goes when the document is published.
 */
export const conflictNoticeWarning = async (document: {_id?: string} | undefined, context: ClientSource) => {
  if (!document?._id) return true
  const notices = await rawClient(context).fetch<Notice[]>(
    `*[_type == $type && documentId == $id] | order(at desc){conflictedId, keptAs, at}`,
    {type: CONFLICT_NOTICE_TYPE, id: getPublishedId(document._id)},
    {tag: 'validation.conflict-notice'},
  )
  if (!notices.length) return true
  return notices
    .map(({conflictedId, keptAs, at}) => {
      const which = conflictedId.startsWith('drafts.') ? 'draft' : 'published document'
      const where = keptAs ? `your version is kept as the draft` : `your version is in History (open the document's history to restore it)`
      return `On ${new Date(at).toLocaleString()}, the ${which} was changed in the dataset file outside the Studio (a git pull or a hand edit) while your edits to it were being saved. The file's version is current; ${where}. Compare, then publish to clear this notice.`
    })
    .join('\n')
}
