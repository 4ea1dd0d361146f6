import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {feedArticles} from '@/lib/site/content/distribution-queries'
import {siteSettings} from '@/lib/site/content/queries'
import {renderRss} from '@/lib/site/distribution/rss'
import {xmlResponse} from '@/lib/site/distribution/xml'
import {env} from '@/lib/site/env'

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
