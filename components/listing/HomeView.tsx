import type {ArticleCard as ArticleCardData} from '@/lib/site/content/models/article'
import {indexHref} from '@/lib/site/routes'
import {Pagination} from '../site/Pagination'
import {ArticleCard} from './ArticleCard'
import {ArticleList} from './ArticleList'

type Props = {articles: ArticleCardData[]; page: number; hasOlder: boolean}

/** The front page leads with the newest story; later pages are a plain archive. */
export function HomeView({articles, page, hasOlder}: Props) {
  const lead = page === 1 ? articles[0] : undefined
  const rest = page === 1 ? articles.slice(1) : articles
  return (
    <div className="home">
      <h1 className="visually-hidden">{page === 1 ? 'Latest stories' : `Latest stories, page ${page}`}</h1>
      {lead ? (
        <section aria-label="Top story" className="lead">
          <ArticleCard article={lead} lead />
        </section>
      ) : null}
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading" className="section-heading">
          {page === 1 ? 'More stories' : 'Archive'}
        </h2>
        <ArticleList articles={rest} headingLevel="h3" eagerFirst={!lead} />
      </section>
      <Pagination page={page} hasOlder={hasOlder} basePath={indexHref.article} />
    </div>
  )
}
