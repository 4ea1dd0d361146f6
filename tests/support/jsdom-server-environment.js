// A jsdom test environment that also has the web globals Node provides and jsdom leaves out
// (fetch, Request, Response, Headers, TextEncoder, streams...). Server pages import next/cache, which
// needs them at import time. Use with a docblock at the top of a test file:
//   /** @jest-environment ./tests/support/jsdom-server-environment.js */
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
]

class JsdomServerEnvironment extends JsdomEnvironment {
  constructor(config, context) {
    super(config, context)
    for (const name of NODE_GLOBALS) {
      if (typeof this.global[name] === 'undefined' && typeof globalThis[name] !== 'undefined') {
        this.global[name] = globalThis[name]
      }
    }
  }
}

module.exports = JsdomServerEnvironment
