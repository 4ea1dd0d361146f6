import localFont from 'next/font/local'

/**
 * Source Serif 4 for reading, from npm (the build must not fetch fonts), cut to Latin and weights 400–800 by
 * lib/site/fonts/subset.mjs (36 KB). Preloaded and `optional`: Chrome then holds first paint up to 100 ms for it and never
 * swaps later, so the page never moves. Not preloaded, the font arrived during the block period and re-laid the text
 * out (Lighthouse CLS 0.01-0.09: the Times New Roman fallback face is absent on Linux and Android). The LCP image
 * still goes first (fetchPriority high). UI text uses the system face (site.css).
 */
export const serif = localFont({
  src: './source-serif-4-latin-400-800.woff2',
  variable: '--font-serif',
  display: 'optional',
  weight: '400 800',
  preload: true,
  adjustFontFallback: 'Times New Roman',
})
