import type {ArticleCard as ArticleCardData} from '@/lib/content/schemas'
import {ArticleCard} from './ArticleCard'

type Props = {articles: ArticleCardData[]; headingLevel?: 'h2' | 'h3'; emptyText?: string}

export function ArticleList({articles, headingLevel, emptyText = 'No stories yet.'}: Props) {
  if (articles.length === 0) return <p className="empty">{emptyText}</p>
  return (
    <ul className="card-grid">
      {articles.map((article) => (
        <li key={article._id}>
          <ArticleCard article={article} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  )
}
