import type {Metadata} from 'next'
import {notFound} from 'next/navigation'
import {ArticleView} from '@/components/article/ArticleView'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {articleBySlug, relatedArticles, siteSettings} from '@/lib/site/content/queries'
import {prerenderedSlugs} from '@/lib/site/pagination/prerender'
import {articleJsonLd, articleMetadata} from '@/lib/site/seo'
import {isPreviewing} from '@/lib/site/content/request-perspective'
import {JsonLd} from '@/components/seo/JsonLd'
import {slugFromParam} from '@/lib/site/routes'
import {editingFor} from '@/lib/site/edit-attributes'

export const revalidate = 300

export const generateStaticParams = () => prerenderedSlugs('article')

export async function generateMetadata({params}: PageProps<'/articles/[slug]'>): Promise<Metadata> {
  const {slug} = await params // generateMetadata gets the param decoded (the page does not: slugFromParam)
  const article = await fetchContent(articleBySlug, {slug}, PUBLISHED_ONLY)
  return article ? articleMetadata(article) : {}
}

export default async function ArticlePage({params}: PageProps<'/articles/[slug]'>) {
  const slug = slugFromParam((await params).slug) ?? notFound()
  const [article, settings] = await Promise.all([fetchContent(articleBySlug, {slug}), fetchContent(siteSettings)])
  if (!article) notFound()
  const related = await fetchContent(relatedArticles, {id: article._id, topicIds: article.topics.map((t) => t._id)})
  // structured data describes what readers get: always the published version
  const previewing = await isPreviewing()
  const published = previewing ? await fetchContent(articleBySlug, {slug}, PUBLISHED_ONLY) : article
  return (
    <>
      {published ? <JsonLd data={articleJsonLd(published, settings?.title)} /> : null}
      <ArticleView article={article} disclosure={settings?.affiliateDisclosure} related={related ?? []} editing={editingFor(previewing)} />
    </>
  )
}
