import {randomUUID} from 'node:crypto'
import {Mutation} from '@sanity/mutator'
import type {StoredDocument} from '../store/store'

/** A request the lake refuses: the HTTP status and Sanity's error shape. Nothing has been written. */
export class LakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = status === 409 ? 'documentConflictError' : 'validationError',
  ) {
    super(message)
  }
}

/** A string field a request must carry. */
export function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new LakeError(400, `Missing "${name}"`)
  return value
}

/** A Sanity patch body: operations, plus the target and guards the transaction strips before applying. */
export type Patch = Record<string, unknown> & {id?: string; ifRevisionID?: string; query?: string; params?: unknown}

/**
 * A transaction being built: reads see its own writes, and nothing reaches the store until the caller
 * commits `writes`. Every document it writes gets the transaction id as its `_rev`, as Sanity does.
 */
export class Transaction {
  readonly id: string
  readonly timestamp = new Date().toISOString()
  private readonly pending = new Map<string, StoredDocument | null>()

  constructor(
    private readonly read: (id: string) => StoredDocument | undefined,
    id?: string,
  ) {
    this.id = id && /^[A-Za-z0-9._-]{1,200}$/.test(id) ? id : randomUUID()
  }

  get(id: string): StoredDocument | null {
    return this.pending.has(id) ? this.pending.get(id)! : (this.read(id) ?? null)
  }

  put(doc: StoredDocument): StoredDocument {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(doc._id)) throw new LakeError(400, `Invalid document id "${doc._id}"`)
    const before = this.read(doc._id)
    const written = {
      ...doc,
      _createdAt: typeof doc._createdAt === 'string' ? doc._createdAt : (before?._createdAt ?? this.timestamp),
      _updatedAt: this.timestamp,
      _rev: this.id,
    }
    delete written._originalId
    this.pending.set(doc._id, written)
    return written
  }

  delete(id: string): void {
    this.pending.set(id, null)
  }

  get writes(): ReadonlyMap<string, StoredDocument | null> {
    return this.pending
  }

  /** Applies a Sanity patch (set, unset, setIfMissing, insert, inc, dec, diffMatchPatch) with @sanity/mutator. */
  patch(id: string, patch: Patch): StoredDocument {
    const doc = this.get(id)
    if (!doc) throw new LakeError(409, `Cannot patch document "${id}": it does not exist`)
    if (patch.ifRevisionID && patch.ifRevisionID !== doc._rev) {
      throw new LakeError(409, `Document "${id}" has unexpected revision ID ("${doc._rev}"), expected "${patch.ifRevisionID}"`)
    }
    const operations = {...patch, id}
    delete operations.ifRevisionID
    delete operations.query
    delete operations.params
    let result: StoredDocument
    try {
      result = new Mutation({mutations: [{patch: operations}]}).apply(structuredClone(doc)) as StoredDocument
    } catch (error) {
      throw new LakeError(400, `Invalid patch for "${id}": ${(error as Error).message}`)
    }
    if (!result || result._id !== id || typeof result._type !== 'string') {
      throw new LakeError(400, `Invalid patch for "${id}": _id and _type cannot be changed`)
    }
    return this.put(result)
  }
}
