import Link from 'next/link'

type Props = {page: number; pageCount: number; basePath: string}

/** Page 1 lives at the base path; later pages at `<base>/page/<n>`. */
export function pageHref(basePath: string, page: number): string {
  const base = basePath === '/' ? '' : basePath
  return page <= 1 ? basePath : `${base}/page/${page}`
}

export function Pagination({page, pageCount, basePath}: Props) {
  if (pageCount <= 1) return null
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link href={pageHref(basePath, page - 1)} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={pageHref(basePath, page + 1)} rel="next">
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
