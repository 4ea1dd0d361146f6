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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS})
}
