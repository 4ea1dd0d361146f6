import type {MetadataRoute} from 'next'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {sitemapEntries} from '@/lib/content/distribution-queries'
import {env} from '@/lib/env'

export const revalidate = 300

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const data = await fetchContent(sitemapEntries, {}, PUBLISHED_ONLY)
  const url = (path: string) => `${env.siteUrl}${path}`
  const newest = data?.articles.flatMap((a) => a.lastModified ?? []).sort().at(-1)
  const entries = (base: string, list: {slug: string; lastModified?: string}[] = []) =>
    list.map((item) => ({url: url(`${base}/${encodeURIComponent(item.slug)}`), lastModified: item.lastModified}))
  return [
    {url: url('/'), lastModified: newest, changeFrequency: 'hourly', priority: 1},
    {url: url('/quotes'), lastModified: newest},
    {url: url('/principles'), lastModified: newest},
    ...entries('/articles', data?.articles),
    ...entries('/topics', data?.topics),
    ...entries('/authors', data?.authors),
    ...entries('/quotes', data?.quotes),
    ...entries('/principles', data?.principleLists),
  ]
}
