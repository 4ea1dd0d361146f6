// What `npm start` and `npm run dev` check before Next starts (lib/node/cli/env-files.mjs): the process's variables
// plus the project's `.env*` files, loaded by Next's own loader, so a variable set only in `.env.local` is checked and
// seen before Next loads them itself. Each case runs in a process of its own: the loader reads the files once per process.
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

const MODULE = pathToFileURL(path.resolve(__dirname, '../../../../lib/node/cli/env-files.mjs')).href

/** readEnvWithFiles on a folder holding `files`, in a fresh process with `env`: what it read, or its error's message. */
function readIn(files: Record<string, string>, {dev = false, env = {}}: {dev?: boolean; env?: Record<string, string>} = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-files-'))
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
    const script = `import {readEnvWithFiles} from ${JSON.stringify(MODULE)}
try {
  const env = readEnvWithFiles(${JSON.stringify(dir)}, {dev: ${dev}})
  console.log(JSON.stringify({healthPort: env.healthPort, lake: env.localLake.enabled, mode: env.mode}))
} catch (error) {
  console.log(JSON.stringify({error: error.message}))
}`
    // the variables these cases set are removed from the parent's, so only what a case gives counts
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(BROADSHEET_|NEXT_PUBLIC_SANITY_|NODE_ENV$)/.test(name)),
    )
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {...base, ...env} as NodeJS.ProcessEnv,
      encoding: 'utf8',
    })
    return JSON.parse(out)
  } finally {
    fs.rmSync(dir, {recursive: true, force: true})
  }
}

describe("the environment a CLI checks, with the project's .env files", () => {
  it('reads a variable set only in .env.local, and the production file for npm start, the development one for dev', () => {
    const files = {'.env.local': 'BROADSHEET_HEALTH_PORT=9000\n', '.env.development': 'BROADSHEET_LOCAL_LAKE=0\n'}
    expect(readIn(files)).toEqual({healthPort: 9000, lake: false, mode: 'embedded'})
    expect(readIn({...files, '.env.production': 'BROADSHEET_LOCAL_LAKE=1\n'})).toMatchObject({lake: true})
    expect(readIn(files, {dev: true})).toEqual({healthPort: 9000, lake: false, mode: 'embedded'})
    expect(readIn({'.env.local': 'NEXT_PUBLIC_SANITY_PROJECT_ID=abc123\nNEXT_PUBLIC_SANITY_DATASET=production\n'})).toMatchObject({
      mode: 'hosted',
    })
  }, 30_000)

  it("names a bad variable from a file as it names one from the process; the process's own wins, as in Next", () => {
    expect(readIn({'.env.production': 'BROADSHEET_HEALTH_PORT=healthz\n'})).toEqual({
      error: expect.stringMatching(/invalid environment variables:\n\s+BROADSHEET_HEALTH_PORT must be a port number/),
    })
    expect(readIn({'.env.local': 'BROADSHEET_HEALTH_PORT=healthz\n'}, {env: {BROADSHEET_HEALTH_PORT: '9100'}})).toMatchObject({
      healthPort: 9100,
    })
  }, 30_000)
})
