import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ArticleView} from '@/components/article/ArticleView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {articleBySlug, relatedArticles, siteSettings, slugsOf} from '@/lib/content/queries'
import {PRERENDER_LIMIT} from '@/lib/pagination/pages'
import {articleJsonLd, articleMetadata} from '@/lib/seo'
import {isPreviewing} from '@/lib/content/perspective'
import {JsonLd} from '@/components/seo/JsonLd'

export const revalidate = 300

type Props = {params: Promise<{slug: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'article', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map(({slug}) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const article = await fetchContent(articleBySlug, {slug: (await params).slug}, PUBLISHED_ONLY)
  return article ? articleMetadata(article) : {}
}

export default async function ArticlePage({params}: Props) {
  const {slug} = await params
  const [article, settings] = await Promise.all([
    fetchContent(articleBySlug, {slug}),
    fetchContent(siteSettings),
  ])
  if (!article) notFound()
  const related = await fetchContent(relatedArticles, {id: article._id, topicIds: article.topics.map((t) => t._id)})
  // structured data describes what readers get: always the published version
  const published = (await isPreviewing()) ? await fetchContent(articleBySlug, {slug}, PUBLISHED_ONLY) : article
  return (
    <>
      {published ? <JsonLd data={articleJsonLd(published, settings?.title)} /> : null}
      <ArticleView article={article} disclosure={settings?.affiliateDisclosure} related={related ?? []} />
    </>
  )
}
