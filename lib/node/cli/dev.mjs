// `npm run dev`: next dev, plus a draft-preview secret for the embedded mode and the link that uses it.
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {readEnvOrExit} from './env-files.mjs'

const root = path.resolve(import.meta.dirname, '../../..')
// next dev is given the environment as it was: with the files' values in it, they would win over the files next dev
// reloads when one is edited
const ownEnv = {...process.env}
// next dev runs with NODE_ENV=development; read the environment the way the server will see it, .env files included
const env = readEnvOrExit(root, {dev: true})
const port = process.env.PORT ?? '3000'
// next dev gives its server 100 ms after Ctrl-C before SIGKILL; the store writes the dataset file then (lib/offline/store/compaction.ts)
/** @type {NodeJS.ProcessEnv} */
const childEnv = {NEXT_EXIT_TIMEOUT_MS: '10000', ...ownEnv, NEXT_TELEMETRY_DISABLED: '1'}

if (env.mode === 'embedded') {
  let secret = env.previewSecret
  if (!secret) {
    // kept out of git (.gitignore: .broadsheet/), so each clone gets its own
    const file = path.join(root, '.broadsheet/preview-secret')
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), {recursive: true})
      fs.writeFileSync(file, randomBytes(24).toString('base64url'), {mode: 0o600})
    }
    secret = fs.readFileSync(file, 'utf8').trim()
    childEnv.SANITY_PREVIEW_SECRET = secret
  }
  const base = `http://localhost:${port}`
  console.log(`\n  Draft preview: ${base}/api/draft-mode/enable?secret=${encodeURIComponent(secret)}&redirect=/`)
  console.log(`  Exit preview:  ${base}/api/draft-mode/disable`)
  if (env.localLake.enabled) {
    console.log(
      `  Studio:        ${base}/studio (editing ${env.datasetFile} through the local Content Lake on 127.0.0.1:${env.localLake.port})`,
    )
  }
  console.log('')
}

const next = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'dev', '-p', port, ...process.argv.slice(2)], {
  cwd: root,
  env: childEnv,
  stdio: 'inherit',
})
next.on('exit', (code) => process.exit(code ?? 0))
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => next.kill(signal))
