/**
 * The content model as the Studio defines it, read from schema.json (`sanity schema extract`, kept fresh by
 * `npm run typegen`). The fuzz takes its types and fields from here, so a field added to a schema type is
 * fuzzed without editing the fuzz.
 */
import fs from 'node:fs'
import path from 'node:path'

type Node = {type: string; name?: string; value?: unknown; attributes?: Record<string, {value: Node}>; rest?: Node; of?: Node | Node[]}
type SchemaType = {name: string; type: 'document' | 'type'; attributes?: Record<string, {value: Node}>; value?: Node}

const SCHEMA: SchemaType[] = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../schema.json'), 'utf8'))
const byName = new Map(SCHEMA.map((type) => [type.name, type]))

/** The content document types: every document type but Sanity's own assets. */
export const DOCUMENT_TYPES = SCHEMA.filter((type) => type.type === 'document' && !type.name.startsWith('sanity.')).map((type) => type.name)

/** A named type's node: a document's attributes as an object, or the type's value. */
function resolve(node: Node | undefined): Node | undefined {
  for (let depth = 0; node?.type === 'inline' && depth < 20; depth++) {
    const named = byName.get(node.name ?? '')
    node = named?.type === 'document' ? {type: 'object', attributes: named.attributes} : named?.value
  }
  return node
}

function attributesOf(node: Node | undefined): Record<string, {value: Node}> {
  const resolved = resolve(node)
  if (resolved?.type !== 'object') return {}
  return {...attributesOf(resolved.rest), ...resolved.attributes}
}

const typeName = (value: unknown) => (value && typeof value === 'object' ? (value as {_type?: unknown})._type : undefined)

/** The schema node of the value at `path` in `doc`, following the document's own values through arrays and unions. */
function nodeAt(doc: {_type: string}, path: readonly (string | number)[]): Node | undefined {
  let node = resolve({type: 'inline', name: doc._type})
  let value: unknown = doc
  for (const step of path) {
    node = node?.type === 'array' ? (node.of as Node) : attributesOf(node)[step]?.value
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined
    node = resolve(node)
    if (node?.type === 'union') {
      const members = (node.of as Node[]).map(resolve)
      node = members.find((member) => (attributesOf(member)._type?.value as {value?: unknown} | undefined)?.value === typeName(value))
    }
  }
  return node
}

/**
 * The fields the schema gives the object at `path` in `doc` (the document itself for []), in the schema's
 * order. Underscored ones (_id, _type, _key, _ref ...) are Sanity's, not content, and are left out.
 */
export function schemaFields(doc: {_type: string}, path: readonly (string | number)[] = []): string[] {
  return Object.keys(attributesOf(nodeAt(doc, path))).filter((key) => !key.startsWith('_'))
}
