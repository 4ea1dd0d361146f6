// Loading the NDJSON export, and reloading it when it changes: replace(), reload(), watch() and close().
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore, readDataset, type DatasetChange} from '@/lib/offline/store/store'
import {FIXTURES} from '../../../support/demo'
import {toNdjson} from '../../../support/generate-dataset'
import {tempDataset, type TempDataset} from '../../../support/temp-dataset'

describe('loading NDJSON', () => {
  it('skips a malformed line with a warning naming the file and line, and loads the rest', () => {
    const file = path.join(FIXTURES, 'malformed.ndjson')
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const docs = readDataset(file)
      expect(docs.map((doc) => doc._id)).toEqual(['author-x', 'quote-q', 'article-c', 'article-a'])
      const messages = warn.mock.calls.map((args) => String(args[0]))
      expect(messages).toHaveLength(2)
      expect(messages[0]).toContain(`${file}:3`)
      expect(messages[1]).toContain(`${file}:5`)
      expect(messages[1]).toContain('no _id or _type')
    } finally {
      warn.mockRestore()
    }
  })

  it('reads the first line of a file saved with a UTF-8 byte order mark', () => {
    const dataset = tempDataset([], {images: 'none', prefix: 'broadsheet-bom-'})
    try {
      const lines = ['{"_id":"a","_type":"topic"}', '{"_id":"b","_type":"topic"}']
      fs.writeFileSync(dataset.file, `\ufeff${lines.join('\n')}\n`)
      expect(readDataset(dataset.file).map((doc) => doc._id)).toEqual(['a', 'b'])
    } finally {
      dataset.remove()
    }
  })

  it('a store over that file still answers queries', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const store = new EmbeddedStore(path.join(FIXTURES, 'malformed.ndjson'))
      expect(await store.query('*[_type == "article"] | order(_id asc)._id')).toEqual(['article-a', 'article-c'])
    } finally {
      warn.mockRestore()
    }
  })
})

describe('changes to the dataset', () => {
  let dataset: TempDataset
  let file: string
  let store: EmbeddedStore
  const fixture = readDataset(path.join(FIXTURES, 'drafts.ndjson'))
  const title = () => store.query<string | null>('*[_id == "article-c"][0].title')

  beforeEach(() => {
    dataset = tempDataset(fixture, {images: 'none', prefix: 'broadsheet-store-'})
    file = dataset.file
    store = new EmbeddedStore(file)
  })

  afterEach(async () => {
    await store.close()
    dataset.remove()
  })

  /** The fixture with article-c retitled, drafts.article-b removed and a new topic added. */
  const edited = () => [
    ...fixture
      .filter((doc) => doc._id !== 'drafts.article-b')
      .map((doc) => (doc._id === 'article-c' ? {...doc, title: 'A corrected headline'} : doc)),
    {_id: 'topic-new', _type: 'topic', title: 'New topic', slug: {_type: 'slug', current: 'new-topic'}},
  ]

  it('replace() reports changed and removed documents, tells listeners, and serves the new content', async () => {
    expect(await title()).toBe('Another published story')
    const heard: DatasetChange[] = []
    store.onChange((change) => heard.push(change))
    const change = store.replace(edited())
    expect(change.changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(change.removed.map((doc) => doc._id)).toEqual(['drafts.article-b'])
    expect(heard).toEqual([change])
    expect(await title()).toBe('A corrected headline')
    expect(await store.query('*[slug.current == "story-b"]', {}, 'drafts')).toEqual([])
  })

  it('replace() with the same documents changes nothing and tells no one', () => {
    const listener = jest.fn()
    store.onChange(listener)
    const change = store.replace(fixture.map((doc) => structuredClone(doc)))
    expect(change.changed).toEqual([])
    expect(change.removed).toEqual([])
    expect(listener).not.toHaveBeenCalled()
  })

  it('a listener that unsubscribes hears nothing more', () => {
    const listener = jest.fn()
    const unsubscribe = store.onChange(listener)
    unsubscribe()
    store.replace(edited())
    expect(listener).not.toHaveBeenCalled()
  })

  it('reload() reads the file again and reports what changed', async () => {
    const listener = jest.fn()
    store.onChange(listener)
    fs.writeFileSync(file, toNdjson(edited()))
    const change = store.reload()
    expect(change.changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(change.removed.map((doc) => doc._id)).toEqual(['drafts.article-b'])
    expect(listener).toHaveBeenCalledWith(change)
    expect(await title()).toBe('A corrected headline')
  })

  it('watch() reloads when the file changes on disk', async () => {
    const heard: DatasetChange[] = []
    store.onChange((change) => heard.push(change))
    store.watch()
    fs.writeFileSync(file, toNdjson(edited()))
    await waitFor(() => heard.length > 0)
    expect(heard[0].changed.map((doc) => doc._id).sort()).toEqual(['article-c', 'topic-new'])
    expect(await title()).toBe('A corrected headline')
  })

  it('watch() also picks up a file replaced by rename, as editors save', async () => {
    store.watch()
    // written beside the file, then renamed over it
    dataset.write(edited())
    await waitFor(async () => (await title()) === 'A corrected headline')
    expect(await title()).toBe('A corrected headline')
  })

  it('after close(), changes on disk are no longer loaded', async () => {
    store.watch()
    store.close()
    const listener = jest.fn()
    store.onChange(listener)
    fs.writeFileSync(file, toNdjson(edited()))
    // give a (wrongly) live watcher every chance to fire before checking that nothing happened
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(listener).not.toHaveBeenCalled()
    expect(await title()).toBe('Another published story')
  })
})

/** Polls until the condition holds; fails after a few seconds. */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the store to reload')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
