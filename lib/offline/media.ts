import fs from 'node:fs/promises'
import path from 'node:path'
import {env} from '../site/env'
import {parseImageParams} from '../site/image-params'
import {isStoredPicture, outputFormat, transformImage} from './image-transform'

/** Content-addressed names only (`<sha1>-<w>x<h>.<ext>`): nothing else can be read from disk. */
const ASSET_FILE = /^[a-f0-9]{40}-(\d{1,5})x(\d{1,5})\.(png|jpg|jpeg|webp|gif)$/

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
}

/** The images folder beside the dataset file, where the embedded dataset keeps its assets. */
export function assetsDirectory(): string {
  // the dataset location is configuration, read at run time; nothing here should be traced at build
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.datasetFile)), 'images')
}

export function readAsset(name: string): Promise<{body: Buffer; contentType: string} | null> {
  return readAssetFrom(assetsDirectory(), name)
}

export async function readAssetFrom(directory: string, name: string): Promise<{body: Buffer; contentType: string} | null> {
  if (!ASSET_FILE.test(name)) return null
  try {
    const body = await fs.readFile(path.join(directory, name))
    return {body, contentType: MIME[name.split('.').pop()!]}
  } catch {
    return null
  }
}

export type MediaAnswer = {status: 200; body: Buffer; contentType: string; varyOnAccept: boolean} | {status: 400 | 404; message: string}

/**
 * An asset as the image CDN would send it for this query string (`rect`, `w`, `h`, `fit`, `fm`, `auto`, `q`):
 * the stored bytes when they already are that picture, else cut and encoded with sharp.
 */
export async function mediaAsset(directory: string, name: string, search: URLSearchParams, accept: string | null): Promise<MediaAnswer> {
  const match = ASSET_FILE.exec(name)
  if (!match) return {status: 404, message: 'Not found'}
  const stored = {width: Number(match[1]), height: Number(match[2])}
  const extension = match[3]
  const parsed = parseImageParams(search, stored)
  if (!parsed.ok) return {status: 400, message: `Bad image parameters: ${parsed.error}`}
  const asset = await readAssetFrom(directory, name)
  if (!asset) return {status: 404, message: 'Not found'}
  const format = outputFormat(parsed.params, extension, accept)
  const varyOnAccept = parsed.params.autoFormat
  if (isStoredPicture(parsed.params, stored, extension, format)) return {status: 200, ...asset, varyOnAccept}
  return {status: 200, ...(await transformImage(asset.body, parsed.params, format)), varyOnAccept}
}
