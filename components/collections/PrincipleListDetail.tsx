import type {ArticleCard} from '@/lib/site/content/models/article'
import type {PrincipleList as PrincipleListData} from '@/lib/site/content/models/principle-list'
import {SAFE_HREF} from '@/lib/site/content/models/body'
import {ArticleList} from '../listing/ArticleList'
import {PrincipleList} from '../portable-text/PrincipleList'
import type {Editing} from '@/lib/site/edit-attributes'

type Props = {list: PrincipleListData & {articles: ArticleCard[]}; editing?: Editing}

export function PrincipleListDetail({list, editing}: Props) {
  const source = list.sourceUrl && SAFE_HREF.test(list.sourceUrl) ? list.sourceUrl : undefined
  return (
    <div className="collection">
      <p className="kicker">Principles</p>
      <PrincipleList list={list} headingLevel="h1" linkToList={false} edit={editing?.({_id: list._id, _type: 'principleList'})} />
      {source ? (
        <p>
          <a href={source}>Read the original document</a>
        </p>
      ) : null}
      <section aria-labelledby="cited-in">
        <h2 id="cited-in" className="section-heading">
          Stories that cite these principles
        </h2>
        <ArticleList articles={list.articles} headingLevel="h3" emptyText="No published story cites this list yet." />
      </section>
    </div>
  )
}
