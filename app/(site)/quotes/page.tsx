import type {Metadata} from 'next'
import {pageMetadata} from '@/lib/seo'
import {QuoteIndex} from '@/components/collections/QuoteIndex'
import {fetchContent} from '@/lib/content/fetch'
import {allQuotes} from '@/lib/content/queries'

export const revalidate = 300

export const metadata: Metadata = pageMetadata({
  title: 'Quotes',
  description: 'What the people running technology companies have said on the record, and where we reported it.',
  path: '/quotes',
})

export default async function QuotesPage() {
  const quotes = (await fetchContent(allQuotes)) ?? []
  return <QuoteIndex quotes={quotes} />
}
