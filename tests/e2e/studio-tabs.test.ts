import type {BrowserContext, Page} from 'playwright-core'
import {readDataset} from '@/lib/offline/store/store'
import {describeInBrowser, studioForm, useLakeSite} from '../support/e2e'
import {openStreams} from '../support/studio'
import {lakeClientAt} from '../support/lake'
import {SessionProblems} from '../support/quiet-session'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const TABS = 20

/**
 * A production site with the local lake on a port of its own, over a private copy of the demo dataset. With
 * `processPerSite`, Chromium keeps the site's tabs in one renderer process (twenty Studio boots at half the CPU; see
 * launchChromium); without, each tab has a process of its own, as an editor's few tabs do.
 */
function useStudioTabsSite({processPerSite}: {processPerSite: boolean}) {
  const dataset = copyDemoDataset()
  const {site, lake} = useLakeSite(dataset.file, {processPerSite})
  afterAll(() => dataset.remove())
  const onDisk = () => readDataset(dataset.file)
  return {site, lake, onDisk, openStreams: () => openStreams(lake)}
}

const editUrl = (site: string, id: string) => `${site}/studio/intent/edit/id=${id};type=article/`
const title = (page: Page) => page.locator('#title').inputValue()
type StreamState = {holdsStream: boolean; listeners: number; welcomed: number; received: number}
const streamState = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as {__broadsheetLakeStream: {state: StreamState}}).__broadsheetLakeStream.state)

/** A tab's request for the lake's shared listener stream. */
const isStreamRequest = (url: string) => /\/broadsheet\/listen\/production\?stream=/.test(url)

/** The tabs that asked the lake for a listener stream, each with how many times. */
function streamRequests() {
  const openedBy = new Map<Page, number>()
  const watch = (page: Page) =>
    page.on('request', (request) => {
      if (isStreamRequest(request.url())) openedBy.set(page, (openedBy.get(page) ?? 0) + 1)
    })
  return {openedBy, watch}
}

