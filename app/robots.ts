import type {MetadataRoute} from 'next'
import {env} from '@/lib/site/env'

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{userAgent: '*', allow: '/', disallow: ['/studio', '/api/']}],
    sitemap: [`${env.siteUrl}/sitemap.xml`, `${env.siteUrl}/news-sitemap.xml`],
  }
}
