import {CHROMIUM_PATH, HEADLESS_SHELL_PATH, e2eBrowserPath} from '../support/browser'
import {buildForProduction} from '../support/production-server'

export default async function globalSetup() {
  const browser = e2eBrowserPath()
  const line = '!'.repeat(78)
  if (!browser) {
    console.warn(
      `\n${line}\n!! Neither ${HEADLESS_SHELL_PATH} nor ${CHROMIUM_PATH} found: SKIPPING every browser test.\n` +
        `!! Install them with: apt-get install -y chromium chromium-headless-shell fonts-liberation\n${line}\n`,
    )
    process.env.E2E_SKIP = '1'
    return
  }
  if (browser !== HEADLESS_SHELL_PATH)
    console.warn(
      `\n${line}\n!! ${HEADLESS_SHELL_PATH} not found: the browser tests drive ${browser}, which costs more CPU.\n` +
        `!! Install it with: apt-get install -y chromium-headless-shell\n${line}\n`,
    )
  buildForProduction()
}
