// Regenerates lib/site/fonts/source-serif-4-latin-400-800.woff2: `node lib/site/fonts/subset.mjs` (after a Source Serif 4 upgrade).
// The npm font's Latin subset, with its weight axis cut to what site.css uses (400 body, 800 headlines): 51 KB → 35 KB.
import fs from 'node:fs'
import path from 'node:path'
import subsetFont from 'subset-font'

const root = path.resolve(import.meta.dirname, '../../..')
const source = path.join(root, 'node_modules/@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-normal.woff2')
const target = path.join(import.meta.dirname, 'source-serif-4-latin-400-800.woff2')

// @fontsource's "latin" unicode-range, so every character the npm subset drew still comes from this file
const LATIN = [[0x0, 0xff], [0x131], [0x152, 0x153], [0x2bb, 0x2bc], [0x2c6], [0x2da], [0x2dc], [0x304], [0x308], [0x329], [0x2000, 0x206f]]
const EXTRA = [0x20ac, 0x2122, 0x2191, 0x2193, 0x2212, 0x2215, 0xfeff, 0xfffd]
const codePoints = [...LATIN.flatMap(([from, to = from]) => Array.from({length: to - from + 1}, (_, i) => from + i)), ...EXTRA]
const text = String.fromCodePoint(...codePoints.filter((c) => c >= 0x20))

const out = await subsetFont(fs.readFileSync(source), text, {targetFormat: 'woff2', variationAxes: {wght: {min: 400, max: 800}}})
fs.writeFileSync(target, out)
console.log(`${path.relative(root, target)}: ${out.length} bytes`)
