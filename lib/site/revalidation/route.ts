import 'server-only'
import {isDraftId} from '@sanity/client/csm'
import {after} from 'next/server'
import {z} from 'zod'
import {notePublished} from '../content/hosted'
import {env} from '../env'
import {secretsMatch} from '../secrets'
import {expireEverything, expireTags, tagsToRevalidate, WebhookPayload} from './expire'
import {expireAgainLater, internalRevalidationToken, type InternalRevalidation} from './internal'
import {readBodyWithLimit, verifyWebhookSignature} from './webhook'

/** What this server sends itself (lib/site/revalidation/internal.ts). */
const InternalRequest = z.union([z.object({tags: z.array(z.string())}), z.object({everything: z.literal(true)})])

function parseInternalRequest(body: string): InternalRevalidation | undefined {
  try {
    return InternalRequest.parse(JSON.parse(body))
  } catch {
    return undefined
  }
}

const json = (status: number, body: unknown) => Response.json(body, {status, headers: {'Cache-Control': 'no-store'}})

/**
 * POST /api/revalidate. Two callers: Sanity's GROQ-powered webhook (signed with
 * SANITY_REVALIDATE_SECRET), and this server itself (a per-process token): its dataset watcher, a
 * follow-up expiry, or start-up on another dataset than the build's. Anything unsigned, forged, stale
 * or oversized is refused and revalidates nothing.
 */
export async function handleRevalidation(request: Request): Promise<Response> {
  const body = await readBodyWithLimit(request)
  if (body === null) return json(413, {error: 'Payload too large'})

  const internal = request.headers.get('x-broadsheet-revalidate')
  if (internal !== null) {
    if (!secretsMatch(internal, internalRevalidationToken())) return json(401, {error: 'Invalid internal token'})
    const request = parseInternalRequest(body)
    if (!request) return json(400, {error: 'Body must be {tags: string[]} or {everything: true}'})
    if ('everything' in request) {
      expireEverything()
      return json(200, {revalidated: 'everything'})
    }
    expireTags(request.tags)
    return json(200, {revalidated: request.tags})
  }

  if (!env.revalidateSecret) return json(401, {error: 'Webhook secret not configured (SANITY_REVALIDATE_SECRET)'})
  const verdict = await verifyWebhookSignature(body, request.headers.get('sanity-webhook-signature'), env.revalidateSecret)
  if (!verdict.ok) return json(401, {error: `Invalid signature: ${verdict.reason}`})

  let payload
  try {
    payload = WebhookPayload.parse(JSON.parse(body))
  } catch {
    return json(400, {error: 'Body must be the webhook projection {_id, _type, slug, previousSlug}'})
  }
  // drafts are never in a public cache
  if (isDraftId(payload._id)) return json(200, {revalidated: []})
  const {tags, complete} = await tagsToRevalidate([payload])
  // hosted mode: Sanity's API CDN may still hold the old result for a moment; read these from the API
  notePublished(tags)
  expireTags(tags)
  // a page that was regenerating from the old result when these expired would be stored as fresh
  after(() => expireAgainLater(tags, 'revalidate'))
  if (complete) return json(200, {revalidated: tags})
  // the document's own pages are expired; a 5xx makes Sanity deliver the webhook again for the rest
  return Response.json(
    {revalidated: tags, error: 'The Content Lake did not answer: pages that reference this document were not revalidated'},
    {status: 503, headers: {'Cache-Control': 'no-store', 'Retry-After': '30'}},
  )
}
