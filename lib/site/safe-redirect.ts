/** Where `/api/draft-mode/*` may send the browser: a path on this site, never another origin. */
export function safeRedirectPath(target: string | null | undefined, origin: string): string | null {
  if (!target) return '/'
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return null
  try {
    const url = new URL(target, origin)
    if (url.origin !== new URL(origin).origin) return null
    if (url.pathname.startsWith('/api/')) return null
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return null
  }
}
