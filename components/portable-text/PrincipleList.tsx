import Link from 'next/link'
import {useId} from 'react'
import type {PrincipleList as PrincipleListData} from '@/lib/site/content/models/principle-list'
import {hrefFor} from '@/lib/site/routes'
import {keyed, type EditTarget} from '@/lib/site/edit-attributes'

type Props = {list: PrincipleListData; headingLevel?: 'h1' | 'h2' | 'h3'; linkToList?: boolean; edit?: EditTarget}

/** A numbered list of named principles, each title in <strong> followed by its description. */
export function PrincipleList({list, headingLevel: Heading = 'h3', linkToList = true, edit}: Props) {
  // unique per render, and valid whatever the slug: the same list may be embedded twice in one article
  const headingId = useId()
  return (
    <section className="principles" aria-labelledby={headingId}>
      <Heading id={headingId} {...edit?.('title')}>
        {linkToList ? (
          <Link prefetch={false} href={hrefFor('principleList', list.slug)}>
            {list.title}
          </Link>
        ) : (
          list.title
        )}
      </Heading>
      {list.intro ? (
        <p className="principles-intro" {...edit?.('intro')}>
          {list.intro}
        </p>
      ) : null}
      <ol>
        {list.principles.map((principle) => (
          <li key={principle._key}>
            <strong {...edit?.(`${keyed('principles', principle._key)}.title`)}>{principle.title}</strong>{' '}
            {/* the description is a bare text node for readers; draft mode wraps it to make it clickable */}
            {edit ? (
              <span {...edit(`${keyed('principles', principle._key)}.description`)}>{principle.description}</span>
            ) : (
              principle.description
            )}
          </li>
        ))}
      </ol>
      {list.organization ? <p className="principles-source">Source: {list.organization}</p> : null}
    </section>
  )
}
