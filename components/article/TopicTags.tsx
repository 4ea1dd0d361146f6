import Link from 'next/link'
import type {TopicLink} from '@/lib/site/content/models/topic'
import {hrefFor} from '@/lib/site/routes'

type Props = {topics: TopicLink[]}

export function TopicTags({topics}: Props) {
  if (topics.length === 0) return null
  return (
    <nav className="topic-tags" aria-label="Topics">
      <h2 className="visually-hidden">Topics</h2>
      <ul>
        {topics.map((topic) => (
          <li key={topic.slug}>
            <Link prefetch={false} href={hrefFor('topic', topic.slug)}>
              {topic.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
