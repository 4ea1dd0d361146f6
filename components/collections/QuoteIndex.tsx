import type {Quote} from '@/lib/site/content/models/quote'
import {indexHref} from '@/lib/site/routes'
import {QuoteFigure} from '../portable-text/QuoteFigure'
import {Pagination} from '../site/Pagination'

type Props = {quotes: Quote[]; page?: number; hasOlder?: boolean}

export function QuoteIndex({quotes, page = 1, hasOlder = false}: Props) {
  return (
    <div className="collection">
      <header className="listing-header">
        <h1>{page > 1 ? `Quotes, page ${page}` : 'Quotes'}</h1>
        <p className="listing-intro">
          What the people running technology companies have said on the record, with the stories that quote them.
        </p>
      </header>
      {quotes.length === 0 ? <p className="empty">No quotes yet.</p> : null}
      <ul className="quote-list">
        {quotes.map((quote) => (
          <li key={quote._id}>
            <QuoteFigure quote={quote} />
          </li>
        ))}
      </ul>
      <Pagination page={page} hasOlder={hasOlder} basePath={indexHref.quote} noun="quotes" />
    </div>
  )
}
