import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/site/seo'
import {notFound} from 'next/navigation'
import {PrincipleListDetail} from '@/components/collections/PrincipleListDetail'
import {isPreviewing} from '@/lib/site/content/request-perspective'
import {editingFor} from '@/lib/site/edit-attributes'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {principleListBySlug} from '@/lib/site/content/queries'
import {prerenderedSlugs} from '@/lib/site/pagination/prerender'
import {hrefFor, slugFromParam} from '@/lib/site/routes'

export const revalidate = 300

export const generateStaticParams = () => prerenderedSlugs('principleList')

export async function generateMetadata({params}: PageProps<'/principles/[slug]'>): Promise<Metadata> {
  const {slug} = await params // generateMetadata gets the param decoded (the page does not: slugFromParam)
  const list = await fetchContent(principleListBySlug, {slug}, PUBLISHED_ONLY)
  if (!list) return {}
  return pageMetadata({
    title: list.title,
    description: list.intro ?? `${list.principles.length} principles published by ${list.organization ?? 'a technology company'}.`,
    path: hrefFor('principleList', list.slug),
  })
}

export default async function PrincipleListPage({params}: PageProps<'/principles/[slug]'>) {
  const slug = slugFromParam((await params).slug) ?? notFound()
  const list = await fetchContent(principleListBySlug, {slug})
  if (!list) notFound()
  return <PrincipleListDetail list={list} editing={editingFor(await isPreviewing())} />
}
