// The tabs sharing one listener stream (sanity/lib/lake-stream/tabs.ts): a tab that took the stream from a silent holder
// without the Web Lock, then stepped down for a newer holder, waits in the lock's queue once, not twice (a second
// request would hand it the stream again later: one more reconnect for every tab).
import {LakeStream} from '@/sanity/lib/lake-stream/stream'
import {SILENT_HOLDER_MS, TabSharedStream} from '@/sanity/lib/lake-stream/tabs'
import {eventually} from '../../support/temp-dataset'
import {demoLakeForFile, TEST_LAKE_TOKEN} from '../../support/lake'

const {apiHost} = demoLakeForFile()

type Callback = (lock: {name: string} | null) => unknown
/**
 * Web Locks as a browser grants them to the tabs of one profile (Node has none): exclusive, in request order,
 * `ifAvailable` answered at once, a lock held until its callback's promise settles. Hand-written: the npm packages
 * for Node lack `ifAvailable`.
 */
class WebLocks {
  private held = new Set<string>()
  private queues = new Map<string, (() => void)[]>()

  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0
  }

  request(name: string, options: {ifAvailable?: boolean} | Callback, callback?: Callback): Promise<unknown> {
    const run = (typeof options === 'function' ? options : callback)!
    if (typeof options === 'object' && options.ifAvailable && this.held.has(name)) return Promise.resolve(run(null))
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held.add(name)
        Promise.resolve(run({name}))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name)
            this.queues.get(name)?.shift()?.()
          })
      }
      if (!this.held.has(name) && !this.waiting(name)) return grant()
      this.queues.set(name, [...(this.queues.get(name) ?? []), grant])
    })
  }
}

it('a tab that took the stream without the lock and stepped down waits for the lock once', async () => {
  const locks = new WebLocks()
  Object.defineProperty(globalThis, 'navigator', {value: {locks}, configurable: true})
  const name = `broadsheet-lake-${Math.random()}`
  const holderLock = `${name}|holder`
  const streams: LakeStream[] = []
  const open = () => {
    const stream = new LakeStream(`${apiHost()}/v2025-02-19/broadsheet/listen/production`, TEST_LAKE_TOKEN)
    streams.push(stream)
    return stream
  }
  // a holder whose JavaScript stopped (a breakpoint): it keeps the lock and never beats
  let resume = () => {}
  void locks.request(holderLock, () => new Promise<void>((resolve) => (resume = resolve)))
  const tab = new TabSharedStream(name, open)
  const control = new BroadcastChannel(name)
  try {
    await stepsOf(tab, locks, holderLock, streams, control, () => resume())
  } finally {
    tab.close()
    control.close()
    for (const stream of streams) stream.shutDown()
  }
}, 30_000)

async function stepsOf(
  tab: TabSharedStream,
  locks: WebLocks,
  holderLock: string,
  streams: LakeStream[],
  control: BroadcastChannel,
  resume: () => void,
) {
  const events: string[] = []
  tab.add({
    query: '*[_type == "topic"]',
    params: {},
    options: {},
    events: ['welcome'],
    next: (e) => void events.push(e.type),
    error: () => {},
  })
  await eventually(
    async () => locks.waiting(holderLock),
    (waiting) => waiting === 1,
    2_000,
    20,
  )
  // silent for SILENT_HOLDER_MS: the tab takes the stream without the lock, and still waits for it
  await eventually(
    async () => streams.length,
    (count) => count === 1,
    SILENT_HOLDER_MS + 3_000,
    100,
  )
  expect(tab.state.holdsStream).toBe(true)
  // another tab took the stream from it (newer epoch): it steps down, and is still in the lock's queue once
  control.postMessage({kind: 'holder', tab: 'another-tab', epoch: 99})
  await eventually(
    async () => tab.state.holdsStream,
    (holds) => !holds,
    2_000,
    20,
  )
  expect(locks.waiting(holderLock)).toBe(1)
  // the stopped holder goes: the one request is granted, and the tab holds the stream with the lock
  resume()
  await eventually(
    async () => streams.length,
    (count) => count === 2,
    2_000,
    20,
  )
  expect(locks.waiting(holderLock)).toBe(0)
}
