/**
 * Fails when the generated types are stale: regenerates schema.json and sanity.types.ts by
 * running `npm run typegen`, compares them with the files on disk, and puts the
 * files on disk back as they were, so the check changes nothing.
 *
 *   node --import tsx sanity/typegen/check.ts      (npm run typegen:check)
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const GENERATED = ['schema.json', 'sanity.types.ts']

function main() {
  const before = new Map(GENERATED.map((file) => [file, readIfExists(file)]))
  let stale: string[] = []
  try {
    try {
      execFileSync('npm', ['run', '--silent', 'typegen'], {cwd: ROOT, stdio: 'pipe', env: {...process.env, DO_NOT_TRACK: '1'}})
    } catch (error) {
      const {stdout, stderr} = error as {stdout?: Buffer; stderr?: Buffer}
      console.error(`✖ npm run typegen failed\n${stdout ?? ''}${stderr ?? ''}`)
      process.exitCode = 2
      return
    }
    stale = GENERATED.filter((file) => readIfExists(file) !== before.get(file))
  } finally {
    for (const [file, content] of before) {
      const target = path.join(ROOT, file)
      if (content === undefined) fs.rmSync(target, {force: true})
      else fs.writeFileSync(target, content)
    }
  }
  if (stale.length) {
    console.error(`✖ Generated types are stale: ${stale.join(', ')}. Run \`npm run typegen\` and commit the result.`)
    process.exit(1)
  }
  console.log(`✔ ${GENERATED.join(', ')} are up to date`)
}

function readIfExists(file: string): string | undefined {
  const target = path.join(ROOT, file)
  return fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined
}

if (require.main === module) main()
