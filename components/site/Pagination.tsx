import Link from 'next/link'

type Props = {page: number; hasOlder: boolean; basePath: string; /** what the pages list, for the link text */ noun?: string}

/** Page 1 lives at the base path; later pages at `<base>/page/<n>`. */
export function pageHref(basePath: string, page: number): string {
  const base = basePath === '/' ? '' : basePath
  return page <= 1 ? basePath : `${base}/page/${page}`
}

export function Pagination({page, hasOlder, basePath, noun = 'stories'}: Props) {
  if (page === 1 && !hasOlder) return null
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link href={pageHref(basePath, page - 1)} rel="prev">
          ← Newer {noun}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">Page {page}</span>
      {hasOlder ? (
        <Link href={pageHref(basePath, page + 1)} rel="next">
          Older {noun} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
