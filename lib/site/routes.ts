// Every path to a page of the site comes from here. Client-safe (no env, no server-only): the Studio's
// Presentation tool and client components import it too.

/** The document types that have a page of their own, and where those pages live. */
const BASE_PATHS = {
  article: '/articles',
  topic: '/topics',
  author: '/authors',
  quote: '/quotes',
  principleList: '/principles',
} as const

export type RoutedType = keyof typeof BASE_PATHS

export const ROUTED_TYPES = Object.keys(BASE_PATHS) as RoutedType[]

/**
 * The path of a document's page. The slug is percent-encoded: editors type slugs with curly apostrophes,
 * umlauts, `?` or `&`, and a link must carry them whole (the route decodes them again: `slugFromParam`).
 */
export function hrefFor(type: RoutedType, slug: string): string {
  return `${BASE_PATHS[type]}/${encodeURIComponent(slug)}`
}

/** A document page's route as a pattern (`/articles/:slug`), for the Presentation tool to match. */
export const routePatternFor = (type: RoutedType) => `${BASE_PATHS[type]}/:slug`

/** The index pages of the collections that have one; stories are listed on the home page. */
export const indexHref = {article: '/', quote: '/quotes', principleList: '/principles'} as const

/** A topic's RSS feed. */
export const topicFeedHref = (slug: string) => `${hrefFor('topic', slug)}/feed.xml`

/**
 * The slug a `[slug]` page was asked for. Next 16 hands a page component its segment still percent-encoded
 * (generateMetadata, route handlers and image routes get it decoded: use theirs as it is). Undefined (→ 404)
 * when it is not valid percent-encoding, which decodeURIComponent would throw on.
 */
export function slugFromParam(param: string): string | undefined {
  try {
    return decodeURIComponent(param)
  } catch {
    return undefined
  }
}
