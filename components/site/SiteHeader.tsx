import Link from 'next/link'
import type {TopicLink} from '@/lib/site/content/models/topic'
import {hrefFor} from '@/lib/site/routes'

type Props = {title: string; topics: TopicLink[]}

export function SiteHeader({title, topics}: Props) {
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="masthead">
        <Link prefetch={false} href="/" className="wordmark">
          {title}
        </Link>
      </div>
      <nav aria-label="Sections" className="site-nav">
        <ul>
          {topics.map((topic) => (
            <li key={topic.slug}>
              <Link prefetch={false} href={hrefFor('topic', topic.slug)}>
                {topic.title}
              </Link>
            </li>
          ))}
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
          <li>
            <Link prefetch={false} href="/search">
              Search
            </Link>
          </li>
        </ul>
      </nav>
    </header>
  )
}
