import {type Change, type Delivery, Holder, lifeLock} from './holder'
import type {LakeStream, ListenerTransport, Subscription} from './stream'

/** From a tab that has just taken the stream: every tab sends its listeners again. `epoch` orders holders. */
type Takeover = {kind: 'holder'; tab: string; epoch: number}
/** From the holder, every BEAT_MS: it is alive and its JavaScript runs. */
type Beat = {kind: 'beat'; tab: string; epoch: number}

const forever = () => new Promise<never>(() => {})

/** How often the holder says it is alive, and how long the others wait before taking the stream from a silent one. */
export const BEAT_MS = 1_000
export const SILENT_HOLDER_MS = 10_000

/** Web Locks and BroadcastChannel exist in every current browser, in secure contexts (http://localhost is one). */
export function tabsCanShare(): boolean {
  return typeof navigator !== 'undefined' && Boolean(navigator.locks) && typeof BroadcastChannel !== 'undefined'
}

/**
 * One listener stream for every Studio tab of a browser profile, held by one tab and relayed to the others.
 *
 * The tabs elect the holder with a Web Lock: each asks for it, the browser grants it to one and queues the
 * rest, and releases it when that tab closes, crashes or navigates away, so the next tab in the queue takes
 * over with no heartbeat. The new holder says so on the control channel; every tab then sends its
 * listeners again, each gets a fresh `welcome` (the Studio refetches on it), and listeners that asked for
 * `reconnect` get one first. Each tab also holds a lock of its own for life: the holder waits on it to
 * drop a closed tab's listeners. Events go to each tab on a channel of its own, not to every tab.
 *
 * A holder whose JavaScript stops while it keeps the lock (a breakpoint, a long task, a phone suspending a
 * hidden page) would starve every tab, so the holder beats every second, and when a tab with listeners has
 * heard nothing for SILENT_HOLDER_MS it takes the stream and steals the lock (one tab: they race for a takeover
 * lock). Holders are ordered by epoch, then tab id: a holder that hears of a newer one, as the paused tab does
 * when it runs again, closes its stream and sends its listeners to the new holder. The lock goes with the stream:
 * had the paused tab kept it, giving it back would hand the stream to a third tab, one more reconnect for every
 * tab. Silence is counted only while this tab's own timers run on time: on a starved machine the holder's beats
 * wait in the queue behind them, and a takeover then would add load where there is too much already. (A tab long
 * in the background, whose timers the browser slows to one a minute, so leaves the takeover to a tab in front.)
 */
export class TabSharedStream implements ListenerTransport {
  private readonly tab = crypto.randomUUID()
  private subscriptions = new Map<string, Subscription>()
  private welcomed = new Set<string>()
  private toSubscribe = new Set<string>()
  private toUnsubscribe = new Set<string>()
  private counter = 0
  private received = 0
  private flushQueued = false
  private holder?: Holder
  private control: BroadcastChannel
  private inbox: BroadcastChannel
  /** Resolves once this tab's life lock is held: before that, the holder would take the tab for closed. */
  private alive: Promise<void>
  /** The newest holder heard of (this tab's own when it holds the stream), and when it last beat. */
  private epoch = 0
  private holderTab = ''
  private lastBeat = Date.now()
  private lastCheck = Date.now()
  private beating?: ReturnType<typeof setInterval>
  private checking?: ReturnType<typeof setInterval>
  /** Ends this tab's hold on the holder lock, when it steps down. */
  private releaseLock?: () => void
  /** Whether this tab has asked for the holder lock and has not been granted it yet. */
  private queued = false
  private closed = false

  constructor(
    private name: string,
    private openStream: () => LakeStream,
    /** SILENT_HOLDER_MS; shorter in tests */
    private silentHolderMs = SILENT_HOLDER_MS,
  ) {
    this.control = new BroadcastChannel(name)
    this.inbox = new BroadcastChannel(lifeLock(name, this.tab))
    this.control.onmessage = ({data}: MessageEvent<Change | Takeover | Beat>) => this.onControl(data)
    this.inbox.onmessage = ({data}: MessageEvent<Delivery>) => this.deliver(data)
    this.alive = new Promise((resolve) => {
      void navigator.locks.request(lifeLock(name, this.tab), () => {
        resolve()
        return forever()
      })
    })
    // one per tab, to read from the console when debugging
    ;(globalThis as {__broadsheetLakeStream?: TabSharedStream}).__broadsheetLakeStream = this
    void this.alive.then(() => this.queueForLock())
    this.checking = setInterval(() => this.checkHolder(), BEAT_MS)
  }

  /** Ends this tab's part (a page that unloads ends it all by itself; a test calls this): its stream if it holds it, its channels and timers. */
  close(): void {
    this.closed = true
    clearInterval(this.checking)
    this.stepDownQuietly()
    this.control.close()
    this.inbox.close()
  }

  /**
   * Waits for the holder lock; granted, this tab holds the stream until it closes or a newer holder appears. A tab waits
   * in the lock's queue once: one that stole the lock from a silent holder still waits there, and a second request
   * would hand it the stream again later.
   */
  private queueForLock(): void {
    if (this.queued) return
    this.queued = true
    this.holdLock({}, () => {
      this.queued = false
      if (!this.holder) this.takeOver()
    })
  }

  /** Holds the holder lock until this tab steps down. Stolen from it, the request rejects: the thief announces itself, and this tab steps down on hearing it. */
  private holdLock(options: LockOptions, granted: () => void): void {
    navigator.locks
      .request(`${this.name}|holder`, options, () => {
        // a request still queued when this tab closed: let the lock go at once
        if (this.closed) return
        granted()
        return new Promise<void>((resolve) => (this.releaseLock = resolve))
      })
      .catch((error: Error) => {
        if (error.name !== 'AbortError') throw error
      })
  }

