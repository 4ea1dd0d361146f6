import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {articleBySlug} from '@/lib/site/content/queries'
import {OG_SIZE, ogCard, ogHero} from '@/lib/site/og'

export const revalidate = 300
export const size = OG_SIZE
export const contentType = 'image/png'
export const alt = 'The story’s lead image'

export default async function OpenGraphImage({params}: Pick<PageProps<'/articles/[slug]'>, 'params'>) {
  // an image route gets the param decoded (a page does not: slugFromParam)
  const article = await fetchContent(articleBySlug, {slug: (await params).slug}, PUBLISHED_ONLY)
  if (!article) return ogCard({kicker: 'Broadsheet', title: 'Technology news'})
  const hero = article.mainImage ? await ogHero(article.mainImage) : null
  return hero ?? ogCard({kicker: article.topics[0]?.title ?? 'News', title: article.title})
}
