// @ts-check
/**
 * Whether this process serves Next behind `npm start`'s front, and the origin it reaches itself at. Set by
 * lib/node/cli/start.mjs; read by next.config.js (Next's own compression goes off: the front compresses after its
 * filter) and lib/site/revalidation/internal.ts (the server's calls to itself). Kept on the global object, which
 * Next's bundle and plain Node share.
 */
import dns from 'node:dns/promises'
import net from 'node:net'

const KEY = Symbol.for('broadsheet.frontServer')

/** @typedef {{origin?: string}} FrontServer */
/** @type {{[KEY]?: FrontServer}} */
const holder = /** @type {any} */ (globalThis)

/** Called before Next loads its config: this process runs the front. */
export const markFrontServer = () => (holder[KEY] ??= {})

/** The front of this process, if it runs one. @returns {FrontServer | undefined} */
export const frontServer = () => holder[KEY]

/**
 * The one address `npm start` listens at, for the site and the health probe alike: `hostname` looked up once (a name
 * may have several addresses; listen takes the first, and so does this) and tried by listening there on an ephemeral
 * port. Rejects naming `source` (`-H …` or `HOSTNAME=…`), the setting at fault, when the name does not resolve or is
 * no address of this machine: not the health probe's port, which would otherwise be the first to fail.
 * @param {string} hostname @param {string} source @returns {Promise<string>}
 */
export async function listenAddress(hostname, source) {
  try {
    const {address} = await dns.lookup(hostname)
    // dns.lookup('') answers null (deprecated) where listen would take every address
    if (!address) throw new Error('no address')
    const trial = net.createServer()
    await new Promise((resolve, reject) => trial.once('error', reject).listen(0, address, () => resolve(undefined)))
    await new Promise((resolve) => trial.close(resolve))
    return address
  } catch (error) {
    throw new Error(`${source}: this machine cannot listen at ${hostname}: ${/** @type {Error} */ (error).message}`)
  }
}

/** `address` as the host of a URL or a log line: an IPv6 address in brackets. @param {string} address */
export const urlHost = (address) => (address.includes(':') ? `[${address}]` : address)

/**
 * Where a server listening at `address` reaches itself: the address it listens on (a container's HOSTNAME
 * resolves to its own interface, not to loopback), or loopback for a wildcard. Undefined for an IPv6 address with a
 * zone id (`fe80::1%eth0`): URLs as Node parses them (WHATWG) cannot hold one, not even as `%25`, so such a server
 * is reached through a loopback door (openLoopbackDoor).
 * @param {import('node:net').AddressInfo} address @returns {string | undefined}
 */
export function selfOrigin({address, family, port}) {
  if (address === '0.0.0.0') return `http://127.0.0.1:${port}`
  if (address === '::') return `http://[::1]:${port}`
  if (family !== 'IPv6') return `http://${address}:${port}`
  return address.includes('%') ? undefined : `http://${urlHost(address)}:${port}`
}

/**
 * A second way into `server`, on an ephemeral loopback port, for its calls to itself when its own address cannot be
 * written in a URL: connections there are handed to `server` as its own. Closed when `server.close()` is called (the
 * start of a shutdown: no new connection either way), not only once the server's last connection is done.
 * @param {import('node:http').Server} server @returns {Promise<string>} the door's origin
 */
export function openLoopbackDoor(server) {
  const door = net.createServer((socket) => server.emit('connection', socket))
  const closeDoor = () => void (door.listening && door.close())
  // Node's server says 'close' only once every connection is done, and has no event for the call itself: wrapped
  const close = server.close.bind(server)
  server.close = (callback) => (closeDoor(), close(callback))
  server.once('close', closeDoor)
  return new Promise((resolve, reject) => {
    door.once('error', reject)
    door.listen(0, '127.0.0.1', () => {
      door.off('error', reject)
      resolve(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (door.address()).port}`)
    })
  })
}

/**
 * Records where `server` reaches itself, once it listens (through a loopback door where its address fits no URL).
 * @param {import('node:http').Server} server @returns {Promise<string>}
 */
export async function setSelfOrigin(server) {
  const origin = selfOrigin(/** @type {import('node:net').AddressInfo} */ (server.address())) ?? (await openLoopbackDoor(server))
  return (markFrontServer().origin = origin)
}
