// Where `npm start` listens and reaches itself (lib/node/front/front-server.mjs), for every address Node can listen on: a URL
// that Node's own URL parser takes, or, where none can be written, a loopback door into the same server.
import dns from 'node:dns/promises'
import http from 'node:http'
import net, {type AddressInfo} from 'node:net'
import {listenAddress, openLoopbackDoor, selfOrigin} from '@/lib/node/front/front-server.mjs'

const at = (address: string, family: 'IPv4' | 'IPv6'): AddressInfo => ({address, family, port: 3000})

describe('the self origin', () => {
  it.each([
    ['an IPv4 address', at('10.0.0.7', 'IPv4'), 'http://10.0.0.7:3000'],
    ['the IPv4 wildcard, through loopback', at('0.0.0.0', 'IPv4'), 'http://127.0.0.1:3000'],
    ['an IPv6 address, bracketed', at('2001:db8::7', 'IPv6'), 'http://[2001:db8::7]:3000'],
    ['the IPv6 wildcard, through loopback', at('::', 'IPv6'), 'http://[::1]:3000'],
    ['a link-local IPv6 address without a zone', at('fe80::1', 'IPv6'), 'http://[fe80::1]:3000'],
  ])('is a valid URL for %s', (_, address, origin) => {
    expect(selfOrigin(address)).toBe(origin)
    expect(new URL('/api/revalidate', selfOrigin(address)).port).toBe('3000')
  })

  it('is none for an IPv6 address with a zone id, which no URL Node parses can hold (the server opens a loopback door)', () => {
    // neither form parses: WHATWG URLs have no zone ids
    expect(() => new URL('http://[fe80::1%25eth0]:3000/')).toThrow()
    expect(() => new URL('http://[fe80::1%eth0]:3000/')).toThrow()
    expect(selfOrigin(at('fe80::1%eth0', 'IPv6'))).toBeUndefined()
  })
})

/** What a new connection gets: connected, or the error code. */
const connect = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve('connected')))
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })

describe('the loopback door', () => {
  it("hands its connections to the server as the server's own, and closes with it", async () => {
    const server = http.createServer((req, res) => res.end(`served ${req.url}`))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const door = await openLoopbackDoor(server)
    expect(new URL(door).port).not.toBe(String((server.address() as AddressInfo).port))
    const response = await fetch(`${door}/api/revalidate`, {headers: {connection: 'close'}})
    expect(await response.text()).toBe('served /api/revalidate')
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await expect(fetch(door)).rejects.toThrow()
  })

  it('closes as the shutdown starts, while a response is still in flight, and keeps no listener of its own opening', async () => {
    let finish!: () => void
    const server = http.createServer((_req, res) => {
      res.write('first part;')
      finish = () => res.end('last part')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const door = await openLoopbackDoor(server)
    // through the server's own port: a connection the server counts, so its 'close' waits for it
    const inFlight = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`)
    const closed = new Promise((resolve) => server.close(resolve))
    // the server waits for the response in flight; the door is shut already
    expect(await connect(Number(new URL(door).port))).toBe('ECONNREFUSED')
    finish()
    expect(await inFlight.text()).toBe('first part;last part')
    server.closeAllConnections()
    await closed
  })
})

describe('the listen address', () => {
  it('is the name looked up once, and the address as it is', async () => {
    // what this machine's resolver says first (127.0.0.1 or ::1), as listen itself would take it
    expect(await listenAddress('localhost', 'HOSTNAME=localhost')).toBe((await dns.lookup('localhost')).address)
    await expect(listenAddress('', 'HOSTNAME=')).rejects.toThrow(/^HOSTNAME=: this machine cannot listen at : no address$/)
    expect(await listenAddress('127.0.0.2', '-H 127.0.0.2')).toBe('127.0.0.2')
    expect(await listenAddress('0.0.0.0', 'the default address')).toBe('0.0.0.0')
  })

  it('names the setting at fault for a name that does not resolve or an address this machine does not have', async () => {
    await expect(listenAddress('no-such-host.invalid', 'HOSTNAME=no-such-host.invalid')).rejects.toThrow(
      /^HOSTNAME=no-such-host\.invalid: this machine cannot listen at no-such-host\.invalid: getaddrinfo (ENOTFOUND|EAI_AGAIN)/,
    )
    // TEST-NET-1 (RFC 5737): documentation only, never an interface's address
    await expect(listenAddress('192.0.2.1', '-H 192.0.2.1')).rejects.toThrow(
      /^-H 192\.0\.2\.1: this machine cannot listen at 192\.0\.2\.1: listen EADDRNOTAVAIL/,
    )
    // a resolver that is slow to say no (no DNS server reachable) is not this test's failure
  }, 30_000)
})
