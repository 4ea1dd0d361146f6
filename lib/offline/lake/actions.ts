// The Actions API (POST /data/actions/<dataset>): how Studio 5.31 edits, publishes and deletes.
import {getDraftId, getPublishedId, isDraftId} from '@sanity/client/csm'
import type {StoredDocument} from '../store/store'
import {LakeError, requiredString, type Patch, type Transaction} from './transaction'

type Action = {actionType?: string; [key: string]: unknown}

/** The draft and published ids an action names, which must belong together. */
function pairOf(action: Action): {draftId: string; publishedId: string} {
  const draftId = requiredString(action.draftId, 'draftId')
  const publishedId = requiredString(action.publishedId, 'publishedId')
  checkPair(draftId, publishedId)
  return {draftId, publishedId}
}

function checkPair(draftId: string, publishedId: string): void {
  if (!isDraftId(draftId) || getPublishedId(draftId) !== publishedId) {
    throw new LakeError(400, `"${draftId}" is not the draft of "${publishedId}"`)
  }
}

/**
 * Strong references only ever point at published documents; a draft's are weak until publish, which makes them strong
 * unless the schema keeps the field weak (`_strengthenOnPublish.weak`), as the Studio's own strengthenOnPublish does.
 */
function strengthenReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strengthenReferences)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  const ref = value as Record<string, unknown>
  const pending = typeof ref._ref === 'string' ? (ref._strengthenOnPublish as {weak?: unknown} | undefined) : undefined
  for (const [key, inner] of Object.entries(ref)) {
    if (pending && (key === '_strengthenOnPublish' || (key === '_weak' && pending.weak !== true))) continue
    out[key] = strengthenReferences(inner)
  }
  return out
}

export function strongReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) strongReferences(item, found)
  else if (value && typeof value === 'object') {
    const ref = value as Record<string, unknown>
    if (typeof ref._ref === 'string' && ref._weak !== true) found.push(ref._ref)
    for (const inner of Object.values(ref)) if (inner && typeof inner === 'object') strongReferences(inner, found)
  }
  return found
}

export type IntegrityCheck = {
  /** Published documents holding a strong reference to `id` (outside the transaction). */
  strongReferrers(id: string): string[]
}

