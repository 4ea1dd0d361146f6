// Mutations (POST /data/mutate/<dataset>): what @sanity/client and live-edit types send.
import {randomUUID} from 'node:crypto'
import type {StoredDocument} from '../store/store'
import {LakeError, requiredString, type Patch, type Transaction} from './transaction'

export type MutationResult = {id: string; operation: 'create' | 'update' | 'delete' | 'none'}

/** Applies one mutation. A `query` in delete or patch must already be resolved to ids (`resolvedIds`). */
export function applyMutation(tx: Transaction, mutation: Record<string, unknown>, resolvedIds?: string[]): MutationResult[] {
  const [kind, body] = Object.entries(mutation)[0] ?? []
  const doc = body as StoredDocument & {id?: string}
  switch (kind) {
    case 'create':
    case 'createOrReplace':
    case 'createIfNotExists': {
      if (!doc || typeof doc._type !== 'string') throw new LakeError(400, `${kind} needs a document with a _type`)
      let id = typeof doc._id === 'string' ? doc._id : ''
      if (kind !== 'create' && !id) throw new LakeError(400, `${kind} needs an _id`)
      if (!id || id.endsWith('.')) id = `${id}${randomUUID()}`
      const existing = tx.get(id)
      if (existing && kind === 'create') throw new LakeError(409, `Document "${id}" already exists`)
      if (existing && kind === 'createIfNotExists') return [{id, operation: 'none'}]
      tx.put({...doc, _id: id, ...(existing && kind === 'createOrReplace' ? {_createdAt: existing._createdAt} : {})})
      return [{id, operation: existing ? 'update' : 'create'}]
    }
    case 'delete': {
      const ids = resolvedIds ?? [requiredString(doc?.id, 'delete.id')]
      return ids.map((id) => {
        if (!tx.get(id)) return {id, operation: 'none' as const}
        tx.delete(id)
        return {id, operation: 'delete' as const}
      })
    }
    case 'patch': {
      const patch = body as Patch
      const ids = resolvedIds ?? [requiredString(patch?.id, 'patch.id')]
      return ids.map((id) => {
        tx.patch(id, patch)
        return {id, operation: 'update' as const}
      })
    }
    default:
      throw new LakeError(400, `Unknown mutation "${String(kind)}"`)
  }
}
