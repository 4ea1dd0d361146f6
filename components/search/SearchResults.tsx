import Link from 'next/link'
import type {SearchHit} from '@/lib/site/content/models/search-hit'
import {formatDate} from '@/lib/site/format'
import type {SearchInput} from '@/lib/site/search'
import {PAGE_SIZE} from '@/lib/site/pagination/pages'
import {hrefFor} from '@/lib/site/routes'
import {SearchForm} from './SearchForm'

type Props = {input: SearchInput; hits: SearchHit[]; page: number; hasMore: boolean}

const labelOf = {article: 'Story', quote: 'Quote', principleList: 'Principles'} as const

function Hit({hit}: {hit: SearchHit}) {
  const title = hit._type === 'quote' ? `“${hit.text}”` : hit.title
  const meta =
    hit._type === 'quote'
      ? [hit.speakerName, hit.organization].filter(Boolean).join(', ')
      : hit.publishedAt
        ? formatDate(hit.publishedAt)
        : hit.organization
  return (
    <li className="search-hit">
      <p className="kicker">{labelOf[hit._type]}</p>
      <h2 className="card-title">
        <Link prefetch={false} href={hrefFor(hit._type, hit.slug)}>
          {title}
        </Link>
      </h2>
      {hit.dek ? <p className="card-dek">{hit.dek}</p> : null}
      {meta ? <p className="card-meta">{meta}</p> : null}
    </li>
  )
}

export function SearchResults({input, hits, page, hasMore}: Props) {
  const query = (p: number) => `/search?q=${encodeURIComponent(input.display)}${p > 1 ? `&page=${p}` : ''}`
  return (
    <div className="search collection">
      <header className="listing-header">
        <h1>{input.display ? <>Results for “{input.display}”</> : 'Search'}</h1>
        <SearchForm defaultValue={input.display} />
        {input.truncated ? <p className="listing-intro">We searched for the first few words only.</p> : null}
      </header>
      {!input.display ? (
        <p className="empty">Search headlines, stories, quotes and principle lists.</p>
      ) : !input.pattern ? (
        <p className="empty">Try searching with words or numbers.</p>
      ) : hits.length === 0 ? (
        <p className="empty">Nothing matched. Try fewer or different words.</p>
      ) : (
        <ol className="search-hits" start={(page - 1) * PAGE_SIZE + 1}>
          {hits.map((hit) => (
            <Hit key={hit._id} hit={hit} />
          ))}
        </ol>
      )}
      {page > 1 || hasMore ? (
        <nav className="pagination" aria-label="Pagination">
          {page > 1 ? (
            <Link prefetch={false} href={query(page - 1)}>
              ← Previous results
            </Link>
          ) : (
            <span />
          )}
          <span aria-current="page">Page {page}</span>
          {hasMore ? (
            <Link prefetch={false} href={query(page + 1)}>
              More results →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  )
}
