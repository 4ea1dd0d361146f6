// @ts-check
// The `dom` Jest project's environment: jsdom, plus the web globals Node has and jsdom leaves out (server pages
// import next/cache, which needs fetch, Request, streams… at import time) and Node's scheduling globals, with
// which React's streaming server renderer waits for async server components (tests/unit/fuzz renders whole pages).
const JsdomEnvironment = require('jest-environment-jsdom').default

const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'TextEncoder',
  'TextDecoder',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'structuredClone',
  'setImmediate',
  'clearImmediate',
  'MessageChannel',
  'MessagePort',
  'queueMicrotask',
]

class DomEnvironment extends JsdomEnvironment {
  /** @param {ConstructorParameters<typeof JsdomEnvironment>} args */
  constructor(...args) {
    super(...args)
    const from = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (globalThis))
    const to = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this.global))
    for (const name of NODE_GLOBALS) if (to[name] === undefined && from[name] !== undefined) to[name] = from[name]
  }
}

module.exports = DomEnvironment
