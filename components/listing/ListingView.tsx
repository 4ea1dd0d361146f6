import type {ReactNode} from 'react'
import type {ArticleCard as ArticleCardData} from '@/lib/content/models/article'
import {Pagination} from '../site/Pagination'
import {ArticleList} from './ArticleList'

type Props = {
  title: string
  eyebrow: string
  intro?: ReactNode
  articles: ArticleCardData[]
  page: number
  hasOlder: boolean
  basePath: string
}

/** A topic or author page: who or what it is, then their stories, newest first. */
export function ListingView({title, eyebrow, intro, articles, page, hasOlder, basePath}: Props) {
  return (
    <div className="listing">
      <header className="listing-header">
        <p className="kicker">{eyebrow}</p>
        <h1>
          {title}
          {page > 1 ? <span className="page-suffix">, page {page}</span> : null}
        </h1>
        {intro}
      </header>
      <ArticleList articles={articles} eagerFirst />
      <Pagination page={page} hasOlder={hasOlder} basePath={basePath} />
    </div>
  )
}
