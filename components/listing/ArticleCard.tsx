import Link from 'next/link'
import type {ArticleCard as ArticleCardData} from '@/lib/site/content/models/article'
import {formatDate} from '@/lib/site/format'
import {hrefFor} from '@/lib/site/routes'
import {SanityImage} from '../media/SanityImage'

type Props = {
  article: ArticleCardData
  lead?: boolean
  headingLevel?: 'h2' | 'h3'
  /** Load the image at once, with high priority: the card is likely the page's largest paint. */
  priority?: boolean
}

export function ArticleCard({article, lead = false, headingLevel: Heading = 'h2', priority = false}: Props) {
  return (
    <article className={lead ? 'card card-lead' : 'card'}>
      {article.mainImage ? (
        <SanityImage
          image={article.mainImage}
          priority={lead || priority}
          sizes={lead ? '(min-width: 1100px) 640px, 100vw' : '(min-width: 1100px) 340px, (min-width: 700px) 45vw, 100vw'}
        />
      ) : null}
      <div className="card-text">
        {article.topics[0] ? <p className="kicker">{article.topics[0].title}</p> : null}
        <Heading className="card-title">
          <Link prefetch={false} href={hrefFor('article', article.slug)}>
            {article.title}
          </Link>
        </Heading>
        {article.dek ? <p className="card-dek">{article.dek}</p> : null}
        <p className="card-meta">
          {article.author ? <span>{article.author.name}</span> : null}
          {article.author ? <span aria-hidden="true"> · </span> : null}
          <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
        </p>
      </div>
    </article>
  )
}
