/**
 * Fails when the generated types are stale: extracts the schema and generates the types into a scratch folder
 * (.typegen-check/, which git ignores), compares them with schema.json and sanity.types.ts, and leaves those
 * untouched, so the check can run beside anything that reads them (npm test runs it beside tsc and ESLint).
 *
 *   node --import tsx sanity/typegen/check.ts      (npm run typegen:check)
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
/** Inside the project: `sanity schema extract --path` takes its path from the project's folder. */
const SCRATCH = '.typegen-check'
const GENERATED = ['schema.json', 'sanity.types.ts']

function main() {
  fs.rmSync(path.join(ROOT, SCRATCH), {recursive: true, force: true})
  try {
    const sanity = (args: string[], env: Record<string, string> = {}) =>
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/sanity/bin/sanity'), ...args], {
        cwd: ROOT,
        stdio: 'pipe',
        env: {...process.env, DO_NOT_TRACK: '1', ...env},
      })
    try {
      // the same two commands as `npm run typegen`, writing to the scratch folder (sanity.cli.ts reads these two variables)
      sanity(['schema', 'extract', '--path', `${SCRATCH}/schema.json`, '--enforce-required-fields'])
      sanity(['typegen', 'generate'], {
        BROADSHEET_TYPEGEN_SCHEMA: `./${SCRATCH}/schema.json`,
        BROADSHEET_TYPEGEN_OUT: `./${SCRATCH}/sanity.types.ts`,
      })
    } catch (error) {
      const {stdout, stderr} = error as {stdout?: Buffer; stderr?: Buffer}
      console.error(`✖ generating the types failed\n${stdout ?? ''}${stderr ?? ''}`)
      process.exitCode = 2
      return
    }
    // the types name the schema file they came from: the scratch copy, here
    const fresh = (file: string) => fs.readFileSync(path.join(ROOT, SCRATCH, file), 'utf8').replaceAll(`${SCRATCH}/`, '')
    const committed = (file: string) => (fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), 'utf8') : undefined)
    const stale = GENERATED.filter((file) => fresh(file) !== committed(file))
    if (stale.length) {
      console.error(`✖ Generated types are stale: ${stale.join(', ')}. Run \`npm run typegen\` and commit the result.`)
      process.exitCode = 1
      return
    }
    console.log(`✔ ${GENERATED.join(', ')} are up to date`)
  } finally {
    fs.rmSync(path.join(ROOT, SCRATCH), {recursive: true, force: true})
  }
}

if (require.main === module) main()
