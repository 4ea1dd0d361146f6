import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {notFound} from 'next/navigation'
import {PrincipleListDetail} from '@/components/collections/PrincipleListDetail'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/content/fetch'
import {principleListBySlug, slugsOf} from '@/lib/content/queries'
import {PRERENDER_LIMIT} from '@/lib/pagination/pages'

export const revalidate = 300

type Props = {params: Promise<{slug: string}>}

export async function generateStaticParams() {
  const slugs = await fetchContent(slugsOf, {type: 'principleList', limit: PRERENDER_LIMIT})
  return (slugs ?? []).map(({slug}) => ({slug}))
}

export async function generateMetadata({params}: Props): Promise<Metadata> {
  const list = await fetchContent(principleListBySlug, {slug: (await params).slug}, PUBLISHED_ONLY)
  if (!list) return {}
  return pageMetadata({
    title: list.title,
    description: list.intro ?? `${list.principles.length} principles published by ${list.organization ?? 'a technology company'}.`,
    path: `/principles/${list.slug}`,
  })
}

export default async function PrincipleListPage({params}: Props) {
  const list = await fetchContent(principleListBySlug, {slug: (await params).slug})
  if (!list) notFound()
  return <PrincipleListDetail list={list} />
}
