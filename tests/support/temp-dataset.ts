import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {StoredDocument} from '@/lib/embedded/store'

const DEMO_DIR = path.resolve(__dirname, '../../sanity/demo')

/**
 * A private copy of the demo dataset, so a test can edit it without touching the repo. Images are
 * linked, or copied when the test writes new ones (`writableImages`).
 */
export function copyDemoDataset({writableImages = false} = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-dataset-'))
  const file = path.join(dir, 'dataset.ndjson')
  fs.copyFileSync(path.join(DEMO_DIR, 'dataset.ndjson'), file)
  if (writableImages) fs.cpSync(path.join(DEMO_DIR, 'images'), path.join(dir, 'images'), {recursive: true})
  else fs.symlinkSync(path.join(DEMO_DIR, 'images'), path.join(dir, 'images'))
  return {
    file,
    images: path.join(dir, 'images'),
    /** Rewrites the file atomically, as an editor saving it would. */
    edit(change: (doc: StoredDocument) => StoredDocument) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
      const next = lines.map((line) => JSON.stringify(change(JSON.parse(line))))
      fs.writeFileSync(`${file}.tmp`, `${next.join('\n')}\n`)
      fs.renameSync(`${file}.tmp`, file)
    },
    remove: () => fs.rmSync(dir, {recursive: true, force: true}),
  }
}

/** Polls until `check` passes or the time is up; returns the last value it saw. */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await probe()
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    value = await probe()
  }
  return value
}
