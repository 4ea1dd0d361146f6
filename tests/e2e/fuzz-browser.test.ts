/**
 * The hostile-content fuzz, end to end: the pinned and one random batch of malformed documents
 * (tests/fuzz/mutations.ts) served by a production build, and every page they reach opened in Chromium
 * with a canary on alert/confirm/prompt/print/open and on the console. Targets: no 5xx, and no script
 * of the content's ever runs. (tests/unit/fuzz/hostile-content.test.tsx checks the same content's HTML
 * statically, and the logging of every drop.)
 */
import {readDemoDataset, createFuzzDataset} from '../fuzz/dataset'
import {generateBatches, type Doc, type Variant} from '../fuzz/mutations'
import {describeInBrowser, useProductionSite} from '../support/e2e'

const SEED = Number(process.env.FUZZ_SEED ?? 20261126)
const batches = generateBatches(readDemoDataset(), {seed: SEED, randomBatches: 1})
const fuzz = createFuzzDataset()
// batches suffix their ids and slugs, so they live side by side; shared documents are written once
const documents = new Map<string, Doc>()
for (const batch of batches) for (const doc of batch.documents) if (!documents.has(doc._id)) documents.set(doc._id, doc)
fuzz.write([...documents.values()])

const ROUTES: Record<string, string> = {
  article: 'articles',
  quote: 'quotes',
  principleList: 'principles',
  author: 'authors',
  topic: 'topics',
}
/** The page a reader would request; none for a slug that is not well-formed UTF-16 (no URL can carry it). */
const pathOf = (variant: Variant) => {
  try {
    return [`/${ROUTES[variant.type]}/${encodeURIComponent(variant.routeSlug)}`]
  } catch {
    return []
  }
}

/** Installed before any page script: anything content manages to run trips one of these. */
const CANARY = () => {
  const w = window as unknown as {__canary: string[]}
  w.__canary = []
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open'] as const) {
    ;(window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      w.__canary.push(`${name}(${args.map(String).join(', ')})`)
    }
  }
}

describeInBrowser('hostile content in Chromium', () => {
  const site = useProductionSite({BROADSHEET_DATASET_FILE: fuzz.file})
  afterAll(() => fuzz.remove())

  const variants = batches.flatMap((batch) => batch.variants).filter((v) => v.reachable && ROUTES[v.type])
  const paths = [...new Set(['/', '/page/2', '/quotes', '/principles', '/search?q=alert', '/search?q=script', ...variants.flatMap(pathOf)])]

  it(`opens ${paths.length} pages over ${variants.length} malformed documents: no 5xx, and no script of theirs runs`, async () => {
    const context = await site.browser.newContext()
    await context.addInitScript(CANARY)
    const tripped: string[] = []
    const serverErrors: string[] = []
    let opened = 0
    /** Opens its share of the paths one after another in a tab of its own. */
    const browse = async (share: string[]) => {
      const page = await context.newPage()
      page.on('dialog', (dialog) => {
        tripped.push(`${page.url()}: dialog ${dialog.message()}`)
        void dialog.dismiss()
      })
      page.on('console', (message) => {
        if (/alert\(|xss|pwned|canary/i.test(message.text())) tripped.push(`${page.url()}: console ${message.text().slice(0, 120)}`)
      })
      for (const path of share) {
        const response = await page.goto(`${site.url}${path}`, {waitUntil: 'load'})
        const status = response?.status() ?? 0
        if (status >= 500 || status === 0) serverErrors.push(`${status} ${path}`)
        // give event handlers (onerror, onload, CSS-triggered fetches) a moment to fire
        await page.waitForTimeout(50)
        for (const call of await page.evaluate(() => (window as unknown as {__canary: string[]}).__canary)) tripped.push(`${path}: ${call}`)
        opened++
      }
    }
    // two tabs, one per core: while the server renders a page for one, the browser lays out the other's
    await Promise.all([0, 1].map((tab) => browse(paths.filter((_, i) => i % 2 === tab))))
    await context.close()
    expect(opened).toBe(paths.length)
    expect(serverErrors).toEqual([])
    expect(tripped).toEqual([])
  }, 600_000)

  it('the canary is live: a script that does run is caught', async () => {
    const context = await site.browser.newContext()
    await context.addInitScript(CANARY)
    const page = await context.newPage()
    await page.goto(`${site.url}/`)
    await page.evaluate(() => window.alert('canary self-test'))
    expect(await page.evaluate(() => (window as unknown as {__canary: string[]}).__canary)).toEqual(['alert(canary self-test)'])
    await context.close()
  })
})
