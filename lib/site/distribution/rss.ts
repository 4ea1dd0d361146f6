import type {FeedItem} from '../content/distribution-queries'
import {hrefFor} from '../routes'
import {xmlEscape as x} from './xml'

type Channel = {title: string; description: string; siteUrl: string; selfUrl: string; link: string}

/**
 * RSS 2.0 with summaries (the standfirst), not full text: readers come to the site for the story.
 * Written by hand: it is a dozen elements, and RSS's <author> must be an email address, which we do
 * not publish, so bylines go in <dc:creator> instead.
 */
export function renderRss(channel: Channel, items: FeedItem[]): string {
  const lastBuild = items[0]?.updatedAt ?? items[0]?.publishedAt
  const entries = items.map((item) => {
    const url = `${channel.siteUrl}${hrefFor('article', item.slug)}`
    const summary = item.dek ?? item.seoDescription
    return [
      '    <item>',
      `      <title>${x(item.title)}</title>`,
      `      <link>${x(url)}</link>`,
      `      <guid isPermaLink="true">${x(url)}</guid>`,
      `      <pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate>`,
      summary ? `      <description>${x(summary)}</description>` : '',
      item.author ? `      <dc:creator>${x(item.author)}</dc:creator>` : '',
      ...item.topics.map((topic) => `      <category>${x(topic)}</category>`),
      '    </item>',
    ]
      .filter(Boolean)
      .join('\n')
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${x(channel.title)}</title>`,
    `    <link>${x(channel.link)}</link>`,
    `    <description>${x(channel.description)}</description>`,
    '    <language>en-us</language>',
    `    <atom:link href="${x(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    lastBuild ? `    <lastBuildDate>${new Date(lastBuild).toUTCString()}</lastBuildDate>` : '',
    ...entries,
    '  </channel>',
    '</rss>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
}
