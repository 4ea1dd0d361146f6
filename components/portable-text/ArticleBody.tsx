import Link from 'next/link'
import {PortableText, type PortableTextBlockComponent, type PortableTextComponents} from 'next-sanity'
import type {BodyBlock} from '@/lib/site/content/models/body'
import {keyed, type EditTarget, type Editing} from '@/lib/site/edit-attributes'
import {hrefFor} from '@/lib/site/routes'
import {SanityImage} from '../media/SanityImage'
import {PrincipleList} from './PrincipleList'
import {QuoteFigure} from './QuoteFigure'
import {SafeLink} from './SafeLink'

type Embedded<T extends BodyBlock['_type']> = Extract<BodyBlock, {_type: T}>

/** How the body renders; in draft mode each block and embedded document also says where it is edited. */
function bodyComponents(edit?: EditTarget, editing?: Editing): PortableTextComponents {
  const block = (key?: string) => (key ? edit?.(keyed('body', key)) : undefined)
  return {
    types: {
      image: ({value}: {value: Embedded<'image'>}) => (
        <figure className="body-image" {...block(value._key)}>
          <SanityImage image={value} sizes="(min-width: 760px) 680px, 100vw" />
          {value.caption ? <figcaption>{value.caption}</figcaption> : null}
        </figure>
      ),
      quoteEmbed: ({value}: {value: Embedded<'quoteEmbed'>}) => (
        <QuoteFigure quote={value.quote} edit={editing?.({_id: value.quote._id, _type: 'quote'})} />
      ),
      principleListEmbed: ({value}: {value: Embedded<'principleListEmbed'>}) => (
        <PrincipleList list={value.principleList} edit={editing?.({_id: value.principleList._id, _type: 'principleList'})} />
      ),
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
    // text blocks keep the library's own elements; only draft mode adds the attribute
    ...(edit ? {block: editableBlocks(block), listItem: ({value, children}) => <li {...block(value._key)}>{children}</li>} : {}),
    // Blocks are cleaned before they get here (lib/site/content/models/body.ts); anything unknown renders nothing.
    unknownType: () => null,
    unknownMark: ({children}) => <>{children}</>,
  }
}

function editableBlocks(block: (key?: string) => object | undefined): Record<string, PortableTextBlockComponent> {
  return {
    normal: ({value, children}) => <p {...block(value._key)}>{children}</p>,
    h2: ({value, children}) => <h2 {...block(value._key)}>{children}</h2>,
    h3: ({value, children}) => <h3 {...block(value._key)}>{children}</h3>,
  }
}

const readerComponents = bodyComponents()

type Props = {blocks: BodyBlock[]; edit?: EditTarget; editing?: Editing}

export function ArticleBody({blocks, edit, editing}: Props) {
  return (
    <div className="article-body">
      <PortableText value={blocks} components={edit ? bodyComponents(edit, editing) : readerComponents} onMissingComponent={false} />
    </div>
  )
}
