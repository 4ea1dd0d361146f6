import {spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {exportForImport, toImportDocument} from '@/lib/node/cli/export-for-import.mjs'
import {DEMO_DATASET} from '../../../support/demo'
import {startTestLake} from '../../../support/lake'

const TOKEN = 'import-test-token-0123456789abcdefghijklmnop'
const IMPORTER = path.resolve(__dirname, '../../../support/import-into-lake.ts')
const SYSTEM = new Set(['_rev', '_updatedAt', '_createdAt'])
const content = (doc: StoredDocument) => Object.fromEntries(Object.entries(doc).filter(([key]) => !SYSTEM.has(key)))

describe('the embedded dataset imports with Sanity’s own importer', () => {
  it('turns asset references into file pointers the importer uploads', () => {
    const {doc, files} = toImportDocument({
      _id: 'a',
      _type: 'article',
      mainImage: {
        _type: 'image',
        alt: 'x',
        asset: {_type: 'reference', _ref: 'image-9ccaff00d526fb661e94ed3ed7fdd9c4f08677f5-1600x900-png'},
      },
    })
    expect(doc.mainImage).toEqual({
      _type: 'image',
      alt: 'x',
      _sanityAsset: 'image@file://./images/9ccaff00d526fb661e94ed3ed7fdd9c4f08677f5-1600x900.png',
    })
    expect(files).toEqual(['9ccaff00d526fb661e94ed3ed7fdd9c4f08677f5-1600x900.png'])
  })

  it('round-trips: exported, imported into a Content Lake (the local one), the same documents and images come back', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-import-'))
    const folder = path.join(work, 'export')
    const target = path.join(work, 'lake', 'dataset.ndjson')
    fs.mkdirSync(path.dirname(target))
    fs.writeFileSync(target, '')
    const lake = await startTestLake({file: target, assetsDir: path.join(work, 'lake', 'images'), token: TOKEN})
    try {
      const written = exportForImport(DEMO_DATASET, folder)
      expect(written.images).toBeGreaterThan(20)
      // the importer runs in its own process: it is ESM through and through
      const run = await new Promise<{status: number | null; stderr: string}>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', IMPORTER, folder, lake.apiHost, TOKEN], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
        child.on('exit', (status) => resolve({status, stderr}))
      })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)

      const original = readDataset(DEMO_DATASET)
      lake.store.compactSync()
      const imported = new Map(readDataset(target).map((doc) => [doc._id, doc]))
      for (const doc of original.filter((d) => d._type !== 'sanity.imageAsset'))
        expect(content(imported.get(doc._id)!)).toEqual(content(doc))
      // every image came back as an asset document with the id the references use, and its file
      for (const asset of original.filter((d) => d._type === 'sanity.imageAsset')) {
        expect(imported.get(asset._id)).toMatchObject({_type: 'sanity.imageAsset', sha1hash: asset.sha1hash})
        const file = String(asset.path).split('/').pop()!
        expect(
          fs
            .readFileSync(path.join(work, 'lake', 'images', file))
            .equals(fs.readFileSync(path.join(path.dirname(DEMO_DATASET), 'images', file))),
        ).toBe(true)
      }
    } finally {
      await lake.close()
      fs.rmSync(work, {recursive: true, force: true})
    }
  }, 120_000)
})
