// The tabs sharing one listener stream (sanity/lib/lake-stream/tabs.ts) when a holder goes silent: one tab takes the
// stream and the lock, the old holder's return hands it to no one else, and a tab starved along with the holder
// takes nothing. Each extra handover costs every tab a reconnect and a refetch.
import {LakeStream} from '@/sanity/lib/lake-stream/stream'
import {BEAT_MS, TabSharedStream} from '@/sanity/lib/lake-stream/tabs'
import {eventually} from '../../support/temp-dataset'
import {demoLakeForFile, TEST_LAKE_TOKEN} from '../../support/lake'

const {apiHost} = demoLakeForFile()
/** The silence after which a tab takes the stream over: 10 s in the browser, shorter here (still past the 3 s a late timer is forgiven). */
const SILENT_MS = 4_000

type Callback = (lock: {name: string} | null) => unknown
type Options = {ifAvailable?: boolean; steal?: boolean}
/**
 * Web Locks as a browser grants them to the tabs of one profile (Node has none): exclusive, in request order,
 * `ifAvailable` answered at once, a lock held until its callback's promise settles, and `steal` taking a held lock
 * at once, the old holder's request rejecting with an AbortError. Hand-written: the npm packages for Node lack
 * `ifAvailable` and `steal`.
 */
class WebLocks {
  private held = new Map<string, {steal: (error: Error) => void}>()
  private queues = new Map<string, (() => void)[]>()

  waiting(name: string): number {
    return this.queues.get(name)?.length ?? 0
  }

  request(name: string, options: Options | Callback, callback?: Callback): Promise<unknown> {
    const run = (typeof options === 'function' ? options : callback)!
    const {ifAvailable, steal} = typeof options === 'object' ? options : {}
    if (ifAvailable && this.held.has(name)) return Promise.resolve(run(null))
    return new Promise((resolve, reject) => {
      const grant = () => {
        const hold = {steal: reject}
        this.held.set(name, hold)
        Promise.resolve(run({name}))
          .then(resolve, reject)
          .finally(() => {
            // a stolen lock is the thief's now: this request's end frees nothing
            if (this.held.get(name) !== hold) return
            this.held.delete(name)
            this.queues.get(name)?.shift()?.()
          })
      }
      if (steal) {
        this.held.get(name)?.steal(new DOMException('The lock was stolen', 'AbortError'))
        return grant()
      }
      if (!this.held.has(name) && !this.waiting(name)) return grant()
      this.queues.set(name, [...(this.queues.get(name) ?? []), grant])
    })
  }
}

/** A test's tabs, their streams, and a control channel to speak as a tab that is not one of them. */
function tabsOf(locks: WebLocks) {
  Object.defineProperty(globalThis, 'navigator', {value: {locks}, configurable: true})
  const name = `broadsheet-lake-${Math.random()}`
  const streams: LakeStream[] = []
  const tabs: TabSharedStream[] = []
  const control = new BroadcastChannel(name)
  const open = () => {
    const stream = new LakeStream(`${apiHost()}/v2025-02-19/broadsheet/listen/production`, TEST_LAKE_TOKEN)
    streams.push(stream)
    return stream
  }
  const tab = (listening: boolean) => {
    const added = new TabSharedStream(name, open, SILENT_MS)
    if (listening) added.add({query: '*[_type == "topic"]', params: {}, options: {}, events: ['welcome'], next: () => {}, error: () => {}})
    tabs.push(added)
    return added
  }
  const close = () => {
    for (const added of tabs) added.close()
    control.close()
    for (const stream of streams) stream.shutDown()
  }
  return {holderLock: `${name}|holder`, streams, control, tab, close}
}

/** A holder whose JavaScript stopped (a breakpoint): it keeps the lock and never beats, until `resume`. */
function stoppedHolder(locks: WebLocks, holderLock: string) {
  let resume = () => {}
  const request = locks.request(holderLock, () => new Promise<void>((resolve) => (resume = resolve)))
  const outcome = request.then(
    () => 'released',
    (error: Error) => error.name,
  )
  return {resume: () => resume(), outcome}
}