// Twenty tabs share one renderer process here, so a boot starves the holder tab and the tabs checking on it alike;
// the quiet session below keeps a process per tab, where the booting tab starves only the holder, and closes one.
describeInBrowser('Studio tabs: every tab of a browser shares one listener stream', () => {
  const {site, lake, onDisk, openStreams} = useStudioTabsSite({processPerSite: true})
  // the form shows a document's draft where it has one
  const stored = new Map(onDisk().map((doc) => [doc._id, doc]))
  const articles = [...stored.values()]
    .filter((doc) => doc._type === 'article' && !doc._id.startsWith('drafts.'))
    .map((doc) => ({id: doc._id, title: String((stored.get(`drafts.${doc._id}`) ?? doc).title)}))
  // tabs 1–18 open one demo article each; tab 19 opens tab 2's article and tab 20 tab 1's, so each has a twin
  const shown = Array.from({length: TABS}, (_, i) => articles[i < articles.length ? i : TABS - 1 - i])
  let context: BrowserContext
  let tabs: Page[] = []
  const articleIn = new Map<Page, {id: string; title: string}>()
  const {openedBy: streamOpenedBy, watch: watchStreams} = streamRequests()
  const handoverLog: string[] = []
  const shownIn = (page: Page) => [...articleIn.keys()].indexOf(page) + 1

  /**
   * A query to the lake from inside the browser: it stalls for good if streams hold every connection to the
   * host. Bounded at 30 s, not less: right after a handover, every tab's Studio refetches through the five
   * connections the stream leaves, and on a busy machine the query waits its turn behind them.
   */
  const queryFromTab = (page: Page) =>
    page.evaluate(
      async ({url, token}) => {
        const response = await fetch(`${url}/v2025-02-19/data/query/production?query=count(*[_type == "article"])`, {
          headers: {Authorization: `Bearer ${token}`},
          signal: AbortSignal.timeout(30_000),
        })
        return ((await response.json()) as {result: number}).result
      },
      {url: lake.url, token: lake.token},
    )

  it(`opens ${TABS} Studio tabs of one browser, each showing its article, over one stream`, async () => {
    context = await site.browser.newContext({viewport: {width: 1200, height: 900}})
    for (const article of shown) {
      const page = watchStreams(await context.newPage())
      await page.goto(editUrl(site.url, article.id), {waitUntil: 'domcontentloaded'})
      // one after another, as an editor opens them: a Studio's boot keeps both cores busy (two at once took as long)
      await studioForm(page, site.server)
      tabs.push(page)
      articleIn.set(page, article)
    }
    for (const [i, page] of tabs.entries()) {
      expect(
        await eventually(
          () => title(page),
          (value) => value === shown[i].title,
        ),
      ).toBe(shown[i].title)
    }
    expect([...streamOpenedBy.values()]).toEqual([1])
    expect(await eventually(openStreams, (streams) => streams.length === 1)).toHaveLength(1)
    expect(await queryFromTab(tabs[TABS - 1])).toBe(articles.length)
    // twenty Studio boots, one after another
  }, 300_000)

  it('shows an edit made in tab 20 live in tab 1, and saves it', async () => {
    const edited = `${shown[0].title} (edited in tab 20)`
    await tabs[TABS - 1].locator('#title').fill(edited)
    expect(
      await eventually(
        () => title(tabs[0]),
        (value) => value === edited,
      ),
    ).toBe(edited)
    const draft = await eventually(
      async () => onDisk().find((doc) => doc._id === `drafts.${shown[0].id}`),
      (doc) => doc?.title === edited,
    )
    expect(draft?.title).toBe(edited)
  })

  it('hands the stream over when the tab holding it closes: no tab is left deaf', async () => {
    // whichever tab's Studio asked first holds the stream
    const holder = [...streamOpenedBy.keys()][0]
    streamOpenedBy.clear()
    // what the tabs say of the stream from here on (a takeover from a silent holder warns), for a failure to explain itself
    for (const page of tabs) {
      page.on('console', (message) => {
        if (message.text().includes('[lake]')) handoverLog.push(`tab ${shownIn(page)}: ${message.text()}`)
      })
      page.on('request', (request) => {
        if (isStreamRequest(request.url())) handoverLog.push(`tab ${shownIn(page)} opened a stream`)
      })
    }
    await holder.close()
    tabs = tabs.filter((page) => page !== holder)

    // the next tab opens the one stream, and the lake sees one again
    const next = await eventually(
      async () => [...streamOpenedBy.keys()],
      (opened) => opened.length > 0,
    )
    expect(next).toHaveLength(1)
    expect(tabs).toContain(next[0])
    expect(await eventually(openStreams, (streams) => streams.length === 1)).toHaveLength(1)
    // every listener of every tab is on the new stream: the edit below travels as events, not refetches
    const onStream = await eventually(
      async () => {
        const listeners = (await Promise.all(tabs.map(streamState))).reduce((sum, state) => sum + state.listeners, 0)
        return {listeners, subscriptions: (await openStreams()).map((stream) => stream.subscriptions)}
      },
      ({listeners, subscriptions}) => subscriptions.length === 1 && subscriptions[0] === listeners,
      30_000,
    )
    expect(onStream.subscriptions).toEqual([onStream.listeners])
    expect(await queryFromTab(tabs[0])).toBe(articles.length)

    // an edit from outside the Studio reaches every remaining tab's open document
    const ids = new Set(onDisk().map((doc) => doc._id))
    const transaction = lakeClientAt(lake.url, lake.token).transaction()
    for (const {id} of articles) transaction.patch(ids.has(`drafts.${id}`) ? `drafts.${id}` : id, {set: {title: `Relayed ${id}`}})
    await transaction.commit()
    const expected = tabs.map((page) => `tab ${shownIn(page)}: Relayed ${articleIn.get(page)!.id}`)
    const seen = () =>
      Promise.all(
        tabs.map(async (page) => {
          const value = await title(page)
          const state = value.startsWith('Relayed') ? '' : JSON.stringify(await streamState(page))
          return `tab ${shownIn(page)}: ${value}${state}`
        }),
      )
    // bounded past the Studio's own 30 s: a document whose events arrive out of order waits that long, then refetches
    const titles = await eventually(seen, (titles) => titles.join() === expected.join(), 60_000)
    const streams = await openStreams()
    if (titles.join() !== expected.join()) console.error(`after the handover:\n${handoverLog.join('\n')}`)
    expect({titles, streams}).toEqual({titles: expected, streams: [expect.anything()]})

    // and an edit in one tab still shows in its twin
    const article = [shown[0], shown[1]].find((a) => tabs.filter((page) => articleIn.get(page) === a).length === 2)!
    const twins = tabs.filter((page) => articleIn.get(page) === article)
    const again = `Relayed ${article.id} (edited after the handover)`
    await twins[1].locator('#title').fill(again)
    expect(
      await eventually(
        () => title(twins[0]),
        (value) => value === again,
      ),
    ).toBe(again)
    expect(
      await eventually(
        async () => onDisk().find((doc) => doc._id === `drafts.${article.id}`)?.title,
        (t) => t === again,
      ),
    ).toBe(again)
    // its waits add up past the 120 s default on a busy machine
  }, 240_000)

  it('drops the stream when the last tab closes', async () => {
    await context.close()
    expect(await eventually(openStreams, (streams) => streams.length === 0)).toHaveLength(0)
  })
})

