import type {Page} from 'playwright-core'
import {describeInBrowser, useProductionSite} from '../support/e2e'
import {E2E_PREVIEW_SECRET} from '../support/production-server'

const AXE = require.resolve('axe-core/axe.min.js')
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

const PAGES: [string, string][] = [
  ['home', '/'],
  ['article', '/articles/microsoft-wont-sell-facial-recognition-to-police'],
  ['topic', '/topics/ai'],
  ['author', '/authors/jane-doe'],
  ['quotes', '/quotes'],
  ['a quote', '/quotes/brad-smith-facial-recognition-police'],
  ['principles index', '/principles'],
  ['a principle list', '/principles/microsoft-facial-recognition-principles'],
  ['search', '/search?q=facial+recognition'],
  ['404', '/no/such/page'],
]

async function axeViolations(page: Page) {
  await page.addScriptTag({path: AXE})
  const results = await page.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: {run: (ctx: unknown, opts: unknown) => Promise<{violations: {id: string; help: string; nodes: {target: string[]}[]}[]}>}
        }
      ).axe.run(document, {runOnly: {type: 'tag', values: tags}}),
    WCAG_22_AA,
  )
  return results.violations.map(
    (v) =>
      `${v.id}: ${v.help} (${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')})`,
  )
}

describeInBrowser('accessibility (axe-core, WCAG 2.2 AA) on the production build', () => {
  const site = useProductionSite()
  /**
   * A desktop tab and a phone tab, each visiting every page in turn: a tab keeps its renderer process, which compiles
   * axe once rather than once per page (a new tab per page: 46 s for this suite alone, against 25 s).
   */
  const viewports = [
    {width: 1280, height: 900},
    {width: 390, height: 844},
  ]
  let tabs: Page[] = []
  beforeAll(async () => {
    // axe is injected as a script, which the reader pages' policy (script-src 'none') would refuse
    tabs = await Promise.all(viewports.map((viewport) => site.browser.newPage({viewport, bypassCSP: true})))
  })
  afterAll(() => Promise.all(tabs.map((page) => page.close())))

  it.each(PAGES)('%s has no violations', async (_name, path) => {
    // desktop and phone side by side, one per core
    const violations = await Promise.all(
      tabs.map(async (page, i) => {
        await page.goto(site.url + path)
        return (await axeViolations(page)).map((violation) => `${viewports[i].width}px: ${violation}`)
      }),
    )
    expect(violations.flat()).toEqual([])
  })

  it('an article in preview has no violations, banner included', async () => {
    const page = await site.browser.newPage({bypassCSP: true})
    const redirect = encodeURIComponent('/articles/microsoft-wont-sell-facial-recognition-to-police')
    await page.goto(`${site.url}/api/draft-mode/enable?secret=${E2E_PREVIEW_SECRET}&redirect=${redirect}`)
    await expect(page.locator('.preview-banner').count()).resolves.toBe(1)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('is usable from the keyboard: skip link first, visible focus, every control reachable', async () => {
    const page = await site.browser.newPage()
    await page.goto(`${site.url}/articles/microsoft-wont-sell-facial-recognition-to-police`)

    await page.keyboard.press('Tab')
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const rect = el.getBoundingClientRect()
      return {text: el.textContent, href: el.getAttribute('href'), visible: rect.top >= 0 && rect.height > 0}
    })
    expect(first).toEqual({text: 'Skip to content', href: '#main', visible: true})
    await page.keyboard.press('Enter')
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main')

    // tab through the whole page: every link and control gets focus, each with a visible outline
    await page.goto(`${site.url}/articles/microsoft-wont-sell-facial-recognition-to-police`)
    const interactive = await page.locator('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').count()
    const reached = new Set<string>()
    for (let i = 0; i < interactive + 5; i++) {
      await page.keyboard.press('Tab')
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        if (!el || el === document.body) return null
        const style = getComputedStyle(el)
        const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
        return {
          key: `${el.tagName}:${el.getAttribute('href') ?? el.textContent}:${[...el.parentElement!.children].indexOf(el)}:${el.closest('[id],[class]')?.className}`,
          outlined,
        }
      })
      if (!focus) continue
      expect(focus.outlined).toBe(true)
      reached.add(focus.key)
    }
    expect(reached.size).toBeGreaterThanOrEqual(interactive - 2)
    await page.close()
  })
})
