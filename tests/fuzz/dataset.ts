import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Doc} from './mutations'

export const DEMO_DIR = path.resolve(__dirname, '../../sanity/demo')
export const DEMO_DATASET = path.join(DEMO_DIR, 'dataset.ndjson')

export function readDemoDataset(): Doc[] {
  return fs
    .readFileSync(DEMO_DATASET, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Doc)
}

/**
 * A private dataset file for the fuzz run, beside a link to the demo images (as
 * tests/support/temp-dataset.ts makes one). Each batch is written over the same file.
 */
export function createFuzzDataset() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-fuzz-'))
  const file = path.join(dir, 'dataset.ndjson')
  fs.symlinkSync(path.join(DEMO_DIR, 'images'), path.join(dir, 'images'))
  fs.writeFileSync(file, '')
  return {
    dir,
    file,
    /** Writes the documents atomically, as the dataset watcher expects an editor to. */
    write(documents: Doc[]) {
      fs.writeFileSync(`${file}.tmp`, `${documents.map((doc) => JSON.stringify(doc)).join('\n')}\n`)
      fs.renameSync(`${file}.tmp`, file)
    },
    remove: () => fs.rmSync(dir, {recursive: true, force: true}),
  }
}
