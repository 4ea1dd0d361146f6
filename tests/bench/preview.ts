// npm run bench:preview — how fast the editor's preview follows the editor, embedded mode with the local lake, on a
// production build: a keystroke in the Presentation tool's form → the text in its iframe, and a publish from the
// tool → the page a reader gets. `--smoke`: three keystrokes, two publishes, never recorded.
import type {Frame, Page} from 'playwright-core'
import {launchChromium} from '../support/browser'
import {LakeAddress, studioForm} from '../support/studio'
import {buildForProduction, startProductionServer} from '../support/production-server'
import {MODEL_ARTICLE_SLUG, readerHeadline} from '../support/demo'
import {copyDemoDataset} from '../support/temp-dataset'
import {percentile as percentileOf} from './lake-saves'
import {loadAverage, refusals} from './quiet'
import {writeBenchmarkSection} from './report'

const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'
const KEYSTROKES = SMOKE ? 3 : 30
const PUBLISHES = SMOKE ? 2 : 10
const MODEL = `/articles/${MODEL_ARTICLE_SLUG}`
/** More than the Studio's commit throttle (1 s, leading edge): each keystroke is sent as it is typed. */
const BETWEEN_KEYSTROKES_MS = 1_500

// a mark the browser did not report (a request still streaming when the text showed) is left out
const percentile = (values: number[], p: number) => percentileOf(values.filter(Number.isFinite), p)

/** Where one keystroke's time went, in ms from the key press. */
type Keystroke = {sent: number; committed: number; refreshStarted: number; refreshDone: number; shown: number}

/** The iframe of the tool once it shows the article. */
async function articleFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 240; i++) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && new URL(f.url() || 'about:blank').pathname === MODEL)
    if (frame && (await frame.locator('h1').count())) return frame
    await page.waitForTimeout(250)
  }
  throw new Error('the Presentation tool never showed the article')
}

/**
 * Resolves with the time (Date.now) at which the iframe's headline first reads `text`, watched inside the frame.
 * (The page function names no inner functions: tsx's name helper does not exist inside the page.)
 */
const headlineShown = (frame: Frame, text: string) =>
  frame.evaluate(
    (expected) =>
      new Promise<number>((resolve) => {
        if (document.querySelector('h1')?.textContent === expected) return resolve(Date.now())
        new MutationObserver((_records, observer) => {
          if (document.querySelector('h1')?.textContent !== expected) return
          observer.disconnect()
          resolve(Date.now())
        }).observe(document.body, {subtree: true, childList: true, characterData: true})
      }),
    text,
  )

async function keystrokes(page: Page, frame: Frame): Promise<Keystroke[]> {
  const marks: Record<string, number> = {}
  page.on('request', (request) => {
    if (request.url().includes('/data/actions/')) marks.sent ??= Date.now()
    if (request.headers()['rsc'] && request.frame() === frame) marks.refreshStarted ??= Date.now()
  })
  page.on('requestfinished', (request) => {
    if (request.url().includes('/data/actions/')) marks.committed ??= Date.now()
    if (request.headers()['rsc'] && request.frame() === frame) marks.refreshDone ??= Date.now()
  })
  await page.locator('#title').click()
  await page.keyboard.press('End')
  const results: Keystroke[] = []
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.waitForTimeout(BETWEEN_KEYSTROKES_MS)
    const expected = `${await page.locator('#title').inputValue()}${i % 10}`
    for (const key of Object.keys(marks)) delete marks[key]
    const shown = headlineShown(frame, expected)
    const pressed = Date.now()
    await page.keyboard.type(String(i % 10))
    const at = await shown
    results.push({
      sent: marks.sent - pressed,
      committed: marks.committed - pressed,
      refreshStarted: marks.refreshStarted - pressed,
      refreshDone: marks.refreshDone - pressed,
      shown: at - pressed,
    })
  }
  return results
}

async function publishes(page: Page, frame: Frame, siteUrl: string): Promise<number[]> {
  const results: number[] = []
  for (let i = 0; i < PUBLISHES; i++) {
    const title = `Published from Presentation ${Date.now().toString(36)}`
    const shown = headlineShown(frame, title)
    await page.locator('#title').fill(title)
    await shown
    const publish = page.locator('[data-testid="action-publish"]:not([disabled])')
    await publish.waitFor()
    const clicked = Date.now()
    await publish.click()
    while ((await readerHeadline(siteUrl)) !== title) await new Promise((resolve) => setTimeout(resolve, 10))
    results.push(Date.now() - clicked)
    await page.waitForTimeout(1_000)
  }
  return results
}

async function main() {
  const loads = [loadAverage()[0]]
  process.env.E2E_REUSE_BUILD ??= '1'
  buildForProduction()
  const dataset = copyDemoDataset()
  const lake = new LakeAddress()
  const server = await startProductionServer({
    BROADSHEET_DATASET_FILE: dataset.file,
    BROADSHEET_LOCAL_LAKE: '1',
    BROADSHEET_LAKE_TOKEN: lake.token,
    BROADSHEET_LAKE_PORT: String(await lake.pick()),
  })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({viewport: {width: 1500, height: 1000}})
    await page.goto(`${server.url}/studio/presentation?preview=${encodeURIComponent(MODEL)}`, {waitUntil: 'domcontentloaded'})
    await studioForm(page, server)
    const frame = await articleFrame(page)
    const typed = await keystrokes(page, frame)
    const published = await publishes(page, frame, server.url)
    loads.push(loadAverage()[0])
    const row = (what: string, values: number[]) =>
      `| ${what} | ${percentile(values, 50)} | ${percentile(values, 95)} | ${percentile(values, 100)} |`
    const table = [
      '| from the key press (or the publish click) to … | p50 ms | p95 ms | max ms |',
      '| --- | ---: | ---: | ---: |',
      row(
        'the Studio sends the edit (its commit throttle)',
        typed.map((k) => k.sent),
      ),
      row(
        'the lake has committed it (fsynced)',
        typed.map((k) => k.committed),
      ),
      row(
        'the iframe asks the server to re-render (change stream)',
        typed.map((k) => k.refreshStarted),
      ),
      row(
        'the re-render has arrived',
        typed.map((k) => k.refreshDone),
      ),
      row(
        `**the text shows in the iframe** (${typed.length} keystrokes)`,
        typed.map((k) => k.shown),
      ),
      row(`**a publish shows on the reader page** (${published.length} publishes)`, published),
    ].join('\n')
    console.log(table)
    const reasons = refusals({smoke: SMOKE, loads})
    if (reasons.length) {
      console.log(`[bench:preview] BENCHMARKS.md not written: ${reasons.join('; ')}`)
      return
    }
    writeBenchmarkSection(
      'preview',
      [
        `Embedded mode, the demo dataset, a production build with the local lake, headless Chromium. One keystroke every ${BETWEEN_KEYSTROKES_MS / 1000} s at the end of the title in the Presentation tool's form; the iframe's headline is watched from inside the frame. Publishes: the reader page (no draft cookie) is polled every 10 ms after the click. Targets: keystroke p50 ≤ 500 ms, p95 ≤ 1 s.`,
        table,
      ].join('\n\n'),
      {keystrokes: typed.length, publishes: published.length, 'load average': loads.join(' / ')},
    )
  } finally {
    await browser.close()
    await server.stop()
    dataset.remove()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
