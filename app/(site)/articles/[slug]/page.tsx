import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ArticleView} from '@/components/article/ArticleView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {articleBySlug, relatedArticles, siteSettings, slugsOf} from '@/lib/content/queries'
import {PRERENDER_LIMIT} from '@/lib/site'

export const revalidate = 300

type Props = {params: Promise<{slug: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'article', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map((slug) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const article = await fetchContent(articleBySlug, {slug: (await params).slug}, PUBLISHED_ONLY)
  if (!article) return {}
  return {
    title: article.seo?.title ?? article.title,
    description: article.seo?.description ?? article.dek,
    alternates: {canonical: `/articles/${article.slug}`},
  }
}

export default async function ArticlePage({params}: Props) {
  const {slug} = await params
  const [article, settings] = await Promise.all([
    fetchContent(articleBySlug, {slug}),
    fetchContent(siteSettings),
  ])
  if (!article) notFound()
  const related = await fetchContent(relatedArticles, {id: article._id, topicIds: article.topics.map((t) => t._id)})
  return <ArticleView article={article} disclosure={settings?.affiliateDisclosure} related={related ?? []} />
}
