import type {Browser} from 'playwright-core'
import {launchChromium, type ChromiumOptions} from './browser'
import {startProductionServer, type RunningServer} from './production-server'
import {LakeAddress} from './studio'

export {LakeAddress, studioForm} from './studio'

/** describe() for browser suites: skipped, loudly, where Chromium is missing (never in CI; see global-setup). */
export const describeInBrowser: jest.Describe = process.env.E2E_SKIP === '1' ? describe.skip : describe

/** How a suite's Chromium is launched, beyond the e2e flags every suite's gets. */
type BrowserOptions = Omit<ChromiumOptions, 'e2e'>

/** A production server and a Chromium for one suite, torn down after it. */
export function useProductionSite(
  extraEnv: Record<string, string> | (() => Promise<Record<string, string>>) = {},
  browserOptions: BrowserOptions = {},
) {
  const site = {} as {server: RunningServer; browser: Browser; url: string}
  beforeAll(async () => {
    site.server = await startProductionServer(typeof extraEnv === 'function' ? await extraEnv() : extraEnv)
    site.url = site.server.url
    site.browser = await launchChromium({e2e: true, ...browserOptions})
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
export function useLakeSite(datasetFile: string, browserOptions: BrowserOptions = {}) {
  const lake = new LakeAddress()
  const site = useProductionSite(
    async () => ({
      BROADSHEET_DATASET_FILE: datasetFile,
      BROADSHEET_LOCAL_LAKE: '1',
      BROADSHEET_LAKE_TOKEN: lake.token,
      BROADSHEET_LAKE_PORT: String(await lake.pick()),
    }),
    browserOptions,
  )
  return {site, lake}
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
