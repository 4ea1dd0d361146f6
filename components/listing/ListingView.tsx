import type {SubjectListing} from '@/lib/site/pagination/subject-listing'
import {Pagination} from '../site/Pagination'
import {ArticleList} from './ArticleList'

/** A topic or author page: who or what it is, then their stories, newest first. */
export function ListingView({title, eyebrow, intro, articles, page, hasOlder, basePath}: SubjectListing) {
  return (
    <div className="listing">
      <header className="listing-header">
        <p className="kicker">{eyebrow}</p>
        <h1>
          {title}
          {page > 1 ? <span className="page-suffix">, page {page}</span> : null}
        </h1>
        {intro ? <p className="listing-intro">{intro}</p> : null}
      </header>
      <ArticleList articles={articles} eagerFirst />
      <Pagination page={page} hasOlder={hasOlder} basePath={basePath} />
    </div>
  )
}
