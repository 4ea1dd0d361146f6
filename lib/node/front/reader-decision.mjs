// @ts-check
/**
 * Which requests the front in `npm start` takes, and which responses are reader pages (scripts out, the script-free
 * policy). Decided from what Next answered and what this server knows (the build's draft-mode id), never from what
 * the client claims: a bogus draft cookie, `?_rsc=` or a router header gets the same script-free page as anyone.
 */
import {timingSafeEqual} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {createLogOnce} from './log-once.mjs'

/** Next's draft-mode cookie; its value is the build's preview id (prerender-manifest.json). */
export const DRAFT_COOKIE = '__prerender_bypass'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/**
 * Requests the front takes: GET and HEAD for anything but Next's own files, the API, the Studio and the embedded
 * images (those go to Next behind the `compression` middleware, unchanged).
 * @param {Request} req
 */
export function isFrontRequest(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  return !/^\/(_next|api|studio|media)(\/|$)/.test(routedPath(req.url))
}

/**
 * The path as Next routes it: WHATWG URL parsing resolves `..` and `%2e%2e`, so `/api/%2e%2e/articles/x` is the
 * article page, and must be decided as one.
 * @param {string | undefined} url
 */
export function routedPath(url) {
  try {
    return new URL(url ?? '/', 'http://front.invalid').pathname
  } catch {
    return url ?? '/'
  }
}

/** @param {string | undefined} header @param {string} name the cookie's value, by hand: one name, no decoding needed */
const cookieValue = (header, name) =>
  (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1)

/**
 * Requests whose answer may differ from a reader's at the same URL (Next's router, a draft-mode cookie): the
 * micro-cache neither serves nor keeps them. A cache-key decision only: what they get is still decided below.
 * @param {Request} req
 */
export function variesBeyondUrl(req) {
  const h = req.headers
  if (h.rsc || h['next-router-prefetch'] || h['next-router-state-tree'] || h['next-router-segment-prefetch']) return true
  return /[?&]_rsc=/.test(req.url ?? '') || cookieValue(h.cookie, DRAFT_COOKIE) !== undefined
}

/** The build's draft-mode id, as Next reads it. @param {string} distDir absolute */
export function readPreviewModeId(distDir) {
  const manifest = path.join(distDir, 'prerender-manifest.json')
  const id = JSON.parse(fs.readFileSync(manifest, 'utf8'))?.preview?.previewModeId
  if (typeof id !== 'string' || !id) throw new Error(`${manifest} names no preview id: build again with \`npm run build\``)
  return id
}

/** How long a preview id that could not be read stays unread before the next request tries again. */
const RETRY_MS = 5_000

/**
 * The preview id the running Next server checks draft-mode cookies against, for proxy.ts: under `next dev` the one
 * the dev server wrote at its start (`<distDir>/dev/server/preview-props.json`, random per start, read per request),
 * else the build's. An id that cannot be read is logged once per cause and read again `RETRY_MS` later; meanwhile
 * there is none, so no cookie matches and the strict policy stays (fail closed).
 * @param {{distDir: string, development: boolean, log?: (line: string) => void, now?: () => number}} options distDir absolute
 * @returns {() => string | undefined}
 */
export function createPreviewIdSource({distDir, development, log = console.error, now = Date.now}) {
  const logOnce = createLogOnce(log)
  /** @type {string | undefined} */
  let known
  let retryAt = 0
  const read = () => (development ? readDevPreviewModeId(path.join(distDir, 'dev')) : (known ??= readPreviewModeId(distDir)))
  return () => {
    if (known !== undefined || now() < retryAt) return known
    try {
      return read()
    } catch (error) {
      retryAt = now() + RETRY_MS
      const cause = error instanceof Error ? error : new Error(String(error))
      logOnce(cause, `draft mode: cannot read the preview id (${cause.message}); draft pages keep the strict policy`)
      return undefined
    }
  }
}

/** The id `next dev` wrote at its start. @param {string} devDistDir absolute, `<distDir>/dev` */
function readDevPreviewModeId(devDistDir) {
  const props = path.join(devDistDir, 'server', 'preview-props.json')
  const id = JSON.parse(fs.readFileSync(props, 'utf8'))?.previewModeId
  if (typeof id !== 'string' || !id) throw new Error(`${props} names no preview id`)
  return id
}

/**
 * Whether a request is in draft mode, checked as Next checks it (the cookie's value is the build's preview id),
 * in constant time.
 * @param {string} previewModeId @returns {(req: {headers: {cookie?: string}}) => boolean} a Node request, or anything with its cookie header
 */
export function createDraftCheck(previewModeId) {
  const expected = Buffer.from(previewModeId)
  return (req) => {
    const value = Buffer.from(cookieValue(req.headers.cookie, DRAFT_COOKIE) ?? '')
    return value.length === expected.length && timingSafeEqual(value, expected)
  }
}

/** Whether Next said no shared cache may keep this response (draft mode and dynamic pages). @param {Response} res */
export const isPrivate = (res) => /\b(private|no-store)\b/i.test(String(res.getHeader('cache-control') ?? ''))

/**
 * Whether an HTML page keeps its scripts: only a draft-mode request's private answer (Visual Editing needs the
 * runtime). Every other page, and any page a shared cache may keep, leaves script-free.
 * @param {{draft: boolean, res: Response}} options
 */
export const keepsScripts = ({draft, res}) => draft && isPrivate(res)

/** Whether Next answered from memory (its ISR cache): such a body is had whole at once, so it is taken whole. @param {Response} res */
export const servedFromCache = (res) => ['HIT', 'STALE'].includes(String(res.getHeader('x-nextjs-cache') ?? ''))
