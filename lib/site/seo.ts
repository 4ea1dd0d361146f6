import type {Metadata} from 'next'
import type {Article} from './content/models/article'
import type {Image} from './content/models/image'
import {env} from './env'
import {imageSource} from './images'
import {hrefFor} from './routes'

export const SITE_NAME = 'Broadsheet'

export const absoluteUrl = (path: string) => `${env.siteUrl}${path}`

/** Every page's metadata: canonical, Open Graph and Twitter card, built the same way. */
export function pageMetadata({title, description, path}: {title: string; description?: string; path: string}): Metadata {
  return {
    title,
    description,
    alternates: {canonical: path, types: {'application/rss+xml': [{url: '/feed.xml', title: SITE_NAME}]}},
    openGraph: {type: 'website', siteName: SITE_NAME, title, description, url: path, locale: 'en_US'},
    twitter: {card: 'summary_large_image', title, description},
  }
}

export function articleMetadata(article: Article): Metadata {
  const title = article.seo?.title ?? article.title
  const description = article.seo?.description ?? article.dek
  const path = hrefFor('article', article.slug)
  const base = pageMetadata({title, description, path})
  return {
    ...base,
    authors: [{name: article.author.name, url: hrefFor('author', article.author.slug)}],
    openGraph: {
      ...base.openGraph,
      type: 'article',
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt ?? article.publishedAt,
      authors: [absoluteUrl(hrefFor('author', article.author.slug))],
      tags: article.topics.map((topic) => topic.title),
    },
  }
}

/** A public, absolute URL for an image (JSON-LD wants absolute URLs). */
export function absoluteImageUrl(image: Image): string {
  const src = imageSource(image)
  return src.startsWith('/') ? absoluteUrl(src) : src
}

/** schema.org NewsArticle and BreadcrumbList for an article page, per Google's documented properties. */
export function articleJsonLd(article: Article, siteTitle = SITE_NAME) {
  const url = absoluteUrl(hrefFor('article', article.slug))
  const topic = article.topics[0]
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title.slice(0, 110),
      description: article.seo?.description ?? article.dek,
      image: article.mainImage ? [absoluteImageUrl(article.mainImage)] : [absoluteUrl('/opengraph-image')],
      datePublished: article.publishedAt,
      dateModified: article.updatedAt ?? article.publishedAt,
      author: [{'@type': 'Person', name: article.author.name, url: absoluteUrl(hrefFor('author', article.author.slug))}],
      publisher: {
        '@type': 'Organization',
        name: siteTitle,
        url: absoluteUrl('/'),
        logo: {'@type': 'ImageObject', url: absoluteUrl('/logo.png'), width: 600, height: 60},
      },
      mainEntityOfPage: {'@type': 'WebPage', '@id': url},
      articleSection: topic?.title,
      keywords: article.topics.map((t) => t.title),
      isAccessibleForFree: true,
    },
    {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        {'@type': 'ListItem', position: 1, name: siteTitle, item: absoluteUrl('/')},
        ...(topic ? [{'@type': 'ListItem', position: 2, name: topic.title, item: absoluteUrl(hrefFor('topic', topic.slug))}] : []),
        {'@type': 'ListItem', position: topic ? 3 : 2, name: article.title, item: url},
      ],
    },
  ]
}
