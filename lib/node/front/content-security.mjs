// @ts-check
/** Content-Security-Policy for each class of route; next.config.js headers() and the start server share them. */

/** @param {string[]} directives */
const policy = (directives) => directives.join('; ')

/** @param {{hosted: boolean}} options */
const images = ({hosted}) => `img-src 'self' data: blob:${hosted ? ' https://cdn.sanity.io' : ''}`

/**
 * Reader pages as Next renders them (plain `next start`, `next dev`): only this origin's scripts, styles,
 * fonts and connections. Inline scripts stay allowed: Next inlines its bootstrap and the RSC payload per page,
 * and a nonce would force every page to render per request instead of from the ISR cache. `npm start` takes
 * the scripts out and sends scriptFreePolicy instead (lib/node/front/reader-response.mjs).
 * @param {{production: boolean, hosted: boolean}} options
 */
export const readerPolicy = ({production, hosted}) =>
  policy([
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${production ? '' : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    images({hosted}),
    "font-src 'self'",
    `connect-src 'self'${production ? '' : ' ws: wss:'}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    "form-action 'self'",
  ])

/**
 * A reader page with its scripts taken out: nothing may run, fetch or be framed. Styles keep 'unsafe-inline'
 * for the style attributes next/image writes (`color:transparent`, the image box).
 * @param {{hosted: boolean}} options
 */
export const scriptFreePolicy = ({hosted}) =>
  policy([
    "default-src 'none'",
    "script-src 'none'",
    "style-src 'self' 'unsafe-inline'",
    images({hosted}),
    "font-src 'self'",
    // no script runs, but the browser itself fetches from the page's origin (crawlers' tools read robots.txt this way)
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    "form-action 'self'",
  ])

/**
 * Who may frame a page: nobody, except the Studio's Presentation tool (same origin) in draft mode, on the
 * draft-mode routes and in the Studio. Those keep every script they need.
 * @param {string} ancestors
 */
export const framingPolicy = (ancestors) =>
  policy([`frame-ancestors ${ancestors}`, "base-uri 'self'", "object-src 'none'", "form-action 'self'"])
