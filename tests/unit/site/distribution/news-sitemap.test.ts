import {NEWS_WINDOW_MS, newsWindowStart, renderNewsSitemap} from '@/lib/site/distribution/news-sitemap'

const at = (iso: string) => Date.parse(iso)

describe('newsWindowStart: where the news sitemap’s two days begin', () => {
  it('stays the same all hour, so the query keeps one cache key', () => {
    const starts = ['2026-11-26T10:00:00.000Z', '2026-11-26T10:04:59.999Z', '2026-11-26T10:31:07.250Z', '2026-11-26T10:59:59.999Z'].map(
      (now) => newsWindowStart(at(now)),
    )
    expect(new Set(starts)).toEqual(new Set(['2026-11-24T10:00:00.000Z']))
  })

  it('moves on at the next hour', () => {
    expect(newsWindowStart(at('2026-11-26T11:00:00.000Z'))).toBe('2026-11-24T11:00:00.000Z')
  })

  it('covers at least the last two days, and less than an hour more', () => {
    for (const now of [at('2026-11-26T10:17:42.123Z'), Date.now()]) {
      const back = now - Date.parse(newsWindowStart(now))
      expect(back).toBeGreaterThanOrEqual(NEWS_WINDOW_MS)
      expect(back).toBeLessThan(NEWS_WINDOW_MS + 60 * 60 * 1000)
    }
  })
})

describe('renderNewsSitemap', () => {
  it('links each story at its percent-encoded, XML-escaped address', () => {
    const xml = renderNewsSitemap('https://news.example', 'Broadsheet', [
      {title: 'Is it safe? A Q&A', slug: 'is-it-safe?-a-q&a', publishedAt: '2026-11-26T09:00:00Z'},
    ])
    expect(xml).toContain('<loc>https://news.example/articles/is-it-safe%3F-a-q%26a</loc>')
    expect(xml).toContain('<news:title>Is it safe? A Q&amp;A</news:title>')
  })
})
