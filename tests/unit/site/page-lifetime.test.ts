// A page's lifetime is said in three places that must agree: REVALIDATE_SECONDS (the content door's data cache and
// the feeds' s-maxage), and each route's `export const revalidate`, which Next reads at build and which must be a literal.
import fs from 'node:fs'
import path from 'node:path'
import {xmlResponse} from '@/lib/site/distribution/xml'
import {REVALIDATE_SECONDS} from '@/lib/site/page-lifetime'

const APP = path.join(process.cwd(), 'app')
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

const routeFiles = (dir: string): string[] =>
  fs.readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return routeFiles(file)
    const relative = path.relative(process.cwd(), file).split(path.sep).join('/')
    return ROUTE_FILE.test(relative) && !NOT_PAGES.test(relative) ? [relative] : []
  })
const declared = (file: string) => /^export const revalidate = (.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1]

describe('the page lifetime', () => {
  const files = routeFiles(APP)

  it('is the same literal in every route that declares one', () => {
    const differing = files.filter((file) => declared(file) !== undefined && declared(file) !== String(REVALIDATE_SECONDS))
    expect(differing.map((file) => `${file}: revalidate = ${declared(file)}, REVALIDATE_SECONDS = ${REVALIDATE_SECONDS}`)).toEqual([])
  })

  it('is declared by every route of the site, unless it is not cached', () => {
    expect(files.length).toBeGreaterThanOrEqual(20) // the pattern still finds the routes
    const undeclared = files.filter((file) => declared(file) === undefined && !NOT_CACHED.has(file))
    expect(undeclared.map((file) => `${file}: add export const revalidate = ${REVALIDATE_SECONDS}, or say why not in NOT_CACHED`)).toEqual(
      [],
    )
    for (const file of NOT_CACHED.keys()) expect(declared(file)).toBeUndefined()
  })

  it('is what feeds and sitemaps tell a CDN', () => {
    const control = xmlResponse('<rss/>').headers.get('cache-control')
    expect(control).toMatch(new RegExp(`\\bs-maxage=${REVALIDATE_SECONDS}\\b`))
  })
})
