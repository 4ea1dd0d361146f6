import type {ArticleCard as ArticleCardData} from '@/lib/site/content/models/article'
import {ArticleCard} from './ArticleCard'

type Props = {
  articles: ArticleCardData[]
  headingLevel?: 'h2' | 'h3'
  emptyText?: string
  /** The list opens the page: its first image is above the fold, so it loads at once. */
  eagerFirst?: boolean
}

export function ArticleList({articles, headingLevel, emptyText = 'No stories yet.', eagerFirst = false}: Props) {
  if (articles.length === 0) return <p className="empty">{emptyText}</p>
  return (
    <ul className="card-grid">
      {articles.map((article, index) => (
        <li key={article._id}>
          <ArticleCard article={article} headingLevel={headingLevel} priority={eagerFirst && index === 0} />
        </li>
      ))}
    </ul>
  )
}
