/**
 * How long a published page may be served before it is re-checked, when no webhook says otherwise. Next reads a
 * route's `export const revalidate` at build and takes only a literal there, so each route repeats the number;
 * tests/unit/site/page-lifetime.test.ts fails if one of them differs from this.
 */
export const REVALIDATE_SECONDS = 300

/** How long a CDN may keep serving a stale feed or sitemap while it fetches the fresh one. */
export const STALE_WHILE_REVALIDATE_SECONDS = 600
