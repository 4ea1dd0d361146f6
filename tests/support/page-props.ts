/**
 * The props Next passes a page or a route handler: its params as Next hands them, percent-encoded (a
 * lone surrogate, which no URL can carry, arrives as U+FFFD), and the search params.
 */
export function pageProps<P extends Record<string, string>>(params: P, searchParams: Record<string, string | string[] | undefined> = {}) {
  const encoded = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, encodeURIComponent(value.toWellFormed())])) as P
  return {params: Promise.resolve(encoded), searchParams: Promise.resolve(searchParams)}
}
