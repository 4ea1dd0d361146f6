// @ts-check
/**
 * What cached pages become here (scripts out, compressed), kept by URL, Next's validator and variant, so a page is
 * rewritten and compressed once while Next keeps serving the same body. The first request gets a fast compression;
 * a second one finds it and has the best one made in the background, to replace it.
 */
import {LRUCache} from 'lru-cache'

/** @typedef {import('./encoding.mjs').Strength} Strength */
/** @typedef {{body: Buffer, best: boolean}} Entry */

const MAX_BYTES = 32 * 2 ** 20

/** @param {{maxBytes?: number}} [options] */
export function createEncodedMemo({maxBytes = MAX_BYTES} = {}) {
  /** @type {LRUCache<string, Entry>} */
  const done = new LRUCache({maxSize: maxBytes, sizeCalculation: (entry, key) => entry.body.length + key.length})
  /** Bodies being made: concurrent requests for one wait for the same work. @type {Map<string, Promise<Buffer>>} */
  const making = new Map()
  /**
   * The one page being recompressed at its best, if any: one at a time, so a crawler (or anyone varying query
   * strings) can never queue up seconds of brotli 11 on the thread pool that Next's file reads share. A page that
   * finds it busy stays fast-compressed and tries again on a later hit.
   * @type {string | undefined}
   */
  let upgrading

  /** @param {string} key @param {(strength: Strength) => Promise<Buffer>} make */
  const upgrade = (key, make) => {
    upgrading = key
    make('best')
      .then((body) => done.has(key) && done.set(key, {body, best: true}))
      .catch((error) => console.error(`[start] could not recompress ${key.split('\n')[0]}: ${error.message}`))
      .finally(() => (upgrading = undefined))
  }

  return {
    /**
     * The body for `key`, made by `make` once. `upgradable`: whether `make('best')` gives a better body than
     * `make('fast')` (a compression does; the script filter does not).
     * @param {{url: string, validator: string, variant: string}} id
     * @param {(strength: Strength) => Promise<Buffer>} make
     * @param {boolean} upgradable
     * @returns {Promise<Buffer>}
     */
    get({url, validator, variant}, make, upgradable) {
      // the URL is part of the key: two pages whose validators collide never stand in for each other
      const key = `${url}\n${validator}\n${variant}`
      const entry = done.get(key)
      if (entry) {
        if (!entry.best && upgrading === undefined) upgrade(key, make)
        return Promise.resolve(entry.body)
      }
      let pending = making.get(key)
      if (!pending) {
        pending = make('fast')
          .then((body) => (done.set(key, {body, best: !upgradable}), body))
          .finally(() => making.delete(key))
        making.set(key, pending)
      }
      return pending
    },

    /** How many bodies are kept, and their bytes. */
    stats: () => ({entries: done.size, bytes: done.calculatedSize}),
  }
}

/** @typedef {ReturnType<typeof createEncodedMemo>} EncodedMemo */
