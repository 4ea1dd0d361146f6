import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {recentNews} from '@/lib/content/distribution-queries'
import {siteSettings} from '@/lib/content/queries'
import {newsWindowStart, renderNewsSitemap} from '@/lib/distribution/news-sitemap'
import {xmlResponse} from '@/lib/distribution/xml'
import {env} from '@/lib/env'

// the two-day window moves with the clock, so this is re-checked every few minutes
export const revalidate = 300

export async function GET() {
  const [items, settings] = await Promise.all([
    fetchContent(recentNews, {since: newsWindowStart()}, PUBLISHED_ONLY),
    fetchContent(siteSettings, {}, PUBLISHED_ONLY),
  ])
  return xmlResponse(renderNewsSitemap(env.siteUrl, settings?.title ?? 'Broadsheet', items ?? []))
}
