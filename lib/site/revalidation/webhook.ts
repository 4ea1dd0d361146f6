import {timingSafeEqual} from 'node:crypto'
import {decodeSignatureHeader, encodeSignatureHeader} from '@sanity/webhook'

/** Sanity signs each delivery; a signature older (or newer) than this is a replay and is refused. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000
/** Webhook projections are small; anything bigger is not from our webhook. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024

export type Verdict = {ok: true} | {ok: false; reason: string}

/**
 * Checks `sanity-webhook-signature` (`t=<ms>,v1=<base64url HMAC-SHA256 of "<t>.<body>">`).
 * @sanity/webhook computes the HMAC; it checks no age and compares with `!==`, so the window and the
 * timing-safe comparison are ours.
 */
export async function verifyWebhookSignature(rawBody: string, header: string | null, secret: string, now = Date.now()): Promise<Verdict> {
  if (!header) return {ok: false, reason: 'missing signature'}
  let timestamp: number
  try {
    timestamp = decodeSignatureHeader(header).timestamp
  } catch {
    return {ok: false, reason: 'malformed signature'}
  }
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > SIGNATURE_WINDOW_MS) {
    return {ok: false, reason: 'signature outside the time window'}
  }
  const expected = Buffer.from(await encodeSignatureHeader(rawBody, timestamp, secret))
  const given = Buffer.from(header.trim())
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return {ok: false, reason: 'signature does not match'}
  }
  return {ok: true}
}

/** Reads a request body up to a limit, without trusting Content-Length. Null when over the limit. */
export async function readBodyWithLimit(request: Request, limit = MAX_WEBHOOK_BYTES): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) return null
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const {done, value} = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
