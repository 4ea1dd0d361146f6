import type {LakeStream, Listener, ListenEvent} from './stream'

/** From a tab to the holder of the stream: listeners added and dropped in one tick. */
export type Change = {kind: 'change'; tab: string; subscribe: (Listener & {id: string})[]; unsubscribe: string[]}
/** From the holder to one tab: an event for one of its listeners. */
export type Delivery = {kind: 'event'; id: string; event: ListenEvent} | {kind: 'error'; id: string; message: string}

/** The Web Lock each tab holds for life, and the name of its inbox channel. */
export const lifeLock = (name: string, tab: string) => `${name}|tab|${tab}`

/** The holder's side: every tab's listeners on its one LakeStream, keyed by tab and listener id. */
export class Holder {
  private listeners = new Map<string, string>()
  private tabs = new Map<string, BroadcastChannel>()

  get size() {
    return {listeners: this.listeners.size, tabs: this.tabs.size}
  }

  /** Another tab holds the stream now: this one's goes, with every relay. */
  close(): void {
    this.stream.shutDown()
    this.listeners.clear()
    for (const channel of this.tabs.values()) channel.close()
    this.tabs.clear()
  }

  constructor(
    private name: string,
    private stream: LakeStream,
    private self: string,
    private deliverHere: (delivery: Delivery) => void,
  ) {}

  apply({tab, subscribe, unsubscribe}: Change): void {
    this.watch(tab)
    for (const id of unsubscribe) this.drop(`${tab}|${id}`)
    for (const listener of subscribe) {
      const key = `${tab}|${listener.id}`
      this.drop(key)
      const send = (delivery: Delivery) => this.send(tab, delivery)
      const streamId = this.stream.add({
        ...listener,
        next: (event) => send({kind: 'event', id: listener.id, event}),
        error: (error) => send({kind: 'error', id: listener.id, message: error.message}),
      })
      this.listeners.set(key, streamId)
    }
  }

  private drop(key: string): void {
    const streamId = this.listeners.get(key)
    if (streamId === undefined) return
    this.stream.remove(streamId)
    this.listeners.delete(key)
  }

  private send(tab: string, delivery: Delivery): void {
    if (tab === this.self) this.deliverHere(delivery)
    else this.tabs.get(tab)?.postMessage(delivery)
  }

  /** Learns of a tab once; its life lock is granted to us only when it has closed. */
  private watch(tab: string): void {
    if (tab === this.self || this.tabs.has(tab)) return
    this.tabs.set(tab, new BroadcastChannel(lifeLock(this.name, tab)))
    void navigator.locks.request(lifeLock(this.name, tab), () => {
      for (const key of [...this.listeners.keys()]) if (key.startsWith(`${tab}|`)) this.drop(key)
      this.tabs.get(tab)?.close()
      this.tabs.delete(tab)
    })
  }
}
