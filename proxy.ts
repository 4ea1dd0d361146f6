import path from 'node:path'
import {NextResponse, type NextRequest} from 'next/server'
import {framingPolicy} from './lib/node/front/content-security.mjs'
import {createDraftCheck, createPreviewIdSource, DRAFT_COOKIE} from './lib/node/front/reader-decision.mjs'
import {env} from './lib/site/env'

/** The preview id Next checks draft-mode cookies against: `next dev`'s own (random per start), else the build's. */
const previewModeId = createPreviewIdSource({
  distDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.distDir),
  development: process.env.NODE_ENV === 'development',
})

/**
 * Draft mode's pages are framed by the Studio's Presentation tool, so they get the framing policy (next.config.js gives
 * every page the strict one) — only when the draft-mode cookie is the running server's: a bogus one, under plain
 * `next start` as under `npm start` or `npm run dev`, keeps the strict policy, which a shared cache may then keep for
 * everyone. So does every cookie while the id cannot be read (logged, and read again a few seconds later).
 */
function draftModePolicy(request: NextRequest) {
  const id = previewModeId()
  if (id === undefined || !createDraftCheck(id)({headers: {cookie: request.headers.get('cookie') ?? undefined}})) {
    return NextResponse.next()
  }
  const response = NextResponse.next()
  response.headers.set('Content-Security-Policy', framingPolicy("'self'"))
  return response
}

/**
 * Next 16 answers a path it cannot percent-decode (`/articles/%E2%80`) with a bare 500: its 400 page exists
 * only in the Pages Router. Such a path names nothing here, so it gets the site's own 404 page instead.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname)
  } catch {
    // the catch-all route renders the site's not-found page, with a 404 status
    return NextResponse.rewrite(new URL('/not-found', request.url))
  }
  return request.cookies.has(DRAFT_COOKIE) ? draftModePolicy(request) : NextResponse.next()
}

export const config = {
  matcher: [
    // only paths with a percent sign can be malformed
    '/(.*%.*)',
    // pages asked for with a draft-mode cookie (a reader's request carries none, and skips the proxy); a literal, for
    // Next reads this config without running it
    {source: '/((?!_next/|api/|studio|media/).*)', has: [{type: 'cookie', key: '__prerender_bypass'}]},
  ],
}
