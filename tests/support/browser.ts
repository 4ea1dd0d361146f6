import fs from 'node:fs'
import {chromium, type Browser} from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Chromium is required in CI; locally a missing browser skips browser tests, loudly. */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; CI must install it (see .ci/run)`)
  return false
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
 * compilers' threads compete with the server under test for two cores (a Studio boot: 10 CPU-s by default, 8 this way).
 */
const E2E_FLAGS = ['--js-flags=--max-opt=1']

export type ChromiumOptions = {e2e?: boolean; processPerSite?: boolean}

/**
 * Chromium, as benchmarks measure it, or with `e2e` as the end-to-end tests drive it. `processPerSite`: every tab
 * of one site in one renderer process, as Chromium does once it reaches its process limit (`--process-per-site`),
 * for a suite of many tabs: they share one compiled copy of the Studio (a tab's boot: 5 CPU-s instead of 10).
 * A tab paused in the debugger pauses its process, so a suite that pauses one keeps the default.
 */
export function launchChromium({e2e = false, processPerSite = false}: ChromiumOptions = {}): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS, ...(e2e ? E2E_FLAGS : []), ...(processPerSite ? ['--process-per-site'] : [])]
  return chromium.launch({executablePath: CHROMIUM_PATH, headless: true, args})
}
