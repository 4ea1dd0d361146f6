// What the lake benchmarks share: a dataset in a fresh folder, one Studio keystroke, percentiles.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {EmbeddedStore, StoredDocument} from '../../lib/offline/store/store'
import {applyAction} from '../../lib/offline/lake/actions'
import {Transaction} from '../../lib/offline/lake/transaction'
import {toNdjson} from '../support/generate-dataset'

export const round1 = (value: number) => Math.round(value * 10) / 10

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return round1(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))])
}

/** A fresh folder holding `documents` as dataset.ndjson. */
export function datasetOf(documents: StoredDocument[] | string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lake-'))
  const file = path.join(dir, 'dataset.ndjson')
  fs.writeFileSync(file, typeof documents === 'string' ? documents : toNdjson(documents))
  return {file, remove: () => fs.rmSync(dir, {recursive: true, force: true})}
}

/** One Studio keystroke on an article: a document.edit action (the draft made from the published one on the first). */
export function save(store: EmbeddedStore, publishedId: string, title: string) {
  const tx = new Transaction((id) => store.view('raw').byId.get(id))
  applyAction(
    tx,
    {actionType: 'sanity.action.document.edit', draftId: `drafts.${publishedId}`, publishedId, patch: {set: {title}}},
    {strongReferrers: () => []},
  )
  store.commit(tx.writes, {id: tx.id, timestamp: tx.timestamp, author: 'bench'})
}

export const articleIds = (store: EmbeddedStore) =>
  (store.view('published').byType.get('article') ?? []).map((doc) => doc._id).filter((id) => !id.startsWith('drafts.'))
