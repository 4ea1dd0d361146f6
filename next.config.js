// @ts-check
const path = require('node:path')
/** @type {(phase: string) => Promise<import('next').NextConfig>} */
const baseHeaders = (production) => [
  {key: 'X-Content-Type-Options', value: 'nosniff'},
  {key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin'},
  {key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'},
  ...(production ? [{key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload'}] : []),
]

/** Who may frame a page: nobody, except the Studio's Presentation tool (same origin) in draft mode. */
const framing = (ancestors) => ({
  key: 'Content-Security-Policy',
  value: `frame-ancestors ${ancestors}; base-uri 'self'; object-src 'none'; form-action 'self'`,
})

/**
 * Reader pages: only this origin's scripts, styles, fonts and connections; images from here (and the
 * Sanity CDN in hosted mode). Inline scripts stay allowed: Next inlines its bootstrap and the RSC payload
 * per page, and a nonce would force every page to render per request instead of from the ISR cache
 * (BENCHMARKS.md, security headers). Draft mode and the Studio get only the framing rule above.
 */
const readerPolicy = ({production, hosted}) => ({
  key: 'Content-Security-Policy',
  value: [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${production ? '' : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${hosted ? ' https://cdn.sanity.io' : ''}`,
    "font-src 'self'",
    `connect-src 'self'${production ? '' : ' ws: wss:'}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    "form-action 'self'",
  ].join('; '),
})

module.exports = async (phase) => {
  // Stop at startup, naming the variable, rather than failing on the first request.
  const {readEnv} = await import('./lib/env-schema.mjs')
  const {cacheSettings} = await import('./lib/cache/config.mjs')
  const env = readEnv()
  // tests give each production server its own copy of the build, so regenerated pages never leak between them
  const distDir = process.env.BROADSHEET_DIST_DIR || '.next'
  return {
    reactStrictMode: true,
    distDir,
    // REDIS_URL: replicas share one cache (README: "Running more than one server"); unset, Next's own cache
    ...cacheSettings(env, phase, path.resolve(__dirname, distDir)),
    async headers() {
      const production = process.env.NODE_ENV === 'production'
      const draftCookie = [{type: 'cookie', key: '__prerender_bypass'}]
      return [
        {source: '/:path*', headers: [...baseHeaders(production), readerPolicy({production, hosted: env.mode === 'hosted'})]},
        {source: '/:path*', has: draftCookie, headers: [framing("'self'")]},
        {source: '/api/draft-mode/:path*', headers: [framing("'self'")]},
        {source: '/studio/:path*', headers: [framing("'self'"), {key: 'X-Frame-Options', value: 'SAMEORIGIN'}]},
      ]
    },
    poweredByHeader: false,
    images: {
      // Hosted images are resized by Sanity's CDN; embedded ones by Next's own optimizer.
      ...(env.mode === 'hosted' ? {loader: 'custom', loaderFile: './lib/image-loader.ts'} : {}),
      localPatterns: [{pathname: '/media/**'}],
      remotePatterns: [{protocol: 'https', hostname: 'cdn.sanity.io'}],
      formats: ['image/avif', 'image/webp'],
    },
  }
}
