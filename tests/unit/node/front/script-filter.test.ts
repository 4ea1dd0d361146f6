import {createScriptFilter, removeScripts} from '@/lib/node/front/script-filter.mjs'

/** The shapes Next 16 writes into a page: chunks, the bootstrap, the inlined RSC payload, script preloads. */
const PAGE = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
  '<link rel="preload" as="image" imageSrcSet="/_next/image?url=%2Fmedia%2Fa.png&amp;w=640 640w" fetchPriority="high"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/b.js"/>',
  '<link rel="modulepreload" href="/_next/static/chunks/c.js"/>',
  '<script src="/_next/static/chunks/d.js" async=""></script><script src="/_next/static/chunks/e.js" noModule=""></script>',
  '<title>Zoë’s “story” — 100%</title></head><body><!--$--><p class="x" data-a=\'1>2\'>Text &lt;script&gt; stays</p>',
  '<script type="application/ld+json">{"headline":"a \\u003c/script> b"}</script>',
  '<script id="_R_">requestAnimationFrame(function(){$RT=performance.now()});</script>',
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"<p>in a string</p>\\u003cscript>"])</script>',
  '<!-- <script>a comment stays</script> --><img src="/a.png" loading="lazy"/></body></html>',
].join('')

const EXPECTED = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
  '<link rel="preload" as="image" imageSrcSet="/_next/image?url=%2Fmedia%2Fa.png&amp;w=640 640w" fetchPriority="high"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  '<title>Zoë’s “story” — 100%</title></head><body><!--$--><p class="x" data-a=\'1>2\'>Text &lt;script&gt; stays</p>',
  '<script type="application/ld+json">{"headline":"a \\u003c/script> b"}</script>',
  '<!-- <script>a comment stays</script> --><img src="/a.png" loading="lazy"/></body></html>',
].join('')

const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1')
const utf8 = (text: string) => Buffer.from(text, 'latin1').toString('utf8')

describe('the script filter', () => {
  it('takes out every executable script and script preload, and keeps everything else byte for byte', () => {
    expect(utf8(removeScripts(latin1(PAGE)))).toBe(EXPECTED)
  })

  it('gives the same output however the stream is cut, even inside a tag or a multi-byte character', () => {
    const bytes = latin1(PAGE)
    for (let cut = 1; cut < bytes.length; cut++) {
      const filter = createScriptFilter()
      const out = filter.push(bytes.slice(0, cut)) + filter.push(bytes.slice(cut)) + filter.end()
      if (utf8(out) !== EXPECTED) throw new Error(`differs when cut at ${cut}`)
    }
    // and one byte at a time
    const filter = createScriptFilter()
    let out = ''
    for (const char of bytes) out += filter.push(char)
    expect(utf8(out + filter.end())).toBe(EXPECTED)
    expect(filter.removed()).toBe(7)
  })

  it('leaves a page without scripts as it was', () => {
    const plain = '<!DOCTYPE html><html><head><title>a</title></head><body><p>b</p></body></html>'
    expect(removeScripts(plain)).toBe(plain)
  })
})
