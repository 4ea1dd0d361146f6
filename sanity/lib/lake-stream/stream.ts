import {createParser} from 'eventsource-parser'

export type ListenEvent = {type: string; [key: string]: unknown}

/** A listener as it travels between tabs: what the server needs, and which event types the listener wants. */
export type Listener = {query: string; params: Record<string, unknown>; options: Record<string, unknown>; events: string[]}

export type Subscription = Listener & {next: (event: ListenEvent) => void; error: (error: Error) => void}

/** Where the client factory's listeners go: one stream of this tab, or the stream shared by every tab. */
export interface ListenerTransport {
  add(subscription: Subscription): string
  remove(id: string): void
}

/**
 * All listeners of one holder over one Server-Sent Events stream to the lake's `/broadsheet/listen`.
 *
 * Hand-written because no library does this: the Studio opens seven or more listeners with a document
 * open, and Chromium allows six HTTP/1.1 connections per host, so one stream each would stall. The
 * stream is read with fetch so the token can go in a header; subscribe and unsubscribe messages from
 * the same tick go out as one request, and every event names its subscription.
 */
export class LakeStream implements ListenerTransport {
  private subscriptions = new Map<string, Subscription>()
  private toSubscribe = new Set<string>()
  private toUnsubscribe = new Set<string>()
  private counter = 0
  private streamId: string | null = null
  private abort?: AbortController
  private flushQueued = false
  private retries = 0
  private idleTimer?: ReturnType<typeof setTimeout>
  /** Control requests go out one after another: a subscribe overtaken by its unsubscribe would never be dropped. */
  private sending: Promise<void> = Promise.resolve()

  constructor(
    private base: string,
    private token: string,
  ) {}

  add(subscription: Subscription): string {
    const id = `s${++this.counter}`
    this.subscriptions.set(id, subscription)
    this.toSubscribe.add(id)
    clearTimeout(this.idleTimer)
    if (!this.abort) void this.connect()
    else this.queueFlush()
    return id
  }

  remove(id: string): void {
    if (!this.subscriptions.delete(id)) return
    if (!this.toSubscribe.delete(id)) this.toUnsubscribe.add(id)
    this.queueFlush()
    if (this.subscriptions.size === 0) {
      clearTimeout(this.idleTimer)
      // keep the stream a moment: the Studio often unsubscribes and subscribes again at once
      this.idleTimer = setTimeout(() => this.close(), 10_000)
    }
  }

  /** Ends the stream for good (a tab that no longer holds it): no reconnect, listeners are the new holder's now. */
  shutDown(): void {
    clearTimeout(this.idleTimer)
    this.subscriptions.clear()
    this.close()
  }

  private close(): void {
    this.abort?.abort()
    this.abort = undefined
    this.streamId = null
  }

  private queueFlush(): void {
    if (this.flushQueued || !this.streamId) return
    this.flushQueued = true
    queueMicrotask(() => {
      this.flushQueued = false
      this.sending = this.sending.then(() => this.flush())
    })
  }

  private async flush(): Promise<void> {
    const streamId = this.streamId
    if (!streamId || (!this.toSubscribe.size && !this.toUnsubscribe.size)) return
    const subscribe = [...this.toSubscribe].flatMap((id) => {
      const s = this.subscriptions.get(id)
      return s ? [{id, query: s.query, params: s.params, options: s.options}] : []
    })
    const unsubscribe = [...this.toUnsubscribe]
    this.toSubscribe.clear()
    this.toUnsubscribe.clear()
    try {
      const response = await fetch(`${this.base}/${streamId}`, {
        method: 'POST',
        headers: {Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json'},
        body: JSON.stringify({subscribe, unsubscribe}),
      })
      if (!response.ok) throw new Error(`subscribe failed: ${response.status}`)
    } catch {
      // the stream is gone: reconnecting sends every live subscription again
      if (this.streamId === streamId) this.reconnect()
    }
  }

  private async connect(): Promise<void> {
    const abort = new AbortController()
    this.abort = abort
    const streamId = crypto.randomUUID()
    try {
      const response = await fetch(`${this.base}?stream=${streamId}`, {
        headers: {Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream'},
        signal: abort.signal,
        cache: 'no-store',
      })
      if (!response.ok || !response.body) throw new Error(`listener stream failed: ${response.status}`)
      this.streamId = streamId
      this.retries = 0
      for (const id of this.subscriptions.keys()) this.toSubscribe.add(id)
      this.toUnsubscribe.clear()
      this.sending = this.sending.then(() => this.flush())
      const parser = createParser({onEvent: (event) => this.deliver(event.event ?? 'message', event.data)})
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      for (;;) {
        const {done, value} = await reader.read()
        if (done) break
        parser.feed(value)
      }
    } catch {
      // aborted on purpose, or the connection failed: reconnect below when still wanted
    }
    if (this.abort === abort) this.reconnect()
  }

  private reconnect(): void {
    this.abort?.abort()
    this.abort = undefined
    this.streamId = null
    if (this.subscriptions.size === 0) return
    for (const s of this.subscriptions.values()) if (s.events.includes('reconnect')) s.next({type: 'reconnect'})
    const delay = Math.min(10 * 2 ** this.retries++, 5000)
    setTimeout(() => {
      if (!this.abort && this.subscriptions.size) void this.connect()
    }, delay)
  }

  private deliver(type: string, data: string): void {
    let payload: Record<string, unknown>
    try {
      payload = JSON.parse(data)
    } catch {
      return
    }
    const {subscription: id, ...rest} = payload
    const s = this.subscriptions.get(String(id))
    if (!s) return
    if (type === 'channelError') s.error(new Error(String(rest.message)))
    else if (s.events.includes(type)) s.next({type, ...rest})
  }
}
