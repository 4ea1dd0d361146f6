// @ts-check
/**
 * What `npm start` does with a request before Next sees it: a request the front takes is answered from the
 * micro-cache, or handed to Next with its response rewritten on the way out (reader-response.mjs). HEAD and
 * conditional requests reach Next as plain GETs, so GET, HEAD and 304 are one response: the same headers, the same
 * validator, the same length.
 */
import {randomBytes} from 'node:crypto'
import {createEncodedMemo} from './encoded-memo.mjs'
import {negotiateEncoding} from './encoding.mjs'
import {createLogOnce} from './log-once.mjs'
import {createDraftCheck, isFrontRequest, variesBeyondUrl} from './reader-decision.mjs'
import {rewriteReaderResponse} from './reader-response.mjs'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/** The header on this server's own request for its 404 page. */
export const NOT_FOUND_PAGE_REQUEST = 'x-broadsheet-not-found-page'
/** Its value: this process's secret, so a client sending the header cannot get Next's scripted 404 shell. */
export const NOT_FOUND_PAGE_TOKEN = randomBytes(24).toString('base64url')

/**
 * @param {{policy: string, previewModeId: string, microCache?: import('./micro-cache.mjs').MicroCache, memo?: import('./encoded-memo.mjs').EncodedMemo, notFoundPage?: import('./error-pages.mjs').NotFoundPageSource, log?: (line: string) => void}} options log: where compression failures are told, once per cause
 * @returns {(req: Request, res: Response) => boolean} true when the response has been sent already
 */
export function createReaderFront({policy, previewModeId, microCache, memo = createEncodedMemo(), notFoundPage, log = console.error}) {
  const isDraft = createDraftCheck(previewModeId)
  const logOnce = createLogOnce(log)
  return (req, res) => {
    if (!isFrontRequest(req)) return false
    const url = req.url ?? '/'
    const encoding = negotiateEncoding(req)
    const cache = microCache && !variesBeyondUrl(req) ? microCache : undefined
    const key = cache?.key(req, encoding)
    if (cache && key && cache.serve(key, req, res)) return true
    const since = cache?.generation() ?? 0
    // Next answers the plain GET; the head, the 304 and the body are settled here, from that one answer
    const conditional = {'if-none-match': req.headers['if-none-match'], 'cache-control': req.headers['cache-control']}
    delete req.headers['if-none-match']
    delete req.headers['accept-encoding']
    // Node already knows this response has no body (it read the method when it made `res`)
    if (req.method === 'HEAD') req.method = 'GET'
    rewriteReaderResponse(req, res, {
      policy,
      encoding,
      draft: isDraft(req),
      url,
      conditional,
      memo,
      logOnce,
      keep: cache && key ? (body) => cache.keep(key, req, res, body, since) : undefined,
      // the request for the 404 page itself never asks for the 404 page again
      notFoundPage: req.headers[NOT_FOUND_PAGE_REQUEST] === NOT_FOUND_PAGE_TOKEN ? undefined : notFoundPage,
    })
    return false
  }
}
