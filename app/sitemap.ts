import type {MetadataRoute} from 'next'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {sitemapEntries} from '@/lib/site/content/distribution-queries'
import {env} from '@/lib/site/env'
import {hrefFor, indexHref, type RoutedType} from '@/lib/site/routes'

export const revalidate = 300

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const data = await fetchContent(sitemapEntries, {}, PUBLISHED_ONLY)
  const url = (path: string) => `${env.siteUrl}${path}`
  const newest = data?.articles
    .flatMap((a) => a.lastModified ?? [])
    .sort()
    .at(-1)
  const entries = (type: RoutedType, list: {slug: string; lastModified?: string}[] = []) =>
    list.map((item) => ({url: url(hrefFor(type, item.slug)), lastModified: item.lastModified}))
  return [
    {url: url(indexHref.article), lastModified: newest, changeFrequency: 'hourly', priority: 1},
    {url: url(indexHref.quote), lastModified: newest},
    {url: url(indexHref.principleList), lastModified: newest},
    ...entries('article', data?.articles),
    ...entries('topic', data?.topics),
    ...entries('author', data?.authors),
    ...entries('quote', data?.quotes),
    ...entries('principleList', data?.principleLists),
  ]
}
