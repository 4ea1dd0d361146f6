import Link from 'next/link'
import {formatDate} from '@/lib/site/format'
import {hrefFor} from '@/lib/site/routes'
import {ReadingTime} from './ReadingTime'
import type {EditTarget} from '@/lib/site/edit-attributes'

type Props = {
  author: {name: string; slug: string; role?: string}
  publishedAt: string
  updatedAt?: string | null
  minutes: number
  edit?: EditTarget
}

export function Byline({author, publishedAt, updatedAt, minutes, edit}: Props) {
  const updated = updatedAt && updatedAt > publishedAt ? updatedAt : undefined
  return (
    <p className="byline">
      <span>
        By{' '}
        <Link prefetch={false} href={hrefFor('author', author.slug)} rel="author" {...edit?.('author')}>
          {author.name}
        </Link>
      </span>
      <span aria-hidden="true"> · </span>
      <time dateTime={publishedAt} {...edit?.('publishedAt')}>
        {formatDate(publishedAt)}
      </time>
      {updated ? (
        <>
          <span aria-hidden="true"> · </span>
          <span>
            Updated <time dateTime={updated}>{formatDate(updated)}</time>
          </span>
        </>
      ) : null}
      <span aria-hidden="true"> · </span>
      <ReadingTime minutes={minutes} />
    </p>
  )
}
