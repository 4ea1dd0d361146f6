import Link from 'next/link'
import type {TopicLink} from '@/lib/site/content/models/topic'
import {hrefFor} from '@/lib/site/routes'
import type {EditTarget} from '@/lib/site/edit-attributes'

type Props = {topics: TopicLink[]; edit?: EditTarget}

export function TopicTags({topics, edit}: Props) {
  if (topics.length === 0) return null
  return (
    <nav className="topic-tags" aria-label="Topics">
      <h2 className="visually-hidden">Topics</h2>
      <ul>
        {topics.map((topic, index) => (
          <li key={topic.slug} {...edit?.(`topics[${index}]`)}>
            <Link prefetch={false} href={hrefFor('topic', topic.slug)}>
              {topic.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
