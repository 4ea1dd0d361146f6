// Our demo dataset reshaped for the template's schema (post, person, settings), so both sites show the same
// article text and images: articles → posts (dek → excerpt, mainImage → coverImage, publishedAt → date), authors →
// persons, quote and principle-list embeds → a blockquote and a heading with a bullet list, internal links → plain text.
import {readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {DEMO_DATASET} from '../../support/demo'

type Block = {_type: string; _key: string; [key: string]: unknown}
type Span = {_type: 'span'; _key: string; text: string; marks: string[]}

const block = (key: string, style: string, text: string, extra: Record<string, unknown> = {}): Block => ({
  _type: 'block',
  _key: key,
  style,
  markDefs: [],
  children: [{_type: 'span', _key: `${key}s`, text, marks: []}],
  ...extra,
})

function convertBody(body: Block[], byId: Map<string, StoredDocument>): Block[] {
  const out: Block[] = []
  for (const item of body) {
    if (item._type === 'block') {
      const markDefs = (item.markDefs as {_key: string; _type: string; href?: string; blank?: boolean}[]) ?? []
      const links = new Map(markDefs.filter((m) => m._type === 'link' && m.href).map((m) => [m._key, m]))
      const dropped = new Set(markDefs.filter((m) => !links.has(m._key)).map((m) => m._key))
      out.push({
        ...item,
        markDefs: [...links.values()].map((m) => ({_type: 'link', _key: m._key, linkType: 'href', href: m.href, openInNewTab: !!m.blank})),
        children: (item.children as Span[]).map((span) => ({...span, marks: (span.marks ?? []).filter((mark) => !dropped.has(mark))})),
      })
    } else if (item._type === 'image') {
      out.push(item)
    } else if (item._type === 'quoteEmbed') {
      const quote = byId.get((item.quote as {_ref: string})._ref)
      if (!quote) continue
      out.push(block(`${item._key}q`, 'blockquote', `${quote.text} — ${quote.speakerName}, ${quote.speakerRole}, ${quote.organization}`))
    } else if (item._type === 'principleListEmbed') {
      const list = byId.get((item.principleList as {_ref: string})._ref)
      if (!list) continue
      out.push(block(`${item._key}h`, 'h3', String(list.title)))
      if (list.intro) out.push(block(`${item._key}i`, 'normal', String(list.intro)))
      for (const p of list.principles as {_key: string; title: string; description: string}[])
        out.push(block(`${item._key}${p._key}`, 'normal', `${p.title}: ${p.description}`, {listItem: 'bullet', level: 1}))
    }
  }
  return out
}

/** The template-shaped documents: published only, as the template's published perspective reads them. */
export function templateDocuments(file = DEMO_DATASET): Record<string, unknown>[] {
  const docs = readDataset(file).filter((doc) => !doc._id.startsWith('drafts.') && !doc._id.startsWith('versions.'))
  const byId = new Map(docs.map((doc) => [doc._id, doc]))
  const personId = (ref: string) => ref.replace(/^author-/, 'person-')
  const out: Record<string, unknown>[] = docs.filter((doc) => doc._type === 'sanity.imageAsset')
  const settings = docs.find((doc) => doc._type === 'siteSettings')
  out.push({
    _id: 'settings',
    _type: 'settings',
    title: settings?.title ?? 'Broadsheet',
    description: [block('desc', 'normal', String(settings?.description ?? ''))],
  })
  for (const author of docs.filter((doc) => doc._type === 'author')) {
    const [firstName, ...rest] = String(author.name).split(' ')
    const image = author.image as {asset: unknown; alt?: string} | undefined
    out.push({
      _id: personId(author._id),
      _type: 'person',
      _createdAt: author._createdAt,
      _updatedAt: author._updatedAt,
      firstName,
      lastName: rest.join(' '),
      picture: image ? {_type: 'image', asset: image.asset, alt: image.alt ?? ''} : undefined,
    })
  }
  for (const article of docs.filter((doc) => doc._type === 'article')) {
    const image = article.mainImage as {asset: unknown; alt?: string} | undefined
    const author = article.author as {_ref: string} | undefined
    out.push({
      _id: article._id.replace(/^article-/, 'post-'),
      _type: 'post',
      _createdAt: article._createdAt,
      _updatedAt: article._updatedAt,
      title: article.title,
      slug: article.slug,
      excerpt: article.dek,
      coverImage: image ? {_type: 'image', asset: image.asset, alt: image.alt ?? ''} : undefined,
      date: article.publishedAt,
      author: author ? {_type: 'reference', _ref: personId(author._ref)} : undefined,
      content: convertBody((article.body as Block[]) ?? [], byId),
    })
  }
  return out
}
