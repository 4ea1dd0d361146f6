import {randomUUID} from 'node:crypto'
import {evaluate, type ExprNode} from 'groq-js'
import type {DatasetChange, StoredDocument} from '../store/store'

/** The listener options of @sanity/client's `listen()` that change what an event carries. */
export type ListenOptions = {
  includeResult?: boolean
  includePreviousRevision?: boolean
  includeMutations?: boolean
  effectFormat?: string
}

export type ListenEvent = {type: 'welcome' | 'mutation'; id?: string; data: Record<string, unknown>}

type Subscriber = {
  tree: ExprNode
  params: Record<string, unknown>
  options: ListenOptions
  send: (event: ListenEvent) => void
  /** Events go out in commit order, though matching a document against the filter is async. */
  queue: Promise<void>
}

/**
 * Fans committed changes out to listeners, as Sanity's `/data/listen` does: one `mutation` event per
 * changed document whose before or after state matches the listener's GROQ filter.
 */
export class ListenerHub {
  private subscribers = new Set<Subscriber>()

  constructor(private identity: string) {}

  /** Registers first, then says welcome: a change committed after the welcome is never missed. */
  subscribe(tree: ExprNode, params: Record<string, unknown>, options: ListenOptions, send: Subscriber['send']): () => void {
    const subscriber: Subscriber = {tree, params, options, send, queue: Promise.resolve()}
    this.subscribers.add(subscriber)
    send({type: 'welcome', data: {listenerName: `broadsheet-${randomUUID().slice(0, 8)}`}})
    return () => this.subscribers.delete(subscriber)
  }

  /** Called for every change to the store: the lake's own commits and edits to the file on disk. */
  publish(change: DatasetChange): void {
    const transactionId = change.transaction?.id ?? randomUUID()
    const timestamp = change.transaction?.timestamp ?? new Date().toISOString()
    const moves = [
      ...change.changed.map((after) => ({id: after._id, before: change.previous.get(after._id) ?? null, after})),
      ...change.removed.map((before) => ({id: before._id, before, after: null})),
    ]
    for (const subscriber of this.subscribers) {
      subscriber.queue = subscriber.queue
        .then(async () => {
          // the counts are this listener's: the Studio holds a transaction's events until it has them all
          const seen: {move: Move; transition: string}[] = []
          for (const move of moves) {
            const matchedBefore = await matches(subscriber, move.before)
            const matchedAfter = await matches(subscriber, move.after)
            if (!matchedBefore && !matchedAfter) continue
            seen.push({move, transition: !matchedBefore ? 'appear' : !matchedAfter ? 'disappear' : 'update'})
          }
          for (const [index, {move, transition}] of seen.entries()) {
            const context = {transactionId, timestamp, identity: this.identity, transition, index, total: seen.length}
            subscriber.send(mutationEvent(subscriber.options, move, context))
          }
        })
        .catch((error) => console.error(`[lake] listener failed: ${(error as Error).message}`))
    }
  }
}

async function matches(subscriber: Subscriber, doc: StoredDocument | null): Promise<boolean> {
  if (!doc) return false
  const value = await (await evaluate(subscriber.tree, {dataset: [doc], params: subscriber.params})).get()
  return Array.isArray(value) ? value.length > 0 : Boolean(value)
}

type Move = {id: string; before: StoredDocument | null; after: StoredDocument | null}
type Context = {transactionId: string; timestamp: string; identity: string; transition: string; index: number; total: number}

function mutationEvent(options: ListenOptions, move: Move, context: Context): ListenEvent {
  const eventId = `${context.transactionId}#${move.id}`
  const data: Record<string, unknown> = {
    eventId,
    documentId: move.id,
    transactionId: context.transactionId,
    transition: context.transition,
    identity: context.identity,
    resultRev: move.after?._rev ?? context.transactionId,
    timestamp: context.timestamp,
    visibility: 'query',
    transactionTotalEvents: context.total,
    transactionCurrentEvent: context.index + 1,
  }
  if (move.before?._rev) data.previousRev = move.before._rev
  if (options.includeMutations !== false) {
    data.mutations = move.after ? [{createOrReplace: move.after}] : [{delete: {id: move.id}}]
  }
  if (options.includeResult !== false && move.after) data.result = move.after
  if (options.includePreviousRevision && move.before) data.previous = move.before
  // Mendoza's whole-value form, [0, value]: enough for the Studio to apply and revert
  if (options.effectFormat === 'mendoza') data.effects = {apply: [0, move.after], revert: [0, move.before]}
  return {type: 'mutation', id: eventId, data}
}
