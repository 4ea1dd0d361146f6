import {env} from '../../site/env'
import {lakeSession} from './local-lake'

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i

const json = (status: number, body: unknown) =>
  Response.json(body, {status, headers: {'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex'}})

/**
 * Hands the Studio in this browser the local lake's address and token. Answers only on a loopback
 * host name (a page that rebinds its own name to 127.0.0.1 is refused) and only to same-origin fetches.
 */
export function localLakeSessionResponse(request: Request): Response {
  if (!LOOPBACK_HOST.test(request.headers.get('host') ?? '')) {
    return json(403, {error: 'The local Content Lake is only offered on localhost.'})
  }
  const site = request.headers.get('sec-fetch-site')
  if (site && site !== 'same-origin') return json(403, {error: 'Refused: not a same-origin request.'})
  const session = lakeSession()
  if (!session) {
    return json(404, {
      error:
        env.mode === 'hosted'
          ? 'This site uses a hosted Sanity project; the Studio talks to it directly.'
          : env.localLake.enabled
            ? `The local Content Lake did not start (is port ${env.localLake.port} free?). See the server log.`
            : 'The local Content Lake is off. Run `npm run dev`, or start the production server with BROADSHEET_LOCAL_LAKE=1.',
    })
  }
  return json(200, session)
}
