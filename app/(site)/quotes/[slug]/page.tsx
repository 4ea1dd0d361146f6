import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/site/seo'
import {notFound} from 'next/navigation'
import {QuoteDetail} from '@/components/collections/QuoteDetail'
import {fetchContent, PUBLISHED_ONLY} from '@/lib/site/content/fetch'
import {quoteBySlug} from '@/lib/site/content/queries'
import {prerenderedSlugs} from '@/lib/site/pagination/prerender'
import {hrefFor, slugFromParam} from '@/lib/site/routes'
import {isPreviewing} from '@/lib/site/content/request-perspective'
import {editingFor} from '@/lib/site/edit-attributes'

export const revalidate = 300

export const generateStaticParams = () => prerenderedSlugs('quote')

export async function generateMetadata({params}: PageProps<'/quotes/[slug]'>): Promise<Metadata> {
  const {slug} = await params // generateMetadata gets the param decoded (the page does not: slugFromParam)
  const quote = await fetchContent(quoteBySlug, {slug}, PUBLISHED_ONLY)
  if (!quote) return {}
  return pageMetadata({
    title: `${quote.speakerName}: “${quote.text.length > 60 ? `${quote.text.slice(0, 57)}…` : quote.text}”`,
    description: quote.text.slice(0, 160),
    path: hrefFor('quote', quote.slug),
  })
}

export default async function QuotePage({params}: PageProps<'/quotes/[slug]'>) {
  const slug = slugFromParam((await params).slug) ?? notFound()
  const quote = await fetchContent(quoteBySlug, {slug})
  if (!quote) notFound()
  return <QuoteDetail quote={quote} editing={editingFor(await isPreviewing())} />
}
