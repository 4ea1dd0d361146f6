// @ts-check
/**
 * Whether this process serves Next behind `npm start`'s front, and the origin it reaches itself at. Set by
 * lib/node/cli/start.mjs; read by next.config.js (Next's own compression goes off: the front compresses after its
 * filter) and lib/site/revalidation/internal.ts (the server's calls to itself). Kept on the global object, which
 * Next's bundle and plain Node share.
 */
const KEY = Symbol.for('broadsheet.frontServer')

/** @typedef {{origin?: string}} FrontServer */
/** @type {{[KEY]?: FrontServer}} */
const holder = /** @type {any} */ (globalThis)

/** Called before Next loads its config: this process runs the front. */
export const markFrontServer = () => (holder[KEY] ??= {})

/** The front of this process, if it runs one. @returns {FrontServer | undefined} */
export const frontServer = () => holder[KEY]

/**
 * Where a server listening at `address` reaches itself: the address it listens on (a container's HOSTNAME
 * resolves to its own interface, not to loopback), or loopback for a wildcard.
 * @param {import('node:net').AddressInfo} address
 */
export function selfOrigin({address, family, port}) {
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address
  return `http://${family === 'IPv6' ? `[${host}]` : host}:${port}`
}

/** Records where this server reaches itself, once it listens. @param {import('node:net').AddressInfo} address */
export const setSelfOrigin = (address) => (markFrontServer().origin = selfOrigin(address))
