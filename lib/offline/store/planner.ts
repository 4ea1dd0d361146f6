import type {ExprNode} from 'groq-js'
import {candidatesFor, fromConjunction, lookup, type Node} from './candidates'
import type {DocumentView, StoredDocument} from './views'

/**
 * Narrows what groq-js must scan, without changing what a query means. Three steps:
 * 1. fold: `references(*[...][0]._id)` depends on no scope, so it is evaluated once and inlined;
 * 2. candidates: each `*[...]` is narrowed through the view's indexes (id, slug, reference, type);
 * 3. ordered slice: for `*[f] | order(fields) [a...b]`, the first b matches in index order are found and
 *    only matches a to b are handed to groq-js, with the slice shifted to start at 0.
 * Every step keeps a superset of the documents the query can return, so results equal a full scan.
 */
export async function planQuery(
  tree: ExprNode,
  view: DocumentView,
  run: (tree: ExprNode, dataset: StoredDocument[]) => Promise<unknown>,
): Promise<{tree: ExprNode; dataset: StoredDocument[]}> {
  const folded = await foldScopeFreeReferences(tree, view, run)
  const sliced = await orderedSlice(folded, view, run)
  if (sliced) return sliced
  return {tree: folded, dataset: candidatesFor(folded, view)}
}

const isNode = (value: unknown): value is Node => Boolean(value && typeof value === 'object' && 'type' in value)

function mapTree(node: Node, visit: (node: Node) => Node | undefined): Node {
  const replaced = visit(node)
  if (replaced) return replaced
  const out: Node = {...node}
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) out[key] = value.map((child) => (isNode(child) ? mapTree(child, visit) : child))
    else if (isNode(value)) out[key] = mapTree(value, visit)
  }
  return out
}

function contains(node: unknown, type: string): boolean {
  if (Array.isArray(node)) return node.some((child) => contains(child, type))
  if (!isNode(node)) return false
  return node.type === type || Object.values(node).some((child) => contains(child, type))
}

/** An expression whose chain of bases starts at `*` and never looks at an outer scope. */
function isScopeFree(node: Node): boolean {
  let base: Node | undefined = node
  while (base && base.type !== 'Everything') base = isNode(base.base) ? base.base : undefined
  return Boolean(base) && !contains(node, 'Parent')
}

async function foldScopeFreeReferences(
  tree: ExprNode,
  view: DocumentView,
  run: (tree: ExprNode, dataset: StoredDocument[]) => Promise<unknown>,
): Promise<ExprNode> {
  const pending: Node[] = []
  mapTree(tree as unknown as Node, (node) => {
    if (node.type === 'FuncCall' && node.name === 'references') {
      const [arg] = node.args as Node[]
      if (arg && arg.type !== 'Value' && isScopeFree(arg)) pending.push(arg)
    }
    return undefined
  })
  if (pending.length === 0) return tree
  const values = new Map<Node, unknown>()
  for (const arg of pending) {
    const sub = arg as unknown as ExprNode
    values.set(arg, await run(sub, candidatesFor(sub, view)))
  }
  return mapTree(tree as unknown as Node, (node) =>
    values.has(node) ? {type: 'Value', value: values.get(node) ?? null} : undefined,
  ) as unknown as ExprNode
}

/**
 * `*[filter] | order(field asc|desc, ...) [a...b]` (optionally projected), with no other `*` in the
 * query: walks the candidates pre-sorted by the fields and keeps the first b that pass the filter. Only
 * matches a..b go to groq-js, with the slice moved to [0...b-a]: the same documents in the same order.
 */
