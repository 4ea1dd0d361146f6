// `npm run history:prune -- --before <date> [--file <dataset.ndjson>]`: drops the dataset's history from before the
// date (prune.ts). The file defaults to BROADSHEET_DATASET_FILE, as the server's does.
import path from 'node:path'
import {parseArgs} from 'node:util'
import {readEnv} from '../../../node/env-schema.mjs'
import {pruneJournal, PruneRefused} from './prune'

const USAGE = 'usage: npm run history:prune -- --before <date, e.g. 2026-01-31> [--file <dataset.ndjson>]'
const megabytes = (bytes: number) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`)

function main(): number {
  let values: {before?: string; file?: string}
  try {
    ;({values} = parseArgs({options: {before: {type: 'string'}, file: {type: 'string'}}}))
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const before = new Date(values.before ?? '')
  if (!values.before || Number.isNaN(before.getTime())) {
    console.error(`--before must be a date (got ${JSON.stringify(values.before ?? '')})\n${USAGE}`)
    return 2
  }
  const file = path.resolve(values.file ?? readEnv().datasetFile)
  try {
    const result = pruneJournal(file, before)
    console.log(
      `[history:prune] ${file}: dropped ${result.transactions} transaction(s) from before ${before.toISOString()}; ` +
        `${result.documents} document(s) keep their history from there; journal ${megabytes(result.bytesBefore)} → ` +
        `${megabytes(result.bytesAfter)}. No document was changed.`,
    )
    return 0
  } catch (error) {
    if (!(error instanceof PruneRefused)) throw error
    console.error(`[history:prune] nothing was pruned: ${error.message}`)
    return 1
  }
}

process.exitCode = main()
