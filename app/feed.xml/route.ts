import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {feedArticles} from '@/lib/content/distribution-queries'
import {siteSettings} from '@/lib/content/queries'
import {renderRss} from '@/lib/distribution/rss'
import {xmlResponse} from '@/lib/distribution/xml'
import {env} from '@/lib/env'

export const revalidate = 300

export async function GET() {
  const [items, settings] = await Promise.all([
    fetchContent(feedArticles, {}, PUBLISHED_ONLY),
    fetchContent(siteSettings, {}, PUBLISHED_ONLY),
  ])
  const title = settings?.title ?? 'Broadsheet'
  const rss = renderRss(
    {
      title,
      description: settings?.description ?? `The latest stories from ${title}`,
      siteUrl: env.siteUrl,
      link: `${env.siteUrl}/`,
      selfUrl: `${env.siteUrl}/feed.xml`,
    },
    items ?? [],
  )
  return xmlResponse(rss, 'application/rss+xml')
}