const until = <T>(probe: () => T, check: (value: T) => boolean, timeoutMs = 2_000) => eventually(async () => probe(), check, timeoutMs, 20)
const queued = (locks: WebLocks, lock: string, count: number) =>
  until(
    () => locks.waiting(lock),
    (waiting) => waiting === count,
  )

/** After SILENT_MS of silence from a stopped holder, the listening tab holds the only stream, and the lock stolen from it. */
async function tookOverFrom(stopped: ReturnType<typeof stoppedHolder>, listening: TabSharedStream, streams: LakeStream[]) {
  await until(
    () => streams.length,
    (count) => count === 1,
    SILENT_MS + 3_000,
  )
  expect(listening.state.holdsStream).toBe(true)
  expect(await stopped.outcome).toBe('AbortError')
}

it('a silent holder loses the stream and its lock to one tab, and its return hands the stream to no third tab', async () => {
  const locks = new WebLocks()
  const {holderLock, streams, tab, close} = tabsOf(locks)
  const stopped = stoppedHolder(locks, holderLock)
  try {
    // a tab without listeners waits first in the lock's queue; the listening tab behind it
    const idle = tab(false)
    await queued(locks, holderLock, 1)
    const listening = tab(true)
    await queued(locks, holderLock, 2)
    await tookOverFrom(stopped, listening, streams)
    // the stopped holder ends: it holds no lock, so the idle tab first in the queue is not handed the stream
    stopped.resume()
    await new Promise((resolve) => setTimeout(resolve, 3 * BEAT_MS))
    expect({streams: streams.length, idle: idle.state.holdsStream, listening: listening.state.holdsStream}).toEqual({
      streams: 1,
      idle: false,
      listening: true,
    })
    // the holder closes: the lock, and with it the stream, goes to the tab first in the queue
    listening.close()
    await until(
      () => streams.length,
      (count) => count === 2,
    )
    expect(idle.state.holdsStream).toBe(true)
  } finally {
    close()
  }
}, 30_000)

it('a tab whose own timers ran late does not take the stream from a holder that beat all along', async () => {
  const locks = new WebLocks()
  const {streams, tab, close} = tabsOf(locks)
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    const holder = tab(true)
    await until(
      () => streams.length,
      (count) => count === 1,
    )
    const other = tab(true)
    await until(
      () => other.state.received,
      (received) => received > 0,
    )
    // the whole machine stalls past SILENT_MS: the holder's beats and the other tab's checks wait alike
    const stalledUntil = Date.now() + SILENT_MS + 2 * BEAT_MS
    while (Date.now() < stalledUntil);
    await new Promise((resolve) => setTimeout(resolve, 3 * BEAT_MS))
    expect({streams: streams.length, holder: holder.state.holdsStream, other: other.state.holdsStream, warned: warn.mock.calls}).toEqual({
      streams: 1,
      holder: true,
      other: false,
      warned: [],
    })
  } finally {
    warn.mockRestore()
    close()
  }
}, 30_000)

it("a tab that stole the stream, then stepped down for a newer holder, waits in the lock's queue once", async () => {
  const locks = new WebLocks()
  const {holderLock, streams, control, tab, close} = tabsOf(locks)
  const stopped = stoppedHolder(locks, holderLock)
  try {
    const listening = tab(true)
    await queued(locks, holderLock, 1)
    await tookOverFrom(stopped, listening, streams)
    // another tab steals it in turn and says so (a newer epoch): this one steps down, still queued once
    let releaseNewer = () => {}
    void locks.request(holderLock, {steal: true}, () => new Promise<void>((resolve) => (releaseNewer = resolve)))
    control.postMessage({kind: 'holder', tab: 'another-tab', epoch: 99})
    await until(
      () => listening.state.holdsStream,
      (holds) => !holds,
    )
    expect(locks.waiting(holderLock)).toBe(1)
    // the newer holder closes: the one request is granted, and the tab holds the stream with the lock
    releaseNewer()
    await until(
      () => streams.length,
      (count) => count === 2,
    )
    expect({holds: listening.state.holdsStream, waiting: locks.waiting(holderLock)}).toEqual({holds: true, waiting: 0})
  } finally {
    close()
  }
}, 30_000)
