import Link from 'next/link'
import {PortableText, type PortableTextComponents} from 'next-sanity'
import type {BodyBlock} from '@/lib/site/content/models/body'
import {hrefFor} from '@/lib/site/routes'
import {SanityImage} from '../media/SanityImage'
import {PrincipleList} from './PrincipleList'
import {QuoteFigure} from './QuoteFigure'
import {SafeLink} from './SafeLink'

type Embedded<T extends BodyBlock['_type']> = Extract<BodyBlock, {_type: T}>

const components: PortableTextComponents = {
  types: {
    image: ({value}: {value: Embedded<'image'>}) => (
      <figure className="body-image">
        <SanityImage image={value} sizes="(min-width: 760px) 680px, 100vw" />
        {value.caption ? <figcaption>{value.caption}</figcaption> : null}
      </figure>
    ),
    quoteEmbed: ({value}: {value: Embedded<'quoteEmbed'>}) => <QuoteFigure quote={value.quote} />,
    principleListEmbed: ({value}: {value: Embedded<'principleListEmbed'>}) => <PrincipleList list={value.principleList} />,
  },
  marks: {
    link: ({value, children}) => <SafeLink href={value?.href}>{children}</SafeLink>,
    internalLink: ({value, children}) =>
      value?.slug ? (
        <Link prefetch={false} href={hrefFor('article', value.slug)}>
          {children}
        </Link>
      ) : (
        <>{children}</>
      ),
  },
  // Blocks are cleaned before they get here (lib/site/content/models/body.ts); anything unknown renders nothing.
  unknownType: () => null,
  unknownMark: ({children}) => <>{children}</>,
}

type Props = {blocks: BodyBlock[]}

export function ArticleBody({blocks}: Props) {
  return (
    <div className="article-body">
      <PortableText value={blocks} components={components} onMissingComponent={false} />
    </div>
  )
}
