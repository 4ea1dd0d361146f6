import Link from 'next/link'
import {pageHref} from '@/lib/site/pagination/pages'

type Props = {page: number; hasOlder: boolean; basePath: string; /** what the pages list, for the link text */ noun?: string}

export function Pagination({page, hasOlder, basePath, noun = 'stories'}: Props) {
  if (page === 1 && !hasOlder) return null
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link prefetch={false} href={pageHref(basePath, page - 1)} rel="prev">
          ← Newer {noun}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">Page {page}</span>
      {hasOlder ? (
        <Link prefetch={false} href={pageHref(basePath, page + 1)} rel="next">
          Older {noun} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
