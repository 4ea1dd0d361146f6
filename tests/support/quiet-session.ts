import type {Page} from 'playwright-core'

/**
 * Requests outside localhost that the Studio makes whatever its configuration, and that a closed network
 * refuses. Each is harmless: the Studio carries on without it.
 */
export const UNAVOIDABLE: {pattern: RegExp; reason: string}[] = [
  {
    pattern: /https:\/\/sanity-cdn\.com\/v1\/modules\/sanity\/latest\/|Failed to fetch version for package \(using tag=latest\) sanity/,
    reason: 'the version check (PackageVersionStatusProvider) fetches the newest release from the CDN and logs when it cannot',
  },
  {
    pattern: /https:\/\/api\.sanity\.io\/vX\/intake\/feedback/,
    reason: 'the help menu probes the feedback tunnel (useFeedbackAvailable) at a fixed URL; offline it hides "Give feedback"',
  },
]

/**
 * Everything that went wrong in a browser session, as a person watching the console and the network panel would
 * see it: console errors, page errors, failed requests, 4xx/5xx answers and socket errors, from every frame of the
 * pages watched (the Presentation tool's iframe included). `unexpected()` leaves out the UNAVOIDABLE ones.
 */
export class SessionProblems {
  readonly all: string[] = []
  /** WebSocket frames received, for tests that check what a socket carried. */
  readonly frames: string[] = []

  watch(page: Page): Page {
    page.on('console', (message) => {
      if (message.type() === 'error') this.all.push(`console error: ${message.text()} (at ${message.location().url})`)
    })
    page.on('pageerror', (error) => this.all.push(`page error: ${error.message}`))
    page.on('requestfailed', (request) => {
      // a request the page cancelled itself (an unsubscribed observable, a navigation) shows nothing in the console
      if (request.failure()?.errorText !== 'net::ERR_ABORTED')
        this.all.push(`failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`)
    })
    page.on('response', (response) => {
      if (response.status() >= 400) this.all.push(`${response.status()}: ${response.request().method()} ${response.url()}`)
    })
    page.on('websocket', (socket) => {
      socket.on('socketerror', (error) => {
        // bifur closes its own socket when the Studio's first subscriber goes before it opened
        if (!/closed before the connection is established/.test(error)) this.all.push(`socket error: ${socket.url()} ${error}`)
      })
      socket.on('framereceived', (frame) => this.frames.push(String(frame.payload)))
    })
    return page
  }

  unexpected(): string[] {
    return this.all.filter((problem) => !UNAVOIDABLE.some(({pattern}) => pattern.test(problem)))
  }
}
