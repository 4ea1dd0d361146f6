// @ts-check
/**
 * Next's error shells, which only its runtime fills in, replaced on their way out: a 404 with the site's 404 page
 * (vercel/next.js#62228), a page Next could not render at all with a self-contained 503 to come back to.
 */
import {addVary} from './encoding.mjs'
import {RETRY_AFTER_SECONDS, UNAVAILABLE_PAGE} from './unavailable-page.mjs'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {{body: Buffer, encoding: import('./encoding.mjs').Encoding | undefined}} NotFoundPage the site's 404 page, as this server sends it */
/** @typedef {(encoding: import('./encoding.mjs').Encoding | undefined) => Promise<NotFoundPage>} NotFoundPageSource */
/** @typedef {(body?: Buffer, callback?: () => void) => void} End sends the head, then `body`, and ends */

export const ERROR_SHELL = /^(<!DOCTYPE html>)?<html id="__next_error__"/i

/** The self-contained 503 page in place of Next's error shell: come back in a moment. @param {Response} res @param {{policy: string, end: End, callback?: () => void}} options */
export function sendUnavailable(res, {policy, end, callback}) {
  const page = Buffer.from(UNAVAILABLE_PAGE)
  res.statusCode = 503
  for (const name of ['etag', 'content-encoding', 'x-nextjs-cache']) res.removeHeader(name)
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Content-Security-Policy', policy)
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
  res.setHeader('Content-Length', page.length)
  end(page, callback)
}

/**
 * The site's 404 page in place of Next's error shell; the shell itself, and a log line, should the page fail.
 * @param {Response} res
 * @param {{policy: string, encoding: import('./encoding.mjs').Encoding | undefined, source: NotFoundPageSource, shell: Buffer, end: End, callback?: () => void}} options
 * @returns {Promise<void>}
 */
export function sendNotFoundPage(res, {policy, encoding, source, shell, end, callback}) {
  /** @param {() => void} send */
  const finish = (send) => {
    // the client may have gone meanwhile
    if (res.headersSent || res.destroyed) return
    try {
      send()
    } catch (error) {
      console.error(`[start] could not send the 404 page: ${/** @type {Error} */ (error).message}`)
      res.destroy()
    }
  }
  return source(encoding).then(
    (page) =>
      finish(() => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.setHeader('Content-Security-Policy', policy)
        // the shell's validator does not describe this body
        res.removeHeader('etag')
        if (page.encoding) res.setHeader('Content-Encoding', page.encoding)
        else res.removeHeader('content-encoding')
        addVary(res, 'Accept-Encoding')
        res.setHeader('Content-Length', page.body.length)
        end(page.body, callback)
      }),
    (/** @type {Error} */ error) =>
      finish(() => {
        console.error(`[start] the 404 page could not be had, so this 404 needs JavaScript to show: ${error.message}`)
        res.setHeader('Content-Length', shell.length)
        end(shell, callback)
      }),
  )
}
