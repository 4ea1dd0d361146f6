import {createHash} from 'node:crypto'
import sharp from 'sharp'

/** A picture whose quadrants have colours of their own, so a test can tell which part of it was kept. */
export const QUADRANT_COLOURS = {
  topLeft: [220, 20, 20],
  topRight: [20, 200, 20],
  bottomLeft: [20, 20, 220],
  bottomRight: [230, 220, 20],
} as const
export type Quadrant = keyof typeof QUADRANT_COLOURS

/** A `width`×`height` PNG in four colours, with the asset reference and file name its bytes give it. */
export async function quadrantImage(width: number, height: number) {
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const quadrant: Quadrant = `${y < height / 2 ? 'top' : 'bottom'}${x < width / 2 ? 'Left' : 'Right'}`
      raw.set(QUADRANT_COLOURS[quadrant], (y * width + x) * 3)
    }
  const png = await sharp(raw, {raw: {width, height, channels: 3}})
    .png()
    .toBuffer()
  const sha1 = createHash('sha1').update(png).digest('hex')
  return {png, assetRef: `image-${sha1}-${width}x${height}-png`, fileName: `${sha1}-${width}x${height}.png`}
}

/** The quadrant whose colour the pixel at (x, y) of an encoded picture is closest to. */
export async function quadrantAt(encoded: Buffer, x: number, y: number): Promise<Quadrant> {
  const {data, info} = await sharp(encoded).removeAlpha().raw().toBuffer({resolveWithObject: true})
  const at = (Math.round(y) * info.width + Math.round(x)) * 3
  const distance = (c: readonly number[]) => c.reduce((sum, v, i) => sum + (v - data[at + i]) ** 2, 0)
  return (Object.keys(QUADRANT_COLOURS) as Quadrant[]).sort((a, b) => distance(QUADRANT_COLOURS[a]) - distance(QUADRANT_COLOURS[b]))[0]
}