describeInBrowser('a quiet Studio session, a process per tab: one stream, no failed request from opening the Studio to publishing', () => {
  const {site, lake, onDisk, openStreams} = useStudioTabsSite({processPerSite: false})
  const article = () => onDisk().find((doc) => doc._id === 'article-ibm-exits-facial-recognition')!
  const {openedBy: streamOpenedBy, watch: watchStreams} = streamRequests()
  let context: BrowserContext
  let editor: Page
  let watcher: Page

  it('opens an article in two tabs, shows presence, edits and publishes, with nothing failing on the way', async () => {
    context = await site.browser.newContext({viewport: {width: 1200, height: 900}})
    const session = new SessionProblems()
    const watch = (page: Page) => watchStreams(session.watch(page))
    ;[editor, watcher] = [watch(await context.newPage()), watch(await context.newPage())]
    const {_id: id, title: before} = article()
    for (const page of [editor, watcher]) {
      await page.goto(editUrl(site.url, id), {waitUntil: 'domcontentloaded'})
      await studioForm(page, site.server)
    }
    const edited = `${before}, quietly`
    await editor.locator('#title').fill(edited)
    await eventually(
      async () => onDisk().find((doc) => doc._id === `drafts.${id}`),
      (doc) => doc?.title === edited,
    )
    await editor.locator('[data-testid="action-publish"]:not([disabled])').click()
    const published = await eventually(
      async () => onDisk(),
      (docs) => docs.find((doc) => doc._id === id)?.title === edited && !docs.some((doc) => doc._id === `drafts.${id}`),
    )
    expect(published.find((doc) => doc._id === id)?.title).toBe(edited)
    expect(
      await eventually(
        () => title(watcher),
        (value) => value === edited,
      ),
    ).toBe(edited)

    // presence: each tab hears where the other is, over the lake's socket
    expect(
      await eventually(
        async () => session.frames.some((frame) => frame.includes('"presence_subscription"') && frame.includes('"state"')),
        Boolean,
      ),
    ).toBe(true)
    // give late requests (help, offers, schema descriptors, history) time to settle
    await editor.waitForTimeout(3000)
    expect(session.unexpected()).toEqual([])
    // the editor's tab opened the one stream, and the watcher's boot, in a process of its own, took nothing from it
    expect([...streamOpenedBy.entries()].map(([page, times]) => [page === editor ? 'editor' : 'watcher', times])).toEqual([['editor', 1]])
    expect(await openStreams()).toHaveLength(1)
  })

  it('hands the stream to the other tab when the tab holding it closes, and the other tab hears edits through it', async () => {
    streamOpenedBy.clear()
    await editor.close()
    expect(
      await eventually(
        async () => [...streamOpenedBy.keys()],
        (opened) => opened.length > 0,
      ),
    ).toEqual([watcher])
    expect(await eventually(openStreams, (streams) => streams.length === 1)).toHaveLength(1)
    const {_id: id} = article()
    const relayed = 'Relayed to the tab left open'
    await lakeClientAt(lake.url, lake.token)
      .patch(id, {set: {title: relayed}})
      .commit()
    expect(
      await eventually(
        () => title(watcher),
        (value) => value === relayed,
      ),
    ).toBe(relayed)
    await context.close()
    expect(await eventually(openStreams, (streams) => streams.length === 0)).toHaveLength(0)
  })
})
