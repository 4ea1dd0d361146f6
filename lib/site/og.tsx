import fs from 'node:fs/promises'
import path from 'node:path'
import {ImageResponse} from 'next/og'
import type {Image} from './content/models/image'
import {env} from './env'
import {assetFileName, imageSource} from './images'
import {assetsDirectory, mediaAsset} from '../offline/media'

export const OG_SIZE = {width: 1200, height: 630}

// Satori reads TTF/OTF/WOFF, not WOFF2, hence the static (non-variable) package.
const fontFile = path.join(
  /*turbopackIgnore: true*/ process.cwd(),
  'node_modules/@fontsource/source-serif-4/files/source-serif-4-latin-700-normal.woff',
)
let font: Promise<Buffer> | undefined

/** The card font, read from disk once per process. */
async function cardFonts() {
  font ??= fs.readFile(fontFile)
  return [{name: 'Source Serif', data: await font, weight: 700 as const, style: 'normal' as const}]
}

/** A social card for pages without a hero image: the site's name over the headline. */
export async function ogCard({kicker, title}: {kicker: string; title: string}) {
  const size = title.length > 90 ? 52 : title.length > 50 ? 64 : 76
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        background: '#16181d',
        color: '#fdfcf9',
        padding: '64px 72px',
        fontFamily: 'Source Serif',
      }}
    >
      <div style={{display: 'flex', fontSize: 34, color: '#e0a9a4', letterSpacing: 2, textTransform: 'uppercase'}}>{kicker}</div>
      <div style={{display: 'flex', fontSize: size, lineHeight: 1.1}}>{title.slice(0, 160)}</div>
      <div style={{display: 'flex', fontSize: 40, borderTop: '4px solid #fdfcf9', paddingTop: 20}}>Broadsheet</div>
    </div>,
    {...OG_SIZE, fonts: await cardFonts()},
  )
}

/** The hero image, cut to 1200×630 around its hotspot: by Sanity's CDN, or in embedded mode by /media's own code. */
export async function ogHero(image: Image) {
  let src = imageSource(image, OG_SIZE)
  if (env.mode === 'embedded') {
    // the same URL /media would answer, answered in process (no Accept: the file's own format, which Satori reads)
    const asset = await mediaAsset(assetsDirectory(), assetFileName(image.assetRef), new URL(src, 'http://embedded').searchParams, null)
    if (asset.status !== 200) return null
    src = `data:${asset.contentType};base64,${asset.body.toString('base64')}`
  }
  return new ImageResponse(
    <div style={{width: '100%', height: '100%', display: 'flex'}}>
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={src} alt="" width={OG_SIZE.width} height={OG_SIZE.height} style={{objectFit: 'cover', width: '100%', height: '100%'}} />
    </div>,
    OG_SIZE,
  )
}

export async function ogLogo() {
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#fff',
        color: '#16181d',
        fontSize: 48,
        fontFamily: 'Source Serif',
      }}
    >
      Broadsheet
    </div>,
    {width: 600, height: 60, fonts: await cardFonts()},
  )
}
