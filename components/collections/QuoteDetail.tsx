import type {ArticleCard} from '@/lib/site/content/models/article'
import type {Quote} from '@/lib/site/content/models/quote'
import {formatDate} from '@/lib/site/format'
import {ArticleList} from '../listing/ArticleList'
import {QuoteFigure} from '../portable-text/QuoteFigure'
import type {Editing} from '@/lib/site/edit-attributes'

type Props = {quote: Quote & {articles: ArticleCard[]}; editing?: Editing}

export function QuoteDetail({quote, editing}: Props) {
  const edit = editing?.({_id: quote._id, _type: 'quote'})
  return (
    <div className="collection">
      <header className="listing-header">
        <p className="kicker">Quote</p>
        <h1 {...edit?.('speakerName')}>{quote.speakerName}</h1>
        {quote.date ? (
          <p className="listing-intro">
            Said on <time dateTime={quote.date}>{formatDate(`${quote.date}T12:00:00Z`)}</time>
          </p>
        ) : null}
      </header>
      <QuoteFigure quote={quote} linkToQuote={false} edit={edit} />
      <section aria-labelledby="quoted-in">
        <h2 id="quoted-in" className="section-heading">
          Stories that quote {quote.speakerName}
        </h2>
        <ArticleList articles={quote.articles} headingLevel="h3" emptyText="No published story quotes this yet." />
      </section>
    </div>
  )
}
