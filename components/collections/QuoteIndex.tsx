import type {Quote} from '@/lib/content/schemas'
import {QuoteFigure} from '../portable-text/QuoteFigure'

type Props = {quotes: Quote[]}

export function QuoteIndex({quotes}: Props) {
  return (
    <div className="collection">
      <header className="listing-header">
        <h1>Quotes</h1>
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
    </div>
  )
}
