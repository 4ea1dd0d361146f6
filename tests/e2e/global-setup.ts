import {chromiumAvailable} from '../support/browser'
import {buildForProduction} from '../support/production-server'

export default async function globalSetup() {
  if (!chromiumAvailable()) {
    const line = '!'.repeat(78)
    console.warn(
      `\n${line}\n!! Chromium not found at /usr/bin/chromium: SKIPPING every browser test.\n` +
        `!! Install it with: apt-get install -y chromium fonts-liberation\n${line}\n`,
    )
    process.env.E2E_SKIP = '1'
    return
  }
  buildForProduction()
}
