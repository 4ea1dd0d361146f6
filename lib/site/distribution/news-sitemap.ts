import {hrefFor} from '../routes'
import {xmlEscape as x} from './xml'

/** Google News only wants articles from the last two days. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000

const HOUR_MS = 60 * 60 * 1000

/**
 * Where the window starts: two days back, rounded down to the hour. The query's params, and so its
 * data-cache key, then stay the same for an hour: renders hit the cache and its last-good fallback.
 */
export function newsWindowStart(now = Date.now()): string {
  return new Date(Math.floor((now - NEWS_WINDOW_MS) / HOUR_MS) * HOUR_MS).toISOString()
}

type NewsItem = {title: string; slug: string; publishedAt: string}

export function renderNewsSitemap(siteUrl: string, publication: string, items: NewsItem[]): string {
  const urls = items.map((item) =>
    [
      '  <url>',
      `    <loc>${x(`${siteUrl}${hrefFor('article', item.slug)}`)}</loc>`,
      '    <news:news>',
      '      <news:publication>',
      `        <news:name>${x(publication)}</news:name>`,
      '        <news:language>en</news:language>',
      '      </news:publication>',
      `      <news:publication_date>${new Date(item.publishedAt).toISOString()}</news:publication_date>`,
      `      <news:title>${x(item.title)}</news:title>`,
      '    </news:news>',
      '  </url>',
    ].join('\n'),
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n')
}
