import Link from 'next/link'
import type {PrincipleList} from '@/lib/site/content/models/principle-list'
import {hrefFor, indexHref} from '@/lib/site/routes'
import {Pagination} from '../site/Pagination'

type Props = {lists: PrincipleList[]; page?: number; hasOlder?: boolean}

export function PrincipleIndex({lists, page = 1, hasOlder = false}: Props) {
  return (
    <div className="collection">
      <header className="listing-header">
        <h1>{page > 1 ? `Principles, page ${page}` : 'Principles'}</h1>
        <p className="listing-intro">The rules technology companies have published for themselves, and the stories that test them.</p>
      </header>
      {lists.length === 0 ? <p className="empty">No principle lists yet.</p> : null}
      <ul className="principle-index">
        {lists.map((list) => (
          <li key={list._id}>
            <h2>
              <Link prefetch={false} href={hrefFor('principleList', list.slug)}>
                {list.title}
              </Link>
            </h2>
            <p className="card-meta">{[list.organization, `${list.principles.length} principles`].filter(Boolean).join(' · ')}</p>
            {list.intro ? <p>{list.intro}</p> : null}
          </li>
        ))}
      </ul>
      <Pagination page={page} hasOlder={hasOlder} basePath={indexHref.principleList} noun="lists" />
    </div>
  )
}