  /** A tab with listeners whose holder has gone silent takes the stream; the takeover lock lets one tab do it. */
  private checkHolder(): void {
    const now = Date.now()
    // this tab's own timers ran late: the holder's beats may be waiting behind them, so its silence proves nothing yet
    if (now - this.lastCheck > 3 * BEAT_MS) this.lastBeat = now
    this.lastCheck = now
    const silent = () => !this.holder && this.subscriptions.size > 0 && Date.now() - this.lastBeat > this.silentHolderMs
    if (!silent()) return
    void navigator.locks.request(`${this.name}|takeover`, {ifAvailable: true}, async (lock) => {
      if (!lock || !silent()) return
      console.warn(`[lake] the tab holding the listener stream has been silent for ${this.silentHolderMs / 1000} s: this tab takes it over`)
      this.takeOver()
      this.holdLock({steal: true}, () => {})
      // keep the takeover lock until the other tabs have heard of this holder, so no second tab takes over too
      await new Promise((resolve) => setTimeout(resolve, 2 * BEAT_MS))
    })
  }

  /** Whether a holder announcement or beat names a holder newer than the one this tab knows. */
  private isNewer({epoch, tab}: {epoch: number; tab: string}): boolean {
    return epoch > this.epoch || (epoch === this.epoch && tab > this.holderTab)
  }

  add(subscription: Subscription): string {
    const id = `${++this.counter}`
    this.subscriptions.set(id, subscription)
    this.toSubscribe.add(id)
    this.queueFlush()
    return id
  }

  remove(id: string): void {
    if (!this.subscriptions.delete(id)) return
    this.welcomed.delete(id)
    if (!this.toSubscribe.delete(id)) this.toUnsubscribe.add(id)
    this.queueFlush()
  }

  /** For debugging (`__broadsheetLakeStream` in a tab's console): who holds the stream, and what this tab listens to. */
  get state() {
    return {
      tab: this.tab,
      holdsStream: Boolean(this.holder),
      listeners: this.subscriptions.size,
      welcomed: this.welcomed.size,
      relayed: this.holder?.size,
      received: this.received,
    }
  }

  private takeOver(): void {
    this.epoch++
    this.holderTab = this.tab
    this.holder = new Holder(this.name, this.openStream(), this.tab, (delivery) => this.deliver(delivery))
    this.control.postMessage({kind: 'holder', tab: this.tab, epoch: this.epoch} satisfies Takeover)
    this.beating = setInterval(() => this.control.postMessage({kind: 'beat', tab: this.tab, epoch: this.epoch} satisfies Beat), BEAT_MS)
    this.sendAllAgain()
  }

  /** A newer holder exists: this tab's stream and lock go, and its listeners go to the new holder. */
  private stepDown(): void {
    this.stepDownQuietly()
    void this.alive.then(() => this.queueForLock())
  }

  private stepDownQuietly(): void {
    clearInterval(this.beating)
    this.holder?.close()
    this.holder = undefined
    this.releaseLock?.()
    this.releaseLock = undefined
  }

  private onControl(message: Change | Takeover | Beat): void {
    if (message.kind === 'change') return this.holder?.apply(message)
    if (message.tab === this.tab) return
    if (message.kind === 'beat' && message.tab === this.holderTab && message.epoch === this.epoch) {
      this.lastBeat = Date.now()
      return
    }
    if (!this.isNewer(message)) return
    // a tab's first beat from the holder it joined under: its listeners reached that holder already
    const joining = message.kind === 'beat' && this.holderTab === '' && !this.holder
    this.epoch = message.epoch
    this.holderTab = message.tab
    this.lastBeat = Date.now()
    if (this.holder) this.stepDown()
    if (!joining) this.sendAllAgain()
  }

  /** A new holder: the old stream is gone, so listeners that were live hear `reconnect`, then all subscribe again. */
  private sendAllAgain(): void {
    for (const id of this.welcomed) {
      const s = this.subscriptions.get(id)
      if (s?.events.includes('reconnect')) s.next({type: 'reconnect'})
    }
    this.welcomed.clear()
    this.toUnsubscribe.clear()
    for (const id of this.subscriptions.keys()) this.toSubscribe.add(id)
    this.queueFlush()
  }

  private queueFlush(): void {
    if (this.flushQueued) return
    this.flushQueued = true
    queueMicrotask(() => {
      this.flushQueued = false
      void this.alive.then(() => this.flush())
    })
  }

  private flush(): void {
    if (!this.toSubscribe.size && !this.toUnsubscribe.size) return
    const subscribe = [...this.toSubscribe].flatMap((id) => {
      const s = this.subscriptions.get(id)
      return s ? [{id, query: s.query, params: s.params, options: s.options, events: s.events}] : []
    })
    const change: Change = {kind: 'change', tab: this.tab, subscribe, unsubscribe: [...this.toUnsubscribe]}
    this.toSubscribe.clear()
    this.toUnsubscribe.clear()
    // with no holder yet the message is lost, and the holder's takeover asks for it again
    if (this.holder) this.holder.apply(change)
    else this.control.postMessage(change)
  }

  private deliver(delivery: Delivery): void {
    this.received++
    const s = this.subscriptions.get(delivery.id)
    if (!s) return
    if (delivery.kind === 'error') return s.error(new Error(delivery.message))
    if (delivery.event.type === 'welcome') this.welcomed.add(delivery.id)
    s.next(delivery.event)
  }
}
