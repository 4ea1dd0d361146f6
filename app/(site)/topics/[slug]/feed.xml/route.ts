import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {topicFeed} from '@/lib/content/distribution-queries'
import {renderRss} from '@/lib/distribution/rss'
import {xmlResponse} from '@/lib/distribution/xml'
import {env} from '@/lib/env'

export const revalidate = 300

type Context = {params: Promise<{slug: string}>}

export async function GET(_request: Request, {params}: Context) {
  const topic = await fetchContent(topicFeed, {slug: (await params).slug}, PUBLISHED_ONLY)
  if (!topic) return new Response('Not found', {status: 404, headers: {'Content-Type': 'text/plain'}})
  const page = `${env.siteUrl}/topics/${encodeURIComponent(topic.slug)}`
  const rss = renderRss(
    {
      title: `${topic.title} · Broadsheet`,
      description: topic.description ?? `Stories about ${topic.title}`,
      siteUrl: env.siteUrl,
      link: page,
      selfUrl: `${page}/feed.xml`,
    },
    topic.items,
  )
  return xmlResponse(rss, 'application/rss+xml')
}