export function applyAction(tx: Transaction, action: Action, integrity: IntegrityCheck): void {
  switch (action.actionType) {
    case 'sanity.action.document.create': {
      const attributes = action.attributes as StoredDocument | undefined
      if (!attributes || typeof attributes._type !== 'string') throw new LakeError(400, 'create needs attributes with a _type')
      const publishedId = requiredString(action.publishedId, 'publishedId')
      const id = typeof attributes._id === 'string' && attributes._id ? attributes._id : getDraftId(publishedId)
      if (getPublishedId(id) !== publishedId) throw new LakeError(400, `"${id}" is not a version of "${publishedId}"`)
      if (tx.get(id)) {
        if (action.ifExists === 'ignore') return
        throw new LakeError(409, `Document "${id}" already exists`)
      }
      tx.put({...attributes, _id: id})
      return
    }
    case 'sanity.action.document.edit': {
      const {draftId, publishedId} = pairOf(action)
      if (!tx.get(draftId)) {
        // the first edit of a published document starts its draft
        const published = tx.get(publishedId)
        if (!published) throw new LakeError(409, `Cannot edit "${publishedId}": neither it nor its draft exists`)
        tx.put({...published, _id: draftId})
      }
      tx.patch(draftId, (action.patch ?? {}) as Patch)
      return
    }
    case 'sanity.action.document.publish': {
      const {draftId, publishedId} = pairOf(action)
      const draft = tx.get(draftId)
      const published = tx.get(publishedId)
      if (!draft) throw new LakeError(409, `Cannot publish "${publishedId}": there is no draft`)
      if (action.ifDraftRevisionId && action.ifDraftRevisionId !== draft._rev) {
        throw new LakeError(409, `The draft of "${publishedId}" has changed since revision ${action.ifDraftRevisionId}`)
      }
      if (action.ifPublishedRevisionId && action.ifPublishedRevisionId !== published?._rev) {
        throw new LakeError(409, `"${publishedId}" was published again since revision ${action.ifPublishedRevisionId}`)
      }
      const next = strengthenReferences({...draft, _id: publishedId}) as StoredDocument
      for (const ref of strongReferences(next)) {
        if (!tx.get(ref)) {
          throw new LakeError(409, `Cannot publish "${publishedId}": it references "${ref}", which is not published`)
        }
      }
      tx.put({...next, _createdAt: published?._createdAt ?? draft._createdAt})
      tx.delete(draftId)
      return
    }
    case 'sanity.action.document.unpublish': {
      const {draftId, publishedId} = pairOf(action)
      const published = tx.get(publishedId)
      if (!published) throw new LakeError(409, `Cannot unpublish "${publishedId}": it is not published`)
      refuseIfReferenced(tx, publishedId, integrity)
      if (!tx.get(draftId)) tx.put({...published, _id: draftId})
      tx.delete(publishedId)
      return
    }
    case 'sanity.action.document.discard': {
      const draftId = requiredString(action.draftId, 'draftId')
      if (!isDraftId(draftId)) throw new LakeError(400, `"${draftId}" is not a draft id`)
      if (!tx.get(draftId)) throw new LakeError(409, `Cannot discard "${draftId}": it does not exist`)
      tx.delete(draftId)
      return
    }
    case 'sanity.action.document.version.discard': {
      const versionId = requiredString(action.versionId, 'versionId')
      if (versionId === getPublishedId(versionId)) throw new LakeError(400, `"${versionId}" is not a version id`)
      if (!tx.get(versionId)) throw new LakeError(409, `Cannot discard "${versionId}": it does not exist`)
      tx.delete(versionId)
      return
    }
    case 'sanity.action.document.delete': {
      const publishedId = requiredString(action.publishedId, 'publishedId')
      const drafts = Array.isArray(action.includeDrafts) ? (action.includeDrafts as unknown[]) : []
      const ids = [publishedId, ...drafts.map((id) => requiredString(id, 'includeDrafts[]'))]
      for (const id of ids.slice(1)) checkPair(id, publishedId)
      if (!ids.some((id) => tx.get(id))) throw new LakeError(409, `Cannot delete "${publishedId}": it does not exist`)
      if (tx.get(publishedId)) refuseIfReferenced(tx, publishedId, integrity)
      for (const id of ids) if (tx.get(id)) tx.delete(id)
      return
    }
    case 'sanity.action.document.replaceDraft':
    case 'sanity.action.document.version.replace': {
      const attributes = (action.attributes ?? action.document) as StoredDocument | undefined
      if (!attributes || typeof attributes._type !== 'string') throw new LakeError(400, 'replaceDraft needs attributes with a _type')
      const publishedId = requiredString(action.publishedId ?? getPublishedId(String(attributes._id ?? '')), 'publishedId')
      const id = typeof attributes._id === 'string' ? attributes._id : requiredString(action.draftId, 'draftId')
      if (id === publishedId || getPublishedId(id) !== publishedId) throw new LakeError(400, `"${id}" is not a draft of "${publishedId}"`)
      tx.put({...attributes, _id: id})
      return
    }
    default:
      throw new LakeError(400, `The local Content Lake does not support the action "${String(action.actionType)}"`)
  }
}

function refuseIfReferenced(tx: Transaction, id: string, integrity: IntegrityCheck): void {
  const referrers = integrity.strongReferrers(id).filter((referrer) => tx.get(referrer) !== null)
  if (referrers.length) {
    throw new LakeError(
      409,
      `Document "${id}" cannot be removed: it is referenced by ${referrers
        .slice(0, 5)
        .map((r) => `"${r}"`)
        .join(', ')}`,
    )
  }
}
