import 'server-only'
import {defineEnableDraftMode} from 'next-sanity/draft-mode'
import {perspectiveCookieName} from '@sanity/preview-url-secret/constants'
import {cookies, draftMode} from 'next/headers'
import {env} from './env'
import {hostedClient} from './content/hosted'
import {safeRedirectPath} from './safe-redirect'
import {secretsMatch} from './secrets'
import {lakeClient, lakeSession, type LakeSession} from '../offline/lake/local-lake'

const text = (status: number, body: string) =>
  new Response(body, {status, headers: {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'}})

// Hosted: the Studio's preview-URL secret, checked against the Content Lake by next-sanity.
const hostedEnable =
  env.mode === 'hosted' && env.readToken
    ? defineEnableDraftMode({client: hostedClient(env).withConfig({token: env.readToken, useCdn: false})})
    : undefined

let lakeEnabler: ReturnType<typeof defineEnableDraftMode> | undefined
const lakeEnable = (session: LakeSession) => (lakeEnabler ??= defineEnableDraftMode({client: lakeClient(session)}))

/**
 * Turns draft mode on and sends the editor to the page being previewed. Embedded mode checks
 * SANITY_PREVIEW_SECRET; hosted mode checks the Studio's preview-URL secret.
 */
export async function enableDraftMode(request: Request): Promise<Response> {
  const url = new URL(request.url)
  const target = url.searchParams.get('sanity-preview-pathname') ?? url.searchParams.get('redirect')
  const redirectTo = safeRedirectPath(target, url.origin)
  if (!redirectTo) return text(400, 'Refused: the redirect target must be a path on this site.')

  if (env.mode === 'hosted') {
    if (!hostedEnable) return text(403, 'Preview is not configured: set SANITY_API_READ_TOKEN.')
    return hostedEnable.GET(request)
  }
  const given = url.searchParams.get('secret') ?? url.searchParams.get('sanity-preview-secret')
  // the Presentation tool's secret, written to the local Content Lake: checked there, as hosted mode does
  const lake = lakeSession()
  if (lake && url.searchParams.has('sanity-preview-secret') && !secretsMatch(given, env.previewSecret ?? '')) {
    return lakeEnable(lake).GET(request)
  }
  if (!env.previewSecret) {
    return text(
      403,
      process.env.NODE_ENV === 'production'
        ? 'Preview is not configured: set SANITY_PREVIEW_SECRET (16+ characters) on the server.'
        : 'Preview is not configured: start the site with `npm run dev`, which creates a secret, or set SANITY_PREVIEW_SECRET.',
    )
  }
  if (!secretsMatch(given, env.previewSecret)) return text(401, 'Invalid preview secret.')
  ;(await draftMode()).enable()
  return new Response(null, {status: 307, headers: {Location: redirectTo, 'Cache-Control': 'no-store'}})
}

/** Turns draft mode off and returns to the page the editor was on (same-origin only). */
export async function disableDraftMode(request: Request): Promise<Response> {
  const url = new URL(request.url)
  const redirectTo = safeRedirectPath(url.searchParams.get('redirect') ?? refererPath(request), url.origin) ?? '/'
  ;(await draftMode()).disable()
  // a later preview starts on drafts, whatever the Presentation tool's switch said last
  ;(await cookies()).delete(perspectiveCookieName)
  return new Response(null, {status: 307, headers: {Location: redirectTo, 'Cache-Control': 'no-store'}})
}

/** The page the exit link was clicked on, if it is on this host (request.url may name another alias). */
function refererPath(request: Request): string | null {
  try {
    const referer = new URL(request.headers.get('referer') ?? '')
    return referer.host === request.headers.get('host') ? referer.pathname : null
  } catch {
    return null
  }
}
