import type {ExprNode} from 'groq-js'
import type {DocumentView, StoredDocument} from './views'

/**
 * What a `*[...]` filter says about the documents it can match, read from the conjunction at its top.
 * Only constraints every match must satisfy are collected, so an index lookup is always a superset.
 */
export type Constraint = {ids?: string[]; types?: string[]; slugs?: string[]; refs?: string[]}

// groq-js node shapes are walked structurally; its union type is too narrow for a generic walk.
export type Node = {type: string; [key: string]: unknown}

/** Returns one constraint per `*` in the query, or null when some `*` is unconstrained (full scan). */
export function constraintsOf(tree: ExprNode): Constraint[] | null {
  const found: Constraint[] = []
  let unconstrained = false
  const visit = (node: unknown, filterOfEverything?: ExprNode) => {
    if (!node || typeof node !== 'object') return
    const n = node as Node
    if (n.type === 'Everything') {
      const constraint = filterOfEverything ? fromConjunction(filterOfEverything) : undefined
      if (constraint) found.push(constraint)
      else unconstrained = true
      return
    }
    if (n.type === 'Filter') {
      const base = n.base as Node
      if (base.type === 'Everything') {
        visit(base, n.expr as ExprNode)
        visit(n.expr)
        return
      }
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach((child) => visit(child))
      else if (value && typeof value === 'object') visit(value)
    }
  }
  visit(tree)
  return unconstrained ? null : found
}

export function fromConjunction(expr: ExprNode): Constraint | undefined {
  const constraint: Constraint = {}
  const terms: Node[] = []
  const flatten = (node: Node) => {
    if (node.type === 'And') {
      flatten(node.left as Node)
      flatten(node.right as Node)
    } else if (node.type === 'Group') flatten(node.base as Node)
    else terms.push(node)
  }
  flatten(expr as Node)
  for (const term of terms) {
    if (term.type === 'FuncCall' && term.name === 'references' && (term.args as Node[]).length === 1) {
      const ids = literal((term.args as Node[])[0]) ?? literalArray((term.args as Node[])[0])
      // several references() terms: any one of them is a superset of the matches
      if (ids) constraint.refs ??= ids
      continue
    }
    if (term.type !== 'OpCall' || (term.op !== '==' && term.op !== 'in')) continue
    const field = attributePath(term.left as Node)
    const values = term.op === '==' ? literal(term.right as Node) : literalArray(term.right as Node)
    if (!field || !values) continue
    const key = field === '_id' ? 'ids' : field === '_type' ? 'types' : field === 'slug.current' ? 'slugs' : null
    if (!key) continue
    // two constraints on one field: keep the intersection
    constraint[key] = constraint[key] ? constraint[key].filter((v) => values.includes(v)) : values
  }
  return constraint.ids || constraint.types || constraint.slugs || constraint.refs ? constraint : undefined
}

/** `_type` or `slug.current` on the filtered document itself (not on a parent scope). */
function attributePath(node: Node): string | undefined {
  if (node.type !== 'AccessAttribute') return undefined
  if (!node.base) return node.name as string
  const parent = attributePath(node.base as Node)
  return parent ? `${parent}.${node.name as string}` : undefined
}

function literal(node: Node): string[] | undefined {
  return node.type === 'Value' && typeof node.value === 'string' ? [node.value] : undefined
}

function literalArray(node: Node): string[] | undefined {
  if (node.type === 'Value' && Array.isArray(node.value)) {
    return node.value.every((v) => typeof v === 'string') ? (node.value as string[]) : undefined
  }
  if (node.type !== 'Array') return undefined
  const out: string[] = []
  for (const element of node.elements as Node[]) {
    const value = element.value as Node
    if (element.isSplat || value.type !== 'Value' || typeof value.value !== 'string') return undefined
    out.push(value.value)
  }
  return out
}

/** The documents each `*` of a query can match, from the view's indexes; every document when some `*` is unconstrained. */
export function candidatesFor(tree: ExprNode, view: DocumentView): StoredDocument[] {
  const constraints = constraintsOf(tree)
  if (!constraints) return view.documents
  const lists = constraints.map((constraint) => lookup(constraint, view))
  // keep dataset order, so results without order() match a full scan
  return lists.length === 1 ? lists[0] : inOrder(lists.flat(), view)
}

export function lookup({ids, types, slugs, refs}: Constraint, view: DocumentView): StoredDocument[] {
  let docs: StoredDocument[]
  if (ids)
    docs = inOrder(
      ids.flatMap((id) => view.byId.get(id) ?? []),
      view,
    )
  else if (slugs)
    docs =
      slugs.length === 1
        ? (view.bySlug.get(slugs[0]) ?? [])
        : inOrder(
            slugs.flatMap((s) => view.bySlug.get(s) ?? []),
            view,
          )
  else if (refs)
    docs =
      refs.length === 1
        ? (view.referrers(refs[0]) ?? [])
        : inOrder(
            refs.flatMap((r) => view.referrers(r) ?? []),
            view,
          )
  else
    docs =
      types!.length === 1
        ? (view.byType.get(types![0]) ?? [])
        : inOrder(
            types!.flatMap((t) => view.byType.get(t) ?? []),
            view,
          )
  return types && (ids || slugs || refs) ? docs.filter((doc) => types.includes(doc._type)) : docs
}

/** Each document once, in dataset order. */
export function inOrder(docs: StoredDocument[], view: DocumentView) {
  return [...new Set(docs)].sort((a, b) => view.position.get(a)! - view.position.get(b)!)
}
