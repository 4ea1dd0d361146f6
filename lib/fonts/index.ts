import localFont from 'next/font/local'

/**
 * Source Serif 4 for reading, from npm (the build must not fetch fonts), cut to Latin and weights 400–800 by
 * lib/fonts/subset.mjs. Not preloaded: the LCP image goes first. `optional` with a fallback sized to the font's
 * metrics: text paints at once in the fallback, and the font is used only if it is there before first paint
 * (or on the next page, from cache), so a late font never moves the page. UI text uses the system face (site.css).
 */
export const serif = localFont({
  src: './source-serif-4-latin-400-800.woff2',
  variable: '--font-serif',
  display: 'optional',
  weight: '400 800',
  preload: false,
  adjustFontFallback: 'Times New Roman',
})
