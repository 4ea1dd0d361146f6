// The data endpoints: documents by id, GROQ queries, actions and mutations, and image assets (upload and read).
import {isDraftId} from '@sanity/client/csm'
import {WriterLockedError, type Perspective, type StoredDocument} from '../store/store'
import {readAssetFrom} from '../media'
import {LOCAL_USER} from './account'
import {applyAction, strongReferences} from './actions'
import {MAX_UPLOAD_BYTES, imageAsset} from './assets'
import type {Lake, RouteCall} from './context'
import {invalidQuery, queryParams} from './groq'
import {syncTagsFor} from './live'
import {readBody, readJson, send, type Json} from './http'
import {applyMutation, type MutationResult} from './mutations'
import {LakeError, Transaction} from './transaction'

/** `/data/doc/<dataset>/<id,id,...>`: the stored documents, and the ids not found. */
export function documents({lake, r, rest}: RouteCall) {
  const view = lake.store.view('raw')
  const wanted = (rest[0] ?? '').split(',').filter(Boolean)
  const found = wanted.map((id) => view.byId.get(id)).filter((doc): doc is StoredDocument => Boolean(doc))
  send(r, 200, {
    documents: found,
    omitted: wanted.filter((id) => !view.byId.has(id)).map((id) => ({id, reason: 'existence'})),
  })
}

export async function query({lake, r}: RouteCall) {
  const body = r.req.method === 'POST' ? await readJson(r.req) : {}
  const groq = String(body.query ?? r.url.searchParams.get('query') ?? '')
  const params: Json = {...(body.params as Json | undefined), ...queryParams(r.url)}
  const perspective = perspectiveOf(String(body.perspective ?? r.url.searchParams.get('perspective') ?? ''), r.apiVersion)
  const started = performance.now()
  let result: unknown
  try {
    result = await lake.store.query(groq, params, perspective)
  } catch (error) {
    throw invalidQuery(error)
  }
  const ms = Math.round(performance.now() - started)
  const syncTags = syncTagsFor(perspective)
  send(r, 200, r.url.searchParams.get('returnQuery') === 'false' ? {result, ms, syncTags} : {query: groq, result, ms, syncTags})
}

/** Sanity's perspective names; a release stack (not served here) reads as drafts. */
function perspectiveOf(given: string, apiVersion: string): Perspective {
  const names = given
    .replace(/[[\]"]/g, '')
    .split(',')
    .filter(Boolean)
  if (names.length === 0) return apiVersion >= '2025-02-19' && apiVersion !== 'X' ? 'published' : 'raw'
  if (names.length === 1 && (names[0] === 'raw' || names[0] === 'published')) return names[0]
  return 'drafts'
}

/**
 * A transaction on the documents as they are: a store waiting for the writer lock takes it over first, so it builds on
 * the last writer's commits. Still locked, it builds anyway: in-memory-only writes (preview secrets) and dry runs need
 * no writer, and commit() refuses the rest.
 */
function transaction(lake: Lake, id?: string) {
  try {
    lake.store.prepareToWrite()
  } catch (error) {
    if (!(error instanceof WriterLockedError)) throw error
  }
  return new Transaction((docId) => lake.store.view('raw').byId.get(docId), id)
}

function commit(lake: Lake, tx: Transaction, dryRun: boolean) {
  if (dryRun || !tx.writes.size) return
  try {
    lake.store.commit(tx.writes, {id: tx.id, timestamp: tx.timestamp, author: LOCAL_USER.id})
  } catch (error) {
    // another server writes the file: the Studio shows this message, and the edit stays in its form to retry
    if (error instanceof WriterLockedError) throw new LakeError(503, error.message, 'serviceUnavailable')
    throw error
  }
}

export async function actions({lake, r}: RouteCall) {
  const body = await readJson(r.req)
  const list = Array.isArray(body.actions) ? body.actions : body.actions ? [body.actions] : []
  if (!list.length) throw new LakeError(400, 'No actions given')
  const integrity = {
    strongReferrers: (id: string) =>
      (lake.store.view('raw').referrers(id) ?? [])
        .filter((doc) => !isDraftId(doc._id) && strongReferences(doc).includes(id))
        .map((doc) => doc._id),
  }
  const tx = transaction(lake, String(body.transactionId ?? ''))
  for (const action of list) applyAction(tx, action as Json, integrity)
  commit(lake, tx, body.dryRun === true)
  send(r, 200, {transactionId: tx.id})
}

export async function mutate({lake, r}: RouteCall) {
  const body = await readJson(r.req)
  const list = (Array.isArray(body.mutations) ? body.mutations : []) as Json[]
  if (!list.length) throw new LakeError(400, 'No mutations given')
  // a delete or patch by query is resolved to ids first; applying and committing is then one synchronous step
  const resolved = await Promise.all(
    list.map(async (mutation) => {
      const inner = Object.values(mutation)[0] as {query?: string; params?: Json} | undefined
      if (typeof inner?.query !== 'string') return undefined
      try {
        const found = await lake.store.query<unknown>(inner.query, inner.params ?? {}, 'raw')
        return (Array.isArray(found) ? found : [found]).flatMap((doc) =>
          typeof (doc as Json)?._id === 'string' ? [(doc as Json)._id as string] : [],
        )
      } catch (error) {
        throw invalidQuery(error)
      }
    }),
  )
  const tx = transaction(lake, String(body.transactionId ?? r.url.searchParams.get('transactionId') ?? ''))
  const results: MutationResult[] = list.flatMap((mutation, index) => applyMutation(tx, mutation, resolved[index]))
  commit(lake, tx, r.url.searchParams.get('dryRun') === 'true')
  const withDocuments = r.url.searchParams.get('returnDocuments') === 'true'
  send(r, 200, {
    transactionId: tx.id,
    results: results.map((result) => (withDocuments ? {...result, document: tx.get(result.id) ?? undefined} : result)),
  })
}

/** `POST /assets/images/<dataset>`: stores the image and its `sanity.imageAsset` document (once per content). */
export async function upload({lake, r}: RouteCall) {
  const {options, store} = lake
  const bytes = await readBody(r.req, MAX_UPLOAD_BYTES)
  const asset = await imageAsset(bytes, {
    assetsDir: options.assetsDir,
    projectId: options.projectId,
    dataset: options.dataset,
    filename: r.url.searchParams.get('filename') ?? undefined,
  })
  const existing = store.view('raw').byId.get(asset._id)
  if (existing) return send(r, 200, {document: existing})
  const tx = transaction(lake)
  const document = tx.put(asset)
  commit(lake, tx, false)
  send(r, 200, {document})
}

/** `GET /images/<project>/<dataset>/<file>`: public, as on Sanity's CDN, since an <img> cannot send a token. */
export async function image({lake, r, params}: RouteCall) {
  const asset = await readAssetFrom(lake.options.assetsDir, params.file)
  if (!asset) throw new LakeError(404, 'Image not found', 'notFoundError')
  r.res.writeHead(200, {
    ...r.cors,
    'Content-Type': asset.contentType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
  })
  r.res.end(asset.body)
}
