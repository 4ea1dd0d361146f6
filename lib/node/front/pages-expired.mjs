// @ts-check
/**
 * One in-process signal that pages expired: every path that expires pages (a publish through the webhook, the
 * dataset watcher, start-up on another dataset, another replica's expiry through Redis) announces it, and the
 * layer in front of Next (lib/node/front/micro-cache.mjs) drops what it holds. The announcers run inside Next's server
 * bundle and the listener outside it, so the emitter hangs on the one thing they share: the global object.
 */
import {EventEmitter} from 'node:events'

const KEY = Symbol.for('broadsheet.pagesExpired')

/** @type {{[KEY]?: EventEmitter}} */
const holder = /** @type {any} */ (globalThis)
const emitter = () => (holder[KEY] ??= new EventEmitter())

export function announcePagesExpired() {
  emitter().emit('expired')
}

/** @param {() => void} listener */
export function onPagesExpired(listener) {
  emitter().on('expired', listener)
}
