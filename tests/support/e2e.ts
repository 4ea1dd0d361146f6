import {randomBytes} from 'node:crypto'
import type {Browser, Locator, Page} from 'playwright-core'
import {launchChromium} from './browser'
import {freePort, startProductionServer, type RunningServer} from './production-server'

/** describe() for browser suites: skipped, loudly, where Chromium is missing (never in CI; see global-setup). */
export const describeInBrowser: jest.Describe = process.env.E2E_SKIP === '1' ? describe.skip : describe

/** A production server and a Chromium for one suite, torn down after it. */
export function useProductionSite(extraEnv: Record<string, string> | (() => Promise<Record<string, string>>) = {}) {
  const site = {} as {server: RunningServer; browser: Browser; url: string}
  beforeAll(async () => {
    site.server = await startProductionServer(typeof extraEnv === 'function' ? await extraEnv() : extraEnv)
    site.url = site.server.url
    site.browser = await launchChromium()
  })
  afterAll(async () => {
    await site.browser?.close()
    await site.server?.stop()
  })
  return site
}

/**
 * A production site with the local Content Lake on, over `datasetFile`, its lake on a free port of its own with a
 * token of its own (`lake.url` and `lake.token` once the suite has started).
 */
export function useLakeSite(datasetFile: string) {
  const lake = new LakeAddress()
  const site = useProductionSite(async () => ({
    BROADSHEET_DATASET_FILE: datasetFile,
    BROADSHEET_LOCAL_LAKE: '1',
    BROADSHEET_LAKE_TOKEN: lake.token,
    BROADSHEET_LAKE_PORT: String(await lake.pick()),
  }))
  return {site, lake}
}

/** The lake's address and token; its port is picked when the suite's server starts. */
export class LakeAddress {
  readonly token = randomBytes(32).toString('base64url')
  private port = 0
  async pick() {
    this.port = await freePort()
    return this.port
  }
  get url() {
    return `http://127.0.0.1:${this.port}`
  }
}

/**
 * Waits for the Studio's document form (its title field, unless told another part). A timeout says what the tab
 * showed instead and what the server logged last, so a failure in CI can be read without a rerun.
 */
export async function studioForm(
  page: Page,
  server: RunningServer,
  {form = page.locator('#title'), timeout = 60_000}: {form?: Locator; timeout?: number} = {},
) {
  try {
    await form.waitFor({timeout})
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText({timeout: 5_000})
      .catch((reason: Error) => `(no text: ${reason.message.split('\n')[0]})`)
    throw new Error(
      `the Studio form did not appear within ${timeout} ms at ${page.url()}\n--- the tab showed:\n${shown.slice(0, 1_500)}\n--- the server's last output:\n${server.output().slice(-3_000)}`,
      {cause: error},
    )
  }
}

/** One of each reader page type on the demo dataset; /page/2 stands for every paginated listing (they share one component). */
export const READER_PAGE_TYPES = [
  '/',
  '/page/2',
  '/articles/microsoft-wont-sell-facial-recognition-to-police',
  '/topics/privacy',
  '/authors/jane-doe',
  '/quotes',
  '/quotes/brad-smith-facial-recognition-police',
  '/principles',
  '/principles/microsoft-facial-recognition-principles',
  '/search?q=privacy',
]

/** A Content-Security-Policy header as directive → values. */
export const cspDirectives = (policy: string | null) =>
  new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  )
