import type {ExprNode} from 'groq-js'

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
