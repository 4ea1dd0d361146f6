// The Studio and its lake, for browser tests and benchmarks alike (nothing here needs Jest).
import {randomBytes} from 'node:crypto'
import type {Locator, Page} from 'playwright-core'
import {freePort, type RunningServer} from './production-server'

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