async function orderedSlice(
  tree: ExprNode,
  view: DocumentView,
  run: (tree: ExprNode, dataset: StoredDocument[]) => Promise<unknown>,
): Promise<{tree: ExprNode; dataset: StoredDocument[]} | null> {
  let node = tree as unknown as Node
  while ((node.type === 'Map' || node.type === 'Projection') && isNode(node.base)) node = node.base
  const slice = node
  if (node.type === 'AccessElement' && typeof node.index === 'number' && node.index >= 0 && isNode(node.base)) {
    node = {type: 'Slice', base: node.base, left: 0, right: (node.index as number) + 1, isInclusive: false}
  }
  if (node.type !== 'Slice' || typeof node.left !== 'number' || typeof node.right !== 'number') return null
  // negative bounds count from the end: every match is needed
  if (node.left < 0 || node.right < 0) return null
  const order = node.base as Node
  if (order.type !== 'PipeFuncCall' || order.name !== 'order' || (order.args as Node[]).length === 0) return null
  const fields = (order.args as Node[]).map((direction) => {
    const field = direction.type === 'Desc' || direction.type === 'Asc' ? (direction.base as Node) : direction
    return field.type === 'AccessAttribute' && !field.base ? {name: field.name as string, descending: direction.type === 'Desc'} : null
  })
  if (fields.some((field) => !field)) return null
  const filter = order.base as Node
  if (filter.type !== 'Filter' || (filter.base as Node).type !== 'Everything') return null
  if (countEverything(tree as unknown as Node) !== 1) return null
  const constraint = fromConjunction(filter.expr as ExprNode)
  if (!constraint) return null

  const keys = fields as {name: string; descending: boolean}[]
  const key = `${JSON.stringify(constraint)}|${JSON.stringify(keys)}`
  const sorted = view.sortedBy(key, () => lookup(constraint, view), keys)
  if (!sorted) return null
  const wanted = (node.right as number) + (node.isInclusive ? 1 : 0)
  // test the filter on growing batches of the sorted candidates until enough match; a deep page tests
  // every document above it, so results are remembered when the filter reads nothing but the document
  const ids = {type: 'Filter', base: {type: 'Everything'}, expr: filter.expr} as unknown as ExprNode
  const remembered = readsOnlyTheDocument(filter.expr as Node) ? view.filterResultsFor(JSON.stringify(filter.expr)) : new WeakMap()
  const kept: StoredDocument[] = []
  let start = 0
  let batch = Math.max(16, wanted)
  while (kept.length < wanted && start < sorted.length) {
    const chunk = sorted.slice(start, start + batch)
    const untested = chunk.filter((doc) => !remembered.has(doc))
    if (untested.length > 0) {
      const matched = new Set(((await run(ids, untested)) as {_id: string}[]).map((doc) => doc._id))
      for (const doc of untested) remembered.set(doc, matched.has(doc._id))
    }
    for (const doc of chunk) if (remembered.get(doc) && kept.length < wanted) kept.push(doc)
    start += batch
    batch *= 2
  }
  if (slice.type !== 'Slice' || node.left === 0) return {tree, dataset: kept}
  const left = node.left as number
  const shifted = mapTree(tree as unknown as Node, (n) =>
    n === slice ? {...slice, left: 0, right: (slice.right as number) - left} : undefined,
  )
  return {tree: shifted as unknown as ExprNode, dataset: kept.slice(left)}
}

/** Functions whose result depends on more than their arguments: the clock, the caller, a mutation's before and after. */
const CONTEXTUAL_FUNCTIONS = new Set(['now', 'identity', 'before', 'after', 'operation'])

/**
 * Whether a filter's result depends on nothing but the document it tests: no other document (a `*`, a
 * `->` or `^`) and no function of the moment or the caller. Parameters are already values in the tree.
 */
function readsOnlyTheDocument(expr: Node): boolean {
  if (contains(expr, 'Everything') || contains(expr, 'Deref') || contains(expr, 'Parent') || contains(expr, 'Context')) return false
  let contextual = false
  mapTree(expr, (node) => {
    if (node.type === 'FuncCall' && CONTEXTUAL_FUNCTIONS.has(node.name as string)) contextual = true
    return undefined
  })
  return !contextual
}

function countEverything(node: Node): number {
  let count = node.type === 'Everything' ? 1 : 0
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) count += isNode(child) ? countEverything(child) : 0
    else if (isNode(value)) count += countEverything(value)
  }
  return count
}
