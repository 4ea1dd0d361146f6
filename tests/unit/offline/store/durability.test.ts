// Durability: a child commits in a loop (compacting whenever it yields) and is killed
// with SIGKILL at random moments; after each restart every commit it acknowledged is in memory, in
// history, and in the NDJSON once compacted. Then a clean shutdown (SIGINT, SIGTERM) writes the file.
import {EmbeddedStore} from '@/lib/offline/store/store'
import {parseStrictly, startCrashChild} from '../../../support/crash-child'
import {copyDemoDataset} from '../../../support/temp-dataset'
import {journalMarks, journalTransactions} from '../../../support/journal'

describe('durability', () => {
  let dataset: ReturnType<typeof copyDemoDataset>
  beforeEach(() => (dataset = copyDemoDataset()))
  afterEach(() => dataset.remove())

  it('keeps every acknowledged commit through SIGKILLs at random moments, in commits and compactions', async () => {
    let acknowledged = 0
    let compactedBeforeKill = 0
    for (let round = 0; round < 8; round++) {
      const roundStart = acknowledged
      const child = startCrashChild(dataset.file)
      const target = acknowledged + 5 + Math.floor(Math.random() * 40)
      await child.until(() => child.state.acknowledged >= target)
      // a random moment after that: mid-commit, mid-compaction or between them
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30))
      await child.kill()
      // the file the child left is whole, and holds commits of this round when a compaction had finished
      if (((parseStrictly(dataset.file).get('crash-counter')?.n as number | undefined) ?? 0) > roundStart) compactedBeforeKill++
      expect(child.state.acknowledged).toBeGreaterThan(acknowledged)
      acknowledged = child.state.acknowledged

      const store = new EmbeddedStore(dataset.file, {compactAfterMs: 60_000})
      try {
        // in memory: the last acknowledged commit, or the one in flight whose line was whole
        const n = store.view('raw').byId.get('crash-counter')!.n as number
        expect([acknowledged, acknowledged + 1]).toContain(n)
        for (let k = n; k > n - 8 && k > 0; k--) expect(store.view('raw').byId.get(`crash-doc-${k % 8}`)!.n).toBe(k)
        // in history: every transaction, in order, each once
        expect(journalTransactions(store).map((tx) => tx.id)).toEqual(Array.from({length: n}, (_, i) => `tx-${i + 1}`))
        // in the file, once compacted
        await store.compact()
        expect(parseStrictly(dataset.file).get('crash-counter')!.n).toBe(n)
        acknowledged = n
      } finally {
        await store.close()
      }
    }
    // the kills did land after compactions had written the file, not only before the first one
    expect(compactedBeforeKill).toBeGreaterThan(0)
  }, 120_000)

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'writes the file at a clean shutdown (%s), long before the idle compaction',
    async (signal) => {
      const child = startCrashChild(dataset.file, {SHUTDOWN_HOOKS: '1', COMPACT_AFTER_MS: '60000'})
      await child.until(() => child.state.acknowledged >= 3)
      expect(parseStrictly(dataset.file).has('crash-counter')).toBe(false)
      const exit = await child.kill(signal)
      // nothing else listened, so the signal was raised again after compacting
      expect(exit.signal).toBe(signal)
      const n = parseStrictly(dataset.file).get('crash-counter')!.n as number
      expect(n).toBeGreaterThanOrEqual(child.state.acknowledged)
      // the journal's marks say the file holds every commit: a restart replays nothing
      expect(journalMarks(dataset.file)).toEqual([expect.objectContaining({seq: n})])
    },
    60_000,
  )
})
