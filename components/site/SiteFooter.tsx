import Link from 'next/link'

type Props = {title: string; description?: string}

export function SiteFooter({title, description}: Props) {
  return (
    <footer className="site-footer">
      <p className="footer-title">{title}</p>
      {description ? <p>{description}</p> : null}
      <nav aria-label="Footer">
        <ul>
          <li>
            <Link prefetch={false} href="/">
              Latest
            </Link>
          </li>
          <li>
            <Link prefetch={false} href="/quotes">
              Quotes
            </Link>
          </li>
          <li>
            <Link prefetch={false} href="/principles">
              Principles
            </Link>
          </li>
        </ul>
      </nav>
      <p className="copyright">
        © {new Date().getUTCFullYear()} {title}
      </p>
    </footer>
  )
}
