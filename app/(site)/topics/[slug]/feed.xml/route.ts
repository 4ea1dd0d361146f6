import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {topicFeed} from '@/lib/site/content/distribution-queries'
import {renderRss} from '@/lib/site/distribution/rss'
import {xmlResponse} from '@/lib/site/distribution/xml'
import {env} from '@/lib/site/env'
import {hrefFor, topicFeedHref} from '@/lib/site/routes'

export const revalidate = 300

export async function GET(_request: Request, {params}: RouteContext<'/topics/[slug]/feed.xml'>) {
  // a route handler gets the param decoded (a page does not: slugFromParam)
  const topic = await fetchContent(topicFeed, {slug: (await params).slug}, PUBLISHED_ONLY)
  if (!topic) return new Response('Not found', {status: 404, headers: {'Content-Type': 'text/plain'}})
  const rss = renderRss(
    {
      title: `${topic.title} · Broadsheet`,
      description: topic.description ?? `Stories about ${topic.title}`,
      siteUrl: env.siteUrl,
      link: `${env.siteUrl}${hrefFor('topic', topic.slug)}`,
      selfUrl: `${env.siteUrl}${topicFeedHref(topic.slug)}`,
    },
    topic.items,
  )
  return xmlResponse(rss, 'application/rss+xml')
}
