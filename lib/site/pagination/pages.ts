/** Articles per listing page: a screenful of cards on desktop, and short enough to stay fast. */
export const PAGE_SIZE = 12

/** Quotes and principle lists are short: a collection page holds more of them than a page of stories. */
export const COLLECTION_PAGE_SIZE = 24

/** Documents of each routed type pre-rendered at build time (the most recently updated); the rest render on first request and are cached. */
export const PRERENDER_LIMIT = 200

/**
 * Zero-based slice bounds for a 1-based page number, one item past the page: its presence says an
 * older page exists, without counting the whole listing.
 */
export function pageBounds(page: number, size = PAGE_SIZE) {
  return {start: (page - 1) * size, end: page * size + 1}
}

/** Parses a page segment: a positive integer without leading zeros, or undefined (→ 404). */
export function parsePageNumber(segment: string | undefined): number | undefined {
  if (segment === undefined) return 1
  return /^[1-9]\d{0,5}$/.test(segment) ? Number(segment) : undefined
}

/** Page 1 lives at the base path; later pages at `<base>/page/<n>`. */
export function pageHref(basePath: string, page: number): string {
  const base = basePath === '/' ? '' : basePath
  return page <= 1 ? basePath : `${base}/page/${page}`
}
