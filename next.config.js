// @ts-check
const path = require('node:path')
/** @param {boolean} production */
const baseHeaders = (production) => [
  {key: 'X-Content-Type-Options', value: 'nosniff'},
  {key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin'},
  {key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'},
  ...(production ? [{key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload'}] : []),
]

/** @type {(phase: string) => Promise<import('next').NextConfig>} */
module.exports = async (phase) => {
  // Stop at startup, naming the variable, rather than failing on the first request.
  const {readEnv} = await import('./lib/node/env-schema.mjs')
  const {cacheSettings} = await import('./lib/node/cache/config.mjs')
  // one home for the policies: `npm start` (lib/node/cli/start.mjs) swaps in the script-free one where it took the scripts out
  const {framingPolicy, readerPolicy} = await import('./lib/node/front/content-security.mjs')
  const {frontServer} = await import('./lib/node/front/front-server.mjs')
  /** @param {string} value */
  const csp = (value) => ({key: 'Content-Security-Policy', value})
  const env = readEnv()
  // tests give each production server its own copy of the build, so regenerated pages never leak between them
  const distDir = env.distDir
  return {
    reactStrictMode: true,
    distDir,
    // REDIS_URL: replicas share one cache (README: "Running more than one server"); unset, Next's own cache
    ...cacheSettings(env, phase, path.resolve(__dirname, distDir)),
    async headers() {
      const production = process.env.NODE_ENV === 'production'
      return [
        {source: '/:path*', headers: [...baseHeaders(production), csp(readerPolicy({production, hosted: env.mode === 'hosted'}))]},
        // the preview routes and the Studio keep every script they need; only framing is limited. Draft mode's pages
        // get the same from proxy.ts, which checks the cookie's value: a rule here could only check its presence
        {source: '/api/draft-mode/:path*', headers: [csp(framingPolicy("'self'"))]},
        {source: '/studio/:path*', headers: [csp(framingPolicy("'self'")), {key: 'X-Frame-Options', value: 'SAMEORIGIN'}]},
      ]
    },
    poweredByHeader: false,
    // under `npm start` the front compresses, after its script filter (Next's compression would also swallow res.flush)
    compress: !frontServer(),
    // off only when asked (BROADSHEET_BUILD_TYPECHECK=0): `npm test` has just type-checked the same program
    typescript: {ignoreBuildErrors: !env.buildTypecheck},
    images: {
      // Hosted images are resized by Sanity's CDN; embedded ones are cut by /media, then resized by Next's optimizer.
      ...(env.mode === 'hosted' ? {loader: 'custom', loaderFile: './lib/site/image-loader.ts'} : {}),
      // no `search`: any query string passes, for it carries the crop (rect=…); /media checks every parameter itself
      localPatterns: [{pathname: '/media/**'}],
      remotePatterns: [{protocol: 'https', hostname: 'cdn.sanity.io'}],
      formats: ['image/avif', 'image/webp'],
    },
  }
}
