import Link from 'next/link'
import type {Quote} from '@/lib/site/content/models/quote'
import {SAFE_HREF} from '@/lib/site/content/models/body'
import {hrefFor} from '@/lib/site/routes'
import type {EditTarget} from '@/lib/site/edit-attributes'

type Props = {quote: Quote; linkToQuote?: boolean; edit?: EditTarget}

/** An attributed quote: the words in a blockquote, the speaker and role in the caption. */
export function QuoteFigure({quote, linkToQuote = true, edit}: Props) {
  const sourceUrl = quote.source?.url && SAFE_HREF.test(quote.source.url) ? quote.source.url : undefined
  const role = [quote.speakerRole, quote.organization].filter(Boolean).join(', ')
  return (
    <figure className="quote">
      <blockquote cite={sourceUrl}>
        <p {...edit?.('text')}>{quote.text}</p>
      </blockquote>
      <figcaption>
        <span className="quote-speaker" {...edit?.('speakerName')}>
          {quote.speakerName}
        </span>
        {role ? <span className="quote-role">, {role}</span> : null}
        {quote.source?.title ? (
          <>
            {' — '}
            <cite>{sourceUrl ? <a href={sourceUrl}>{quote.source.title}</a> : quote.source.title}</cite>
          </>
        ) : null}
        {linkToQuote ? (
          <>
            {' '}
            <Link prefetch={false} className="quote-permalink" href={hrefFor('quote', quote.slug)}>
              More on this quote<span className="visually-hidden"> by {quote.speakerName}</span>
            </Link>
          </>
        ) : null}
      </figcaption>
    </figure>
  )
}
