import {fetchContent} from '../content/fetch'
import {slugsOf} from '../content/queries'
import type {RoutedType} from '../routes'
import {PRERENDER_LIMIT} from './pages'

/**
 * generateStaticParams for a `[slug]` route: the type's most recently updated documents. The slug goes
 * as stored: Next encodes it into the path, and hands it back to the page encoded (slugFromParam).
 */
export async function prerenderedSlugs(type: RoutedType) {
  const slugs = await fetchContent(slugsOf, {type, limit: PRERENDER_LIMIT})
  return (slugs ?? []).map(({slug}) => ({slug}))
}
