import fs from 'node:fs/promises'
import path from 'node:path'
import {env} from '../site/env'

/** Content-addressed names only (`<sha1>-<w>x<h>.<ext>`): nothing else can be read from disk. */
const ASSET_FILE = /^[a-f0-9]{40}-\d{1,5}x\d{1,5}\.(png|jpg|jpeg|webp|gif)$/

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
