import os from 'node:os'
import path from 'node:path'
import type {Page} from 'playwright-core'
import {readDataset, type StoredDocument} from '@/lib/offline/store/store'
import {describeInBrowser, studioForm, useLakeSite} from '../support/e2e'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const dataset = copyDemoDataset()
const ARTICLE = 'article-raspberry-pi-5'
const DRAFT = `drafts.${ARTICLE}`
/** Kept after the run, to look at the panel. */
const SCREENSHOT = path.join(os.tmpdir(), 'studio-history-panel.png')

/** A document's content: what a restore must bring back (system fields aside). */
const content = (doc: StoredDocument | undefined) => {
  if (!doc) return undefined
  const {_id, _rev, _updatedAt, _createdAt, ...rest} = doc
  void [_id, _rev, _updatedAt, _createdAt]
  return rest
}

describeInBrowser('history in the Studio: edits, publishes and restoring a version, from the local lake', () => {
  const {site} = useLakeSite(dataset.file)
  afterAll(() => dataset.remove())

  const stamp = Date.now().toString(36)
  const published = `Published headline ${stamp}`
  const later = `Later headline ${stamp}`
  const onDisk = (id: string) => readDataset(dataset.file).find((doc) => doc._id === id)
  let studio: Page
  const historyRequests: string[] = []

  it('edits, publishes and edits again an article that was in the dataset before the log began', async () => {
    studio = await site.browser.newPage({viewport: {width: 1500, height: 1000}})
    studio.on('response', (response) => {
      if (response.url().includes('/data/history/')) historyRequests.push(`${response.status()} ${new URL(response.url()).pathname}`)
    })
    await studio.goto(`${site.url}/studio/intent/edit/id=${ARTICLE};type=article/`, {waitUntil: 'domcontentloaded'})
    const title = studio.getByTestId('field-title').getByTestId('string-input')
    await studioForm(studio, site.server, {form: title})

    await title.fill(published)
    await eventually(
      async () => onDisk(DRAFT)?.title,
      (value) => value === published,
    )
    await studio.locator('[data-testid="action-publish"]:not([disabled])').click()
    await eventually(
      async () => [onDisk(ARTICLE)?.title, onDisk(DRAFT)],
      ([value, draft]) => value === published && !draft,
    )

    await title.fill(later)
    expect(
      await eventually(
        async () => onDisk(DRAFT)?.title,
        (value) => value === later,
      ),
    ).toBe(later)
  })

  it('lists those entries in the history panel, with time and the local editor', async () => {
    await studio.getByTestId('document-pane').getByTestId('pane-context-menu-button').click()
    await studio.getByTestId('action-history').click()
    const items = studio.getByTestId('timeline-item-button')
    await items.nth(3).waitFor({timeout: 30_000})
    // edits the listener brings land a moment after the fetched entries; a duplicate would show by then
    await studio.waitForTimeout(1500)
    await items.first().hover()
    await studio.screenshot({path: SCREENSHOT})
    // each item: the author's initials, what happened, when
    const entries = (await items.allInnerTexts()).map((text) => text.split('\n'))
    // newest first: the edit after publishing, its draft, the publish (the first draft folds into it), the creation from before the log
    expect(entries.map((lines) => lines[1])).toEqual(['Edited', 'Draft created', 'Published', 'Created'])
    expect(entries.map((lines) => lines[0])).toEqual(['LE', 'LE', 'LE', 'LE'])
    expect(entries[0][2]).toBe('just now')
    expect(entries[3][2]).toMatch(/^Sep \d/)
    expect(historyRequests.length).toBeGreaterThan(0)
    expect(historyRequests.filter((request) => !request.startsWith('200'))).toEqual([])
  })

  it('shows the published version when its entry is selected, restores it, and the restored draft publishes', async () => {
    const title = studio.getByTestId('field-title').getByTestId('string-input')
    await studio.getByTestId('timeline-item-button').filter({hasText: 'Published'}).click()
    await eventually(
      () => title.inputValue(),
      (value) => value === published,
    )
    expect(await title.inputValue()).toBe(published)

    await studio.getByTestId('action-reverttorevision').click()
    await studio.getByTestId('confirm-popover-confirm-button').click()
    const restored = await eventually(
      async () => onDisk(DRAFT),
      (draft) => draft?.title === published,
    )
    expect(content(restored)).toEqual(content(onDisk(ARTICLE)))

    const before = onDisk(ARTICLE)!._rev
    await studio.locator('[data-testid="action-publish"]:not([disabled])').click()
    const [republished, draft] = await eventually(
      async () => [onDisk(ARTICLE), onDisk(DRAFT)] as const,
      ([doc, left]) => !left && doc?._rev !== before,
    )
    expect(draft).toBeUndefined()
    expect(republished?._rev).not.toBe(before)
    expect(content(republished)).toEqual(content(restored))
    await studio.close()
  })
})
