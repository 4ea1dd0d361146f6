import 'server-only'
import {isDraftId} from '@sanity/client/csm'
import {z} from 'zod'
import {env} from '../env'
import {internalRevalidationToken} from './dataset'
import {secretsMatch} from '../secrets'
import {expireTags, tagsToRevalidate, WebhookPayload} from './expire'
import {readBodyWithLimit, verifyWebhookSignature} from './webhook'

/** What the dataset watcher sends (lib/revalidation/dataset.ts). */
const InternalRequest = z.object({tags: z.array(z.string())})

function parseInternalTags(body: string): string[] | undefined {
  try {
    return InternalRequest.parse(JSON.parse(body)).tags
  } catch {
    return undefined
  }
}

const json = (status: number, body: unknown) =>
  Response.json(body, {status, headers: {'Cache-Control': 'no-store'}})

/**
 * POST /api/revalidate. Two callers: Sanity's GROQ-powered webhook (signed with
 * SANITY_REVALIDATE_SECRET), and this server's own dataset watcher in embedded mode (a per-process
 * token). Anything unsigned, forged, stale or oversized is refused and revalidates nothing.
 */
export async function handleRevalidation(request: Request): Promise<Response> {
  const body = await readBodyWithLimit(request)
  if (body === null) return json(413, {error: 'Payload too large'})

  const internal = request.headers.get('x-broadsheet-revalidate')
  if (internal !== null) {
    if (!secretsMatch(internal, internalRevalidationToken())) return json(401, {error: 'Invalid internal token'})
    const tags = parseInternalTags(body)
    if (!tags) return json(400, {error: 'Body must be {tags: string[]}'})
    expireTags(tags)
    return json(200, {revalidated: tags})
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
  expireTags(tags)
  if (complete) return json(200, {revalidated: tags})
  // the document's own pages are expired; a 5xx makes Sanity deliver the webhook again for the rest
  return Response.json(
    {revalidated: tags, error: 'The Content Lake did not answer: pages that reference this document were not revalidated'},
    {status: 503, headers: {'Cache-Control': 'no-store', 'Retry-After': '30'}},
  )
}
