import {NextResponse, type NextRequest} from 'next/server'

/**
 * Next 16 answers a path it cannot percent-decode (`/articles/%E2%80`) with a bare 500: its 400 page exists
 * only in the Pages Router. Such a path names nothing here, so it gets the site's own 404 page instead.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname)
    return NextResponse.next()
  } catch {
    // the catch-all route renders the site's not-found page, with a 404 status
    return NextResponse.rewrite(new URL('/not-found', request.url))
  }
}

// only paths with a percent sign can be malformed; every other request skips the proxy
export const config = {matcher: '/(.*%.*)'}
