// A git pull while the editor types, in the real Studio: the file's version is current, the editor's is kept as the
// draft, and the Studio says so on the document until it is published.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {readDataset} from '@/lib/offline/store/store'
import {journaledVersion} from '../support/journal'
import {describeInBrowser, studioForm, useLakeSite} from '../support/e2e'
import {copyDemoDataset, eventually} from '../support/temp-dataset'

const dataset = copyDemoDataset()
const ARTICLE = 'article-raspberry-pi-5'
const SCREENSHOT = path.join(os.tmpdir(), 'studio-conflict-notice.png')

describeInBrowser('an outside edit that meets the editor’s saves, in the Studio', () => {
  const {site} = useLakeSite(dataset.file)
  afterAll(() => dataset.remove())
  const onDisk = (id: string) => readDataset(dataset.file).find((doc) => doc._id === id)

  it('keeps the editor’s version as the draft and shows a warning on the document until it is published', async () => {
    const studio = await site.browser.newPage({viewport: {width: 1500, height: 1000}})
    await studio.goto(`${site.url}/studio/intent/edit/id=${ARTICLE};type=article/`, {waitUntil: 'domcontentloaded'})
    const title = studio.getByTestId('field-title').getByTestId('string-input')
    await studioForm(studio, site.server, {form: title})

    // the editor publishes a new headline; the moment it is in the log (the file follows a second later), a pull lands
    const ours = `Published in the Studio ${Date.now().toString(36)}`
    await title.fill(ours)
    await eventually(
      async () => onDisk(`drafts.${ARTICLE}`)?.title,
      (value) => value === ours,
    )
    await studio.locator('[data-testid="action-publish"]:not([disabled])').click()
    const journaled = await eventually(
      async () => journaledVersion(dataset.file, ARTICLE)?.title,
      (published) => published === ours,
      10_000,
      20,
    )
    // the publish is journaled; the pull below must land in the idle second before the file is rewritten
    expect(journaled).toBe(ours)
    const theirs = 'Retitled by a git pull'
    const pulled = fs
      .readFileSync(dataset.file, 'utf8')
      .split('\n')
      .map((line) => (line.includes(`"_id":"${ARTICLE}"`) ? JSON.stringify({...JSON.parse(line), title: theirs}) : line))
      .join('\n')
    fs.writeFileSync(`${dataset.file}.tmp`, pulled)
    fs.renameSync(`${dataset.file}.tmp`, dataset.file)

    // the file's version is published, the editor's is the draft: both on disk
    expect(
      await eventually(
        async () => [onDisk(ARTICLE)?.title, onDisk(`drafts.${ARTICLE}`)?.title],
        ([published, draft]) => published === theirs && draft === ours,
      ),
    ).toEqual([theirs, ours])
    const named = new RegExp(`${ARTICLE} \\(kept as drafts\\.${ARTICLE}\\)`)
    expect(
      await eventually(
        async () => site.server.output(),
        (output) => named.test(output),
      ),
    ).toMatch(named)

    // the Studio shows the draft and warns on it
    await studio.reload({waitUntil: 'domcontentloaded'})
    await studioForm(studio, site.server, {form: title})
    expect(
      await eventually(
        () => title.inputValue(),
        (value) => value === ours,
      ),
    ).toBe(ours)
    // the header's warning button opens the validation panel
    await studio.getByTestId('document-pane').getByRole('button', {name: 'Validation', exact: true}).click()
    const warning = studio.getByText(/changed in the dataset file outside the Studio/).first()
    await warning.waitFor({timeout: 30_000})
    await studio.screenshot({path: SCREENSHOT})
    expect(await warning.innerText()).toMatch(/The file's version is current; your version is kept as the draft/)

    // publishing settles it
    await studio.locator('[data-testid="action-publish"]:not([disabled])').click()
    await eventually(
      async () => [onDisk(ARTICLE)?.title, onDisk(`drafts.${ARTICLE}`)],
      ([published, draft]) => published === ours && !draft,
    )
    await warning.waitFor({state: 'detached', timeout: 30_000})
  }, 180_000)
})
