// @ts-check
/** The 304 this layer sends, from a kept response or from the one Next just gave: the same headers either way. */
import fresh from 'fresh'

/** @typedef {import('node:http').OutgoingHttpHeaders} Headers */

/** What a 304 carries (RFC 9110 §15.4.5), and the policy. */
const NOT_MODIFIED = ['cache-control', 'content-location', 'etag', 'expires', 'vary', 'content-security-policy']

/** The headers of a 304 for a response with `headers`. @param {Headers} headers @returns {Headers} */
export const notModifiedHeaders = (headers) =>
  Object.fromEntries(NOT_MODIFIED.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]))

/**
 * Whether the client holds this response: `If-None-Match` against its ETag, with the `fresh` package (weak
 * comparison; a request's `Cache-Control: no-cache` asks for the whole response).
 * @param {import('node:http').IncomingHttpHeaders} requestHeaders @param {Headers} headers
 */
export const clientHolds = (requestHeaders, headers) =>
  requestHeaders['if-none-match'] !== undefined && typeof headers.etag === 'string' && fresh(requestHeaders, {etag: headers.etag})
