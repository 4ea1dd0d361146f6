import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import sharp, {type Metadata} from 'sharp'
import writeFileAtomic from 'write-file-atomic'
import type {StoredDocument} from '../store/store'
import {LakeError} from './transaction'

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024

// SVG is refused: the site serves these files from its own origin, where a script in an SVG would run
const FORMATS: Record<string, {extension: string; mimeType: string}> = {
  png: {extension: 'png', mimeType: 'image/png'},
  jpeg: {extension: 'jpg', mimeType: 'image/jpeg'},
  webp: {extension: 'webp', mimeType: 'image/webp'},
  gif: {extension: 'gif', mimeType: 'image/gif'},
}

/**
 * Stores an uploaded image next to the dataset under its content hash, and describes it as Sanity
 * does: a `sanity.imageAsset` with dimensions and a 20 px LQIP. The same bytes give the same document.
 */
export async function imageAsset(
  bytes: Buffer,
  options: {assetsDir: string; projectId: string; dataset: string; filename?: string},
): Promise<StoredDocument> {
  let metadata: Metadata
  try {
    metadata = await sharp(bytes).metadata()
  } catch {
    throw new LakeError(400, 'The upload is not an image this lake can read (PNG, JPEG, WebP or GIF)')
  }
  const format = FORMATS[metadata.format ?? '']
  // named by its upright size, as the Studio shows it and crops it (a phone photo's EXIF orientation applied)
  const {width, height} = metadata.autoOrient ?? metadata
  if (!format || !width || !height) throw new LakeError(400, `Unsupported image format "${metadata.format}"`)
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  const file = `${sha1}-${width}x${height}.${format.extension}`
  const target = path.join(options.assetsDir, file)
  if (!fs.existsSync(target)) {
    fs.mkdirSync(options.assetsDir, {recursive: true})
    writeFileAtomic.sync(target, bytes)
  }
  const lqip = await sharp(bytes).resize(20).png().toBuffer()
  const assetPath = `images/${options.projectId}/${options.dataset}/${file}`
  return {
    _id: `image-${sha1}-${width}x${height}-${format.extension}`,
    _type: 'sanity.imageAsset',
    assetId: sha1,
    sha1hash: sha1,
    extension: format.extension,
    mimeType: format.mimeType,
    originalFilename: options.filename?.slice(0, 200) || file,
    size: bytes.length,
    path: assetPath,
    // the hosted CDN's address, as in an export: the file imports into a hosted project unchanged
    url: `https://cdn.sanity.io/${assetPath}`,
    metadata: {
      _type: 'sanity.imageMetadata',
      hasAlpha: Boolean(metadata.hasAlpha),
      isOpaque: !metadata.hasAlpha,
      lqip: `data:image/png;base64,${lqip.toString('base64')}`,
      dimensions: {_type: 'sanity.imageDimensions', width, height, aspectRatio: width / height},
    },
  }
}
