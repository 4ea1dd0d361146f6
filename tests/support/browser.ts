import fs from 'node:fs'
import {chromium, type Browser} from 'playwright-core'

/** Chromium as readers run it: what the benchmarks and Lighthouse measure. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/**
 * The end-to-end tests' browser: Chromium's headless shell (Debian's chromium-headless-shell, built from the same
 * source at the same version; Playwright's own default headless browser). The same Blink and V8 without the desktop
 * browser's layers around them (nor the flags Debian's chromium wrapper adds): a Studio suite costs 15% less CPU,
 * a suite of 112 reader pages 30% less (measured with E2E_FLAGS on both).
 */
export const HEADLESS_SHELL_PATH = process.env.CHROMIUM_HEADLESS_SHELL_PATH ?? '/usr/bin/chromium-headless-shell'

/**
 * The browser the end-to-end tests drive: the headless shell, or full Chromium where only that is installed (slower;
 * global-setup says so), or none, where the browser tests are skipped, loudly. CI must have the shell (.ci/run).
 */
export function e2eBrowserPath(): string | undefined {
  if (fs.existsSync(HEADLESS_SHELL_PATH)) return HEADLESS_SHELL_PATH
  if (process.env.CI) throw new Error(`Chromium's headless shell not found at ${HEADLESS_SHELL_PATH}; CI must install it (see .ci/run)`)
  return fs.existsSync(CHROMIUM_PATH) ? CHROMIUM_PATH : undefined
}

// without the background-networking flags Chromium floods the closed network with connections
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * For the end-to-end tests only (benchmarks keep Chromium's defaults): V8 stops at its baseline compiler, without
 * Maglev or TurboFan. A test's page lives seconds, too short for optimised code to repay compiling it, and the
 * compilers' threads compete with the server under test for two cores (a Studio boot in full Chromium: 10 CPU-s by
 * default, 8 this way).
 */
const E2E_FLAGS = ['--js-flags=--max-opt=1']

export type ChromiumOptions = {e2e?: boolean; processPerSite?: boolean}

/**
 * Chromium, as benchmarks measure it, or with `e2e` the browser and flags the end-to-end tests drive.
 * `processPerSite`: every tab of one site in one renderer process, as Chromium does once it reaches its process limit
 * (`--process-per-site`), for a suite of many tabs: they share one compiled copy of the Studio (a tab's boot in full
 * Chromium: 5 CPU-s instead of 10).
 * A tab paused in the debugger pauses its process, so a suite that pauses one keeps the default.
 */
export function launchChromium({e2e = false, processPerSite = false}: ChromiumOptions = {}): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS, ...(e2e ? E2E_FLAGS : []), ...(processPerSite ? ['--process-per-site'] : [])]
  const executablePath = e2e ? e2eBrowserPath() : CHROMIUM_PATH
  // never Playwright's own download, of another version: no browser here is global-setup's skip, not a launch
  if (!executablePath) throw new Error(`no browser for the end-to-end tests at ${HEADLESS_SHELL_PATH} or ${CHROMIUM_PATH}`)
  return chromium.launch({executablePath, headless: true, args})
}
