import type {CDPSession, Page} from 'playwright-core'
import {readDataset} from '@/lib/offline/store/store'
import {describeInBrowser, studioForm, useLakeSite} from '../support/e2e'
import {openStreams} from '../support/studio'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

type StreamState = {holdsStream: boolean; received: number}
const streamState = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as {__broadsheetLakeStream: {state: StreamState}}).__broadsheetLakeStream.state)
const editUrl = (site: string, id: string) => `${site}/studio/intent/edit/id=${id};type=article/`

describeInBrowser('Studio tabs: a holder tab whose JavaScript stops does not starve the others', () => {
  const dataset = copyDemoDataset()
  const {site, lake} = useLakeSite(dataset.file)
  afterAll(() => dataset.remove())
  const onDisk = () => readDataset(dataset.file)
  const [first, second] = ['article-ibm-exits-facial-recognition', 'article-amazon-rekognition-moratorium']
  let holder: Page
  let other: Page
  let debuggerSession: CDPSession

  it('pauses the holder tab in the debugger: the other tab takes the stream over, and edits and publishes', async () => {
    expect(onDisk().some((doc) => doc._id === second)).toBe(true)
    const context = await site.browser.newContext({viewport: {width: 1200, height: 900}})
    holder = await context.newPage()
    await holder.goto(editUrl(site.url, first), {waitUntil: 'domcontentloaded'})
    await studioForm(holder, site.server)
    other = await context.newPage()
    const warnings: string[] = []
    other.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text())
    })
    await other.goto(editUrl(site.url, second), {waitUntil: 'domcontentloaded'})
    await studioForm(other, site.server)
    expect((await streamState(holder)).holdsStream).toBe(true)
    expect((await streamState(other)).holdsStream).toBe(false)

    // a breakpoint, as DevTools would set it: the tab keeps its Web Locks, and its JavaScript stops
    debuggerSession = await context.newCDPSession(holder)
    await debuggerSession.send('Debugger.enable')
    await debuggerSession.send('Debugger.pause')

    expect(await eventually(async () => (await streamState(other)).holdsStream, Boolean, 30_000)).toBe(true)
    expect(warnings.some((text) => /silent .* this tab takes it over/.test(text))).toBe(true)
    const edited = `Edited while the holder tab is paused ${Date.now().toString(36)}`
    await other.locator('#title').fill(edited)
    await eventually(
      async () => onDisk().find((doc) => doc._id === `drafts.${second}`)?.title,
      (title) => title === edited,
    )
    // publishing needs the listener: the Studio waits to hear its own edits back before it publishes
    await other.locator('[data-testid="action-publish"]:not([disabled])').click()
    const published = await eventually(
      async () => onDisk(),
      (docs) => docs.find((doc) => doc._id === second)?.title === edited && !docs.some((doc) => doc._id === `drafts.${second}`),
      30_000,
    )
    expect(published.find((doc) => doc._id === second)?.title).toBe(edited)
  }, 180_000)

  it('resumed, the old holder steps down and listens through the new one: one stream, and it hears edits again', async () => {
    await debuggerSession.send('Debugger.resume')
    expect(
      await eventually(
        async () => (await streamState(holder)).holdsStream,
        (holds) => !holds,
        20_000,
      ),
    ).toBe(false)
    expect(
      await eventually(
        async () => (await openStreams(lake)).length,
        (streams) => streams === 1,
        30_000,
      ),
    ).toBe(1)
    const heard = (await streamState(holder)).received
    const again = `Heard in the resumed tab ${Date.now().toString(36)}`
    await other.locator('#title').fill(again)
    expect(
      await eventually(
        async () => (await streamState(holder)).received,
        (received) => received > heard,
        20_000,
      ),
    ).toBeGreaterThan(heard)
    await holder.context().close()
  }, 120_000)
})
