import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {StoredDocument} from '../../lib/offline/store/store'
import {DEMO_DATASET, DEMO_IMAGES} from './demo'
import {toNdjson} from './generate-dataset'

type Images = 'link' | 'copy' | 'none'

/**
 * A dataset file of its own in a fresh temporary folder, holding `documents`. The demo images sit beside
 * it, linked (`link`, the default), copied for a test that writes new ones (`copy`), or not at all.
 */
export function tempDataset(
  documents: readonly StoredDocument[] = [],
  {images = 'link', prefix = 'broadsheet-dataset-'}: {images?: Images; prefix?: string} = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const file = path.join(dir, 'dataset.ndjson')
  fs.writeFileSync(file, documents.length ? toNdjson(documents) : '')
  if (images === 'copy') fs.cpSync(DEMO_IMAGES, path.join(dir, 'images'), {recursive: true})
  else if (images === 'link') fs.symlinkSync(DEMO_IMAGES, path.join(dir, 'images'))
  const replace = (next: readonly StoredDocument[]) => {
    fs.writeFileSync(`${file}.tmp`, toNdjson(next))
    fs.renameSync(`${file}.tmp`, file)
  }
  return {
    dir,
    file,
    images: path.join(dir, 'images'),
    /** Writes the documents atomically, as an editor saving the file would (and as the watcher expects). */
    write: replace,
    /** Rewrites each document atomically, as an editor saving the file would. */
    edit(change: (doc: StoredDocument) => StoredDocument) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
      replace(lines.map((line) => change(JSON.parse(line))))
    },
    remove: () => fs.rmSync(dir, {recursive: true, force: true}),
  }
}

export type TempDataset = ReturnType<typeof tempDataset>

/**
 * A private copy of the demo dataset, byte for byte, so a test can edit it without touching the repo.
 * Images are linked, or copied when the test writes new ones (`writableImages`).
 */
export function copyDemoDataset({writableImages = false} = {}): TempDataset {
  const dataset = tempDataset([], {images: writableImages ? 'copy' : 'link'})
  fs.copyFileSync(DEMO_DATASET, dataset.file)
  return dataset
}

/** A private copy of the demo dataset with `extra` documents after it (a fixture the demo lacks). */
export function demoDatasetWith(extra: readonly StoredDocument[], options?: {images?: Images; prefix?: string}): TempDataset {
  const dataset = tempDataset([], options)
  fs.writeFileSync(dataset.file, `${fs.readFileSync(DEMO_DATASET, 'utf8').trimEnd()}\n${toNdjson(extra)}`)
  return dataset
}

/** Polls until `check` passes or the time is up; returns the last value it saw. */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await probe()
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs))
    value = await probe()
  }
  return value
}
