// `npm start` (lib/node/cli/start.mjs) refuses to start without the health probe it was asked for: a bad
// BROADSHEET_HEALTH_PORT, or one something else holds, stops it before Next loads, with a message naming the variable.
// (The probe while the server runs is tests/e2e/front-hostile.test.ts's; the probe itself, health-probe.test.ts's.)
import {spawn} from 'node:child_process'
import net, {type AddressInfo} from 'node:net'
import path from 'node:path'

const START = path.resolve(__dirname, '../../../../lib/node/cli/start.mjs')

/** start.mjs with `env` and `args` (by default any free port on 127.0.0.1): its exit code and everything it wrote. */
function start(env: Record<string, string>, args = ['-p', '0', '-H', '127.0.0.1']) {
  const child = spawn(process.execPath, [START, ...args], {
    env: {...process.env, NODE_ENV: 'production', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  // a bound, not a wait: a start that went on would load Next and serve; the assertion then names what it printed
  const bound = setTimeout(() => child.kill(), 20_000)
  return new Promise<{code: number | null; output: string}>((resolve) =>
    child.once('exit', (code) => (clearTimeout(bound), resolve({code, output}))),
  )
}

describe('npm start with BROADSHEET_HEALTH_PORT', () => {
  it('stops at once, naming the variable and the address, when something else holds that port', async () => {
    const taken = net.createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const {port} = taken.address() as AddressInfo
    try {
      const {code, output} = await start({BROADSHEET_HEALTH_PORT: String(port)})
      expect({code, output}).toEqual({
        code: 1,
        output: expect.stringContaining(
          `[start] BROADSHEET_HEALTH_PORT=${port}: the health probe cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`,
        ),
      })
      expect(output).not.toContain('▲ Broadsheet on')
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  }, 25_000)

  it("names HOSTNAME, not the probe's port, when HOSTNAME is no address this machine can listen at", async () => {
    const {code, output} = await start({HOSTNAME: 'no-such-host.invalid', BROADSHEET_HEALTH_PORT: '9000'}, ['-p', '0'])
    expect({code, output}).toEqual({
      code: 1,
      output: expect.stringMatching(
        /^\[start\] HOSTNAME=no-such-host\.invalid: this machine cannot listen at no-such-host\.invalid: getaddrinfo/m,
      ),
    })
    expect(output).not.toContain('BROADSHEET_HEALTH_PORT')
  }, 25_000)

  it('stops at once, naming the variable, for a value that is no port', async () => {
    const {code, output} = await start({BROADSHEET_HEALTH_PORT: 'healthz'})
    expect(code).not.toBe(0)
    expect(output).toMatch(/invalid environment variables:\n\s+BROADSHEET_HEALTH_PORT must be a port number/)
  }, 25_000)
})

describe('npm start with a bad port for the site', () => {
  it.each([
    ['PORT=0x1F90', {PORT: '0x1F90'}, []],
    ['-p 3000abc', {}, ['-p', '3000abc']],
  ])(
    'stops before Next loads, naming PORT or -p, as written (%s)',
    async (_, env: Record<string, string>, args: string[]) => {
      const {code, output} = await start(env, [...args, '-H', '127.0.0.1'])
      expect({code, output}).toEqual({
        code: 1,
        output: expect.stringMatching(/invalid environment variables:\n\s+PORT must be a port number, 0–65535 \(PORT, or npm start -p\)/),
      })
    },
    25_000,
  )
})
