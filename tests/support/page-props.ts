type SearchParams = Record<string, string | string[] | undefined>

/**
 * The props Next 16 passes a page component: its params percent-encoded (a lone surrogate, which no URL
 * can carry, arrives as U+FFFD), and the search params.
 */
export function pageProps<P extends Record<string, string>>(params: P, searchParams: SearchParams = {}) {
  const encoded = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, encodeURIComponent(value.toWellFormed())])) as P
  return {params: Promise.resolve(encoded), searchParams: Promise.resolve(searchParams)}
}

/** What Next 16 passes generateMetadata, a route handler or an image route: the params decoded. */
export function decodedProps<P extends Record<string, string>>(params: P, searchParams: SearchParams = {}) {
  return {params: Promise.resolve(params), searchParams: Promise.resolve(searchParams)}
}
