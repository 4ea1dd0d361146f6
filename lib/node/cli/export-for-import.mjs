// `npm run dataset:export -- <folder>`: writes the embedded dataset as `sanity dataset import <folder>`
// takes it, so the same content moves to a hosted project. The embedded file keeps image assets as
// `sanity.imageAsset` documents beside files in images/ (what the site and the local lake read); a
// hosted import wants each image as a `_sanityAsset` pointer to a file, which the importer uploads and
// turns back into an asset document with the same content-derived id.
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {readEnvOrExit} from './env-files.mjs'

const ASSET_REF = /^image-([a-f0-9]{40})-(\d+x\d+)-([a-z0-9]+)$/
// never content: the Presentation tool's secrets (the local lake keeps them in memory anyway)
const SKIPPED_TYPES = new Set(['sanity.imageAsset', 'sanity.fileAsset', 'sanity.previewUrlSecret', 'sanity.previewUrlShareAccess'])

/**
 * One document in import form: every `{asset: {_ref: "image-…"}}` becomes `{_sanityAsset: "image@file://./images/…"}`.
 * @param {Record<string, unknown>} doc
 * @returns {{doc: Record<string, unknown>, files: string[]}}
 */
export function toImportDocument(doc) {
  /** @type {string[]} */
  const files = []
  /** @type {(value: unknown) => unknown} */
  const visit = (value) => {
    if (Array.isArray(value)) return value.map(visit)
    if (!value || typeof value !== 'object') return value
    const {asset} = /** @type {{asset?: {_ref?: unknown}}} */ (value)
    const ref = asset && typeof asset === 'object' ? ASSET_REF.exec(String(asset._ref ?? '')) : null
    /** @type {Record<string, unknown>} */
    const out = {}
    for (const [key, inner] of Object.entries(value)) if (!(ref && key === 'asset')) out[key] = visit(inner)
    if (ref) {
      const file = `${ref[1]}-${ref[2]}.${ref[3]}`
      files.push(file)
      out._sanityAsset = `image@file://./images/${file}`
    }
    return out
  }
  return {doc: /** @type {Record<string, unknown>} */ (visit(doc)), files}
}

/**
 * Writes `<folder>/data.ndjson` and `<folder>/images/`; returns what it wrote.
 * @param {string} datasetFile
 * @param {string} folder
 */
export function exportForImport(datasetFile, folder) {
  const lines = fs
    .readFileSync(datasetFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
  const documents = lines.map((line) => JSON.parse(line)).filter((doc) => !SKIPPED_TYPES.has(doc._type))
  fs.mkdirSync(path.join(folder, 'images'), {recursive: true})
  const out = []
  const files = new Set()
  for (const source of documents) {
    const converted = toImportDocument(source)
    out.push(JSON.stringify(converted.doc))
    for (const file of converted.files) files.add(file)
  }
  const images = path.join(path.dirname(datasetFile), 'images')
  for (const file of files) fs.copyFileSync(path.join(images, file), path.join(folder, 'images', file))
  fs.writeFileSync(path.join(folder, 'data.ndjson'), `${out.join('\n')}\n`)
  return {documents: out.length, images: files.size}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const folder = process.argv[2]
  if (!folder) {
    console.error('Usage: npm run dataset:export -- <folder>   (then: npx sanity dataset import <folder> <dataset>)')
    process.exit(2)
  }
  // checked as the servers check it: a bad BROADSHEET_DATASET_FILE stops here, named
  const datasetFile = path.resolve(readEnvOrExit(path.resolve(import.meta.dirname, '../../..'), {dev: false}).datasetFile)
  const {documents, images} = exportForImport(datasetFile, path.resolve(folder))
  console.log(`Wrote ${documents} documents and ${images} images to ${folder}.`)
  console.log(`Import them into a hosted project with: npx sanity dataset import ${folder} <dataset>`)
}
