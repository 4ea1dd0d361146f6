import {defineDocuments, defineLocations, presentationTool} from 'sanity/presentation'
import {hrefFor, indexHref, ROUTED_TYPES, routePatternFor, type RoutedType} from '../lib/site/routes'
import {schemaTypes} from './schema-types'

type Doc = {title?: string; slug?: string} | null

// topics and authors have no index page
const INDEXES: Partial<Record<RoutedType, {title: string; href: string}>> = {
  article: {title: 'Home page', href: indexHref.article},
  quote: {title: 'All quotes', href: indexHref.quote},
  principleList: {title: 'All principle lists', href: indexHref.principleList},
}

/** The field the Studio titles a document by (its preview's title), so a location reads as the document lists do. */
const titleFieldOf = (type: RoutedType): string => {
  const schema = schemaTypes.find((candidate) => candidate.name === type) as {preview?: {select?: {title?: string}}} | undefined
  const field = schema?.preview?.select?.title
  if (!field) throw new Error(`sanity/schema-types: "${type}" has pages but no preview.select.title to name them by`)
  return field
}

const locationsOf = (type: RoutedType) =>
  defineLocations({
    select: {title: titleFieldOf(type), slug: 'slug.current'},
    resolve: (doc: Doc) => ({
      locations: doc?.slug
        ? [{title: doc.title || 'Untitled', href: hrefFor(type, doc.slug)}, ...(INDEXES[type] ? [INDEXES[type]] : [])]
        : [],
    }),
  })

/** The Presentation tool: opens each document on its page of the real site, in draft mode. */
export const presentation = presentationTool({
  previewUrl: {previewMode: {enable: '/api/draft-mode/enable', disable: '/api/draft-mode/disable'}},
  resolve: {
    // the tool decodes the matched segment, so $slug is the slug as stored
    mainDocuments: defineDocuments(
      ROUTED_TYPES.map((type) => ({route: routePatternFor(type), filter: `_type == "${type}" && slug.current == $slug`})),
    ),
    locations: Object.fromEntries(ROUTED_TYPES.map((type) => [type, locationsOf(type)])),
  },
})
