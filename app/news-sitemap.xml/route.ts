import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {recentNews} from '@/lib/site/content/distribution-queries'
import {siteSettings} from '@/lib/site/content/queries'
import {newsWindowStart, renderNewsSitemap} from '@/lib/site/distribution/news-sitemap'
import {xmlResponse} from '@/lib/site/distribution/xml'
import {env} from '@/lib/site/env'

// the two-day window moves with the clock, so this is re-checked every few minutes
export const revalidate = 300

export async function GET() {
  const [items, settings] = await Promise.all([
    fetchContent(recentNews, {since: newsWindowStart()}, PUBLISHED_ONLY),
    fetchContent(siteSettings, {}, PUBLISHED_ONLY),
  ])
  return xmlResponse(renderNewsSitemap(env.siteUrl, settings?.title ?? 'Broadsheet', items ?? []))
}
