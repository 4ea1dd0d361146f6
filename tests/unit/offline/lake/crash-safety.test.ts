// A process killed at the worst moments: halfway through a commit's SQLite transaction in the journal, and between a
// compaction's fsynced file and its rename. Each time, a restart has every acknowledged commit.
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore} from '@/lib/offline/store/store'
import {journalPaths} from '@/lib/offline/store/journal/paths'
import {Transaction} from '@/lib/offline/lake/transaction'
import {parseStrictly, startCrashChild} from '../../../support/crash-child'
import {copyDemoDataset} from '../../../support/temp-dataset'
import {journalTransactions} from '../../../support/journal'

describe('local lake persistence', () => {
  let dataset: ReturnType<typeof copyDemoDataset>
  let demoIds: string[]
  beforeEach(() => {
    dataset = copyDemoDataset()
    demoIds = [...parseStrictly(dataset.file).keys()]
  })
  afterEach(() => dataset.remove())

  /** A fresh store on what the dead process left has commit n as the last, in memory, in history and, compacted, in the file. */
  const expectRestartHas = async (n: number) => {
    const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
    try {
      const raw = store.view('raw').byId
      expect(raw.get('crash-counter')?.n).toBe(n)
      expect(raw.get(`crash-doc-${n % 8}`)?.n).toBe(n)
      expect(journalTransactions(store).map((tx) => tx.id)).toEqual(Array.from({length: n}, (_, i) => `tx-${i + 1}`))
      await store.compact()
      const docs = parseStrictly(dataset.file)
      expect(docs.get('crash-counter')!.n).toBe(n)
      for (const id of demoIds) expect(docs.has(id)).toBe(true)
    } finally {
      await store.close()
    }
  }

  const lastCommitAfterRestart = async () => {
    const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
    try {
      return store.view('raw').byId.get('crash-counter')?.n as number
    } finally {
      await store.close()
    }
  }

  it('drops a commit killed halfway through its journal transaction, which was never acknowledged, and keeps the ones before', async () => {
    const child = startCrashChild(dataset.file, {CRASH_AT: '4', COMPACT_AFTER_MS: '60000'})
    await child.until(() => child.state.lines.includes('mid-commit'))
    // the first of commit 4's two writes is in the journal's open SQLite transaction, the second not yet
    await child.kill()
    expect(child.state.acknowledged).toBe(3)
    await expectRestartHas(3)
    // and the journal goes on from there
    const again = startCrashChild(dataset.file, {COMPACT_AFTER_MS: '60000'})
    await again.until(() => again.state.acknowledged >= 6)
    await again.kill()
    // the commit in flight at the kill may have reached the log whole without being acknowledged: it may stay
    const survived = await lastCommitAfterRestart()
    expect([again.state.acknowledged, again.state.acknowledged + 1]).toContain(survived)
    await expectRestartHas(survived)
  }, 60_000)

  it('a compaction killed before its rename leaves the old file, the log replays onto it, and no stray file beside the dataset', async () => {
    const child = startCrashChild(dataset.file, {CRASH_IN_COMPACTION: '1'})
    await child.until(() => child.state.lines.includes('mid-compaction'))
    await child.kill()
    // the file is still the demo, whole; the fsynced temporary waits in the ignored folder
    expect([...parseStrictly(dataset.file).keys()]).toEqual(demoIds)
    const {dir, temporary} = journalPaths(dataset.file)
    expect(fs.readdirSync(dir).some((name) => name.startsWith(temporary))).toBe(true)
    expect(fs.readdirSync(path.dirname(dataset.file)).sort()).toEqual(['.broadsheet', 'dataset.ndjson', 'images'])
    await expectRestartHas(child.state.acknowledged)
    // start-up removed the temporary
    expect(fs.readdirSync(dir).some((name) => name.startsWith(temporary))).toBe(false)
  }, 60_000)

  it('changes nothing in memory when the journal cannot be written', async () => {
    const store = new EmbeddedStore(dataset.file)
    try {
      const before = [...store.documents]
      const version = store.version
      // a directory where the journal should be: SQLite cannot open it, even for root
      fs.mkdirSync(journalPaths(dataset.file).journal, {recursive: true})
      const tx = new Transaction((id) => store.view('raw').byId.get(id))
      tx.put({_id: 'topic-unwritten', _type: 'topic', title: 'Unwritten'})
      expect(() => store.commit(tx.writes)).toThrow()
      expect(store.documents).toEqual(before)
      expect(store.version).toBe(version)
      expect(store.view('raw').byId.has('topic-unwritten')).toBe(false)
    } finally {
      await store.close()
    }
  })
})
