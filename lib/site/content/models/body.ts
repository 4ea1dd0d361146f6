import {z} from 'zod'
import {describeZodError, logDropped, withOwner} from '../log'
import {ImageFields, imageFields, keepableCrop} from './image'
import {PrincipleList, principleListFields} from './principle-list'
import {Quote, quoteFields} from './quote'
import {UrlSlug} from './zod'

/** An article's body: text blocks with their links resolved to slugs, images, and embedded quotes and lists. */
export const bodyFields = /* groq */ `{
  ...,
  _type == "image" => ${imageFields},
  _type == "quoteEmbed" => {"quote": quote->${quoteFields}},
  _type == "principleListEmbed" => {"principleList": principleList->${principleListFields}},
  _type == "block" => {
    markDefs[]{..., _type == "internalLink" => {"slug": reference->slug.current}}
  }
}`

/** Schemes a reader's browser may follow from an article; everything else renders as plain text. */
export const SAFE_HREF = /^(https?:|mailto:|tel:)/i

const key = z.string().min(1)

const Span = z.object({
  _type: z.literal('span'),
  _key: key.optional(),
  text: z.string(),
  marks: z
    .array(z.string())
    .nullish()
    .transform((m) => m ?? []),
})

const ExternalLink = z.object({
  _type: z.literal('link'),
  _key: key,
  href: z.string().trim().regex(SAFE_HREF, 'only http, https, mailto and tel links are allowed'),
})
const InternalLink = z.object({_type: z.literal('internalLink'), _key: key, slug: UrlSlug})
const MarkDef = z.discriminatedUnion('_type', [ExternalLink, InternalLink])

const TextBlock = z.object({
  _type: z.literal('block'),
  _key: key,
  style: z.enum(['normal', 'h2', 'h3']).catch('normal'),
  listItem: z.enum(['bullet', 'number']).optional().catch(undefined),
  level: z.number().int().min(1).max(6).optional().catch(1),
  children: z.array(Span).min(1),
  markDefs: z.array(z.unknown()).nullish(),
})

const ImageBlock = ImageFields.extend({_type: z.literal('image'), _key: key}).transform(keepableCrop)
const QuoteEmbed = z.object({_type: z.literal('quoteEmbed'), _key: key, quote: Quote})
const PrincipleListEmbed = z.object({
  _type: z.literal('principleListEmbed'),
  _key: key,
  principleList: PrincipleList,
})

const blockSchemas = {
  block: TextBlock,
  image: ImageBlock,
  quoteEmbed: QuoteEmbed,
  principleListEmbed: PrincipleListEmbed,
} as const

type MarkDef = z.output<typeof MarkDef>
export type TextBlock = Omit<z.output<typeof TextBlock>, 'markDefs'> & {markDefs: MarkDef[]}
export type BodyBlock = TextBlock | z.output<typeof ImageBlock> | z.output<typeof QuoteEmbed> | z.output<typeof PrincipleListEmbed>

/**
 * Keeps every well-formed body block and drops the rest one by one, logging the document id and path.
 * A bad link annotation loses only its link: the words stay, as plain text.
 */
export function cleanBody(documentId: string, blocks: unknown[]): BodyBlock[] {
  return blocks.flatMap((block, index): BodyBlock[] => {
    const path = `body[${index}]`
    const type = (block as {_type?: unknown} | null)?._type
    // own keys only: a block typed "constructor" or "__proto__" must not find Object.prototype
    const schema =
      typeof type === 'string' && Object.hasOwn(blockSchemas, type) ? blockSchemas[type as keyof typeof blockSchemas] : undefined
    if (!schema) {
      logDropped(documentId, path, `unknown block type ${JSON.stringify(type ?? null)}`)
      return []
    }
    // a field dropped inside the block (a caption, a crop) is logged with this document's id
    const parsed = withOwner(documentId, () => schema.safeParse(block))
    if (!parsed.success) {
      logDropped(documentId, path, describeZodError(parsed.error))
      return []
    }
    if (parsed.data._type !== 'block') return [parsed.data as BodyBlock]
    const markDefs = cleanMarkDefs(documentId, path, parsed.data.markDefs ?? [])
    return [{...parsed.data, markDefs, children: cleanMarks(documentId, path, parsed.data.children, markDefs)}]
  })
}

const DECORATORS = new Set(['strong', 'em', 'code'])

/** Keeps marks that are known decorators or point at a kept annotation; logs the rest. */
function cleanMarks<S extends {marks: string[]}>(documentId: string, path: string, children: S[], markDefs: MarkDef[]): S[] {
  const annotations = new Set(markDefs.map((def) => def._key))
  return children.map((span, index) => {
    const marks = span.marks.filter((mark) => DECORATORS.has(mark) || annotations.has(mark))
    if (marks.length !== span.marks.length) {
      const dropped = span.marks.filter((mark) => !marks.includes(mark))
      logDropped(documentId, `${path}.children[${index}].marks`, `unknown marks ${JSON.stringify(dropped)}`)
    }
    return {...span, marks}
  })
}

function cleanMarkDefs(documentId: string, path: string, markDefs: unknown[]): MarkDef[] {
  return markDefs.flatMap((def, index) => {
    const parsed = MarkDef.safeParse(def)
    if (parsed.success) return [parsed.data]
    logDropped(documentId, `${path}.markDefs[${index}]`, describeZodError(parsed.error))
    return []
  })
}
