// A content type with pages of its own touches many places (README: "Adding a content type"). This names, for
// every routed type, what it still lacks, so a newcomer's new type fails here rather than silently in production.
import fs from 'node:fs'
import path from 'node:path'
import sitemap from '@/app/sitemap'
import * as queries from '@/lib/site/content/queries'
import {env} from '@/lib/site/env'
import {indexHref, ROUTED_TYPES, routePatternFor, type RoutedType} from '@/lib/site/routes'
import {schemaTypes} from '@/sanity/schema-types'

/** Routed types the site search leaves out, with why. */
const NOT_SEARCHED = new Map<RoutedType, string>([
  ['topic', 'a topic page is a listing; its articles are searched'],
  ['author', 'an author page is a listing; their articles are searched'],
])

// Sanity's Studio bundle cannot load inside Jest (ESM with import.meta); the schema files use only these three
// helpers from it, which return what they are given and exist for types
jest.mock('sanity', () => ({defineType: <T>(x: T) => x, defineField: <T>(x: T) => x, defineArrayMember: <T>(x: T) => x}))

type SchemaType = {name: string; type: string; fields?: {name: string}[]; preview?: {select?: Record<string, string>}}
const documentTypes = (schemaTypes as unknown as SchemaType[]).filter((type) => type.type === 'document')
const read = (file: string) => fs.readFileSync(path.join(process.cwd(), file), 'utf8')
const exists = (file: string) => fs.existsSync(path.join(process.cwd(), file))
const routeFolder = (type: RoutedType) => `app/(site)${routePatternFor(type).replace('/:slug', '')}`

/** What one type with pages lacks, each with where to add it. */
function lacks(type: string, schemas: SchemaType[] = documentTypes): string[] {
  const missing: string[] = []
  const schema = schemas.find((candidate) => candidate.name === type)
  if (!schema) return [`no document type "${type}" in sanity/schema-types/index.ts`]
  if (!schema.fields?.some((field) => field.name === 'slug')) missing.push(`no slug field in its schema type`)
  if (!schema.preview?.select?.title)
    missing.push(`no preview.select.title in its schema type (the Studio and Presentation title it by that)`)
  if (!read('sanity/structure.ts').includes(`'${type}'`)) missing.push(`not listed in the desk structure (sanity/structure.ts)`)
  const routed = (ROUTED_TYPES as string[]).includes(type)
  if (!routed) missing.push(`no path in lib/site/routes.ts (BASE_PATHS)`)
  if (!(`${type}BySlugQuery` in queries)) missing.push(`no ${type}BySlugQuery in lib/site/content/queries.ts`)
  if (routed) {
    const folder = routeFolder(type as RoutedType)
    if (!exists(`${folder}/[slug]/page.tsx`)) missing.push(`no page at ${folder}/[slug]/page.tsx`)
    if (type in indexHref && type !== 'article') {
      for (const index of [`${folder}/page.tsx`, `${folder}/page/[page]/page.tsx`])
        if (!exists(index)) missing.push(`an index in lib/site/routes.ts but no ${index}`)
    }
  }
  const searched = /searchContentQuery = defineQuery\(`\*\[_type in \[([^\]]*)\]/.exec(read('lib/site/content/queries.ts'))?.[1] ?? ''
  if (!searched.includes(`"${type}"`) && !NOT_SEARCHED.has(type as RoutedType))
    missing.push(`not searched: add it to searchContentQuery, or to NOT_SEARCHED in this test with a reason`)
  return missing
}

describe('content types with pages', () => {
  it('every document type with a slug is routed (lib/site/routes.ts BASE_PATHS)', () => {
    const slugged = documentTypes.filter((type) => type.fields?.some((field) => field.name === 'slug')).map((type) => type.name)
    expect(slugged.filter((name) => !(ROUTED_TYPES as string[]).includes(name))).toEqual([])
  })

  it.each(ROUTED_TYPES)('%s has its schema, structure, query, routes and search', (type) => {
    expect(lacks(type)).toEqual([])
  })

  it('every routed type is in the sitemap, with its pages on the demo dataset', async () => {
    const urls = (await sitemap()).map((entry) => entry.url)
    const absent = ROUTED_TYPES.filter(
      (type) => !urls.some((url) => url.startsWith(`${env.siteUrl}${routeFolder(type).slice('app/(site)'.length)}/`)),
    )
    const fix = 'add it to sitemapEntries (lib/site/content/distribution-queries.ts) and app/sitemap.ts, and a demo document of it'
    expect(absent.map((type) => `${type}: no page of it in /sitemap.xml: ${fix}`)).toEqual([])
  })

  it('names what a new type with pages lacks, step by step', () => {
    expect(lacks('podcast')).toEqual(['no document type "podcast" in sanity/schema-types/index.ts'])
    expect(lacks('podcast', [{name: 'podcast', type: 'document', fields: [{name: 'title'}]}])).toEqual([
      'no slug field in its schema type',
      'no preview.select.title in its schema type (the Studio and Presentation title it by that)',
      'not listed in the desk structure (sanity/structure.ts)',
      'no path in lib/site/routes.ts (BASE_PATHS)',
      'no podcastBySlugQuery in lib/site/content/queries.ts',
      'not searched: add it to searchContentQuery, or to NOT_SEARCHED in this test with a reason',
    ])
  })
})
