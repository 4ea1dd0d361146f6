// A page's lifetime is said in three places that must agree: REVALIDATE_SECONDS (the content door's data cache and
// the feeds' s-maxage), and each route's `export const revalidate`, which Next reads at build and which must be a literal.
import fs from 'node:fs'
import {xmlResponse} from '@/lib/site/distribution/xml'
import {REVALIDATE_SECONDS} from '@/lib/site/page-lifetime'
import {tree} from '../../support/tree'

/** Route files that are not cached for the page lifetime, with why. */
const NOT_CACHED = new Map([
  ['app/(site)/search/page.tsx', 'its results depend on the query string: rendered per request'],
  ['app/(site)/opengraph-image.tsx', 'the home card reads no content: static'],
  ['app/logo.png/route.tsx', 'reads no content: static'],
  ['app/robots.ts', 'reads no content: static'],
])
/** Folders whose routes serve no reader page: the API, the Studio, the health check and stored images. */
const NOT_PAGES = /^app\/(api|studio|healthz|media)\//
/** The files Next takes as a route: pages, route handlers, metadata routes and images. */
const ROUTE_FILE = /(^|\/)(page\.tsx|route\.tsx?|sitemap\.ts|robots\.ts|[a-z-]+-image\.tsx)$/

/** What a route file says its lifetime is, if it says one. */
const lifetimeIn = (file: string) => /^export const revalidate = (.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1]

describe('the page lifetime', () => {
  const files = tree('app').files.filter((file) => ROUTE_FILE.test(file) && !NOT_PAGES.test(file))
  const declared = new Map(files.map((file) => [file, lifetimeIn(file)]))

  it('is the same literal in every route that declares one', () => {
    const differing = files.filter((file) => declared.get(file) !== undefined && declared.get(file) !== String(REVALIDATE_SECONDS))
    expect(differing.map((file) => `${file}: revalidate = ${declared.get(file)}, REVALIDATE_SECONDS = ${REVALIDATE_SECONDS}`)).toEqual([])
  })

  it('is declared by every route of the site, unless it is not cached', () => {
    expect(files.length).toBeGreaterThanOrEqual(20) // the pattern still finds the routes
    const undeclared = files.filter((file) => declared.get(file) === undefined && !NOT_CACHED.has(file))
    expect(undeclared.map((file) => `${file}: add export const revalidate = ${REVALIDATE_SECONDS}, or say why not in NOT_CACHED`)).toEqual(
      [],
    )
    // read from disk: a file named here must exist
    for (const file of NOT_CACHED.keys()) expect(lifetimeIn(file)).toBeUndefined()
  })

  it('is what feeds and sitemaps tell a CDN', () => {
    const control = xmlResponse('<rss/>').headers.get('cache-control')
    expect(control).toMatch(new RegExp(`\\bs-maxage=${REVALIDATE_SECONDS}\\b`))
  })
})
