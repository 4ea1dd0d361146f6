import {randomBytes} from 'node:crypto'
import {frontServer} from '../../node/front/front-server.mjs'

/** Long enough for an in-flight page regeneration to finish. */
export const REVALIDATE_AGAIN_MS = 1500

const tokenKey = Symbol.for('broadsheet.internalRevalidationToken')
type Holder = {[tokenKey]?: string}

/** A secret only this server process knows: it lets the server call its own /api/revalidate. */
export function internalRevalidationToken(): string {
  const holder = globalThis as Holder
  holder[tokenKey] ??= randomBytes(32).toString('hex')
  return holder[tokenKey]
}

/** What this server asks its own /api/revalidate: some tags expired, or every page. */
export type InternalRevalidation = {tags: string[]} | {everything: true}

/**
 * revalidateTag() needs a request scope, which a file watcher, a timer or start-up does not have, so
 * they ask this server's own /api/revalidate. Undefined outside a Next server, or before it has a port.
 */
export function revalidateThroughServer(body: InternalRevalidation): Promise<Response> | undefined {
  const port = process.env.PORT
  if (!process.env.NEXT_RUNTIME || !port) return undefined
  // npm start knows where it listens (a container's HOSTNAME is not loopback); next start listens on every interface
  const origin = frontServer()?.origin ?? `http://127.0.0.1:${port}`
  return fetch(`${origin}/api/revalidate`, {
    method: 'POST',
    headers: {'content-type': 'application/json', 'x-broadsheet-revalidate': internalRevalidationToken()},
    body: JSON.stringify(body),
  })
}

/**
 * Expires the tags again a moment after they were expired: a page regenerating from the old data when
 * the first expiry landed would otherwise be stored as fresh.
 */
export async function expireAgainLater(tags: string[], label: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, REVALIDATE_AGAIN_MS).unref())
  try {
    const response = await revalidateThroughServer({tags})
    if (response) console.log(`[${label}] revalidated ${tags.join(', ')} (follow-up, ${response.status})`)
  } catch (error) {
    console.error(`[${label}] follow-up revalidation failed: ${(error as Error).message}`)
  }
}
