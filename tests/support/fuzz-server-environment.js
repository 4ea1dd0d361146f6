// The jsdom server environment (./jsdom-server-environment.js) plus the Node scheduling globals that
// React's streaming server renderer needs to wait for async server components (setImmediate,
// MessageChannel). Used by the hostile-content fuzz test (tests/unit/fuzz-hostile-content.test.tsx),
// which renders whole pages, layout included, to HTML the way a server would.
const JsdomServerEnvironment = require('./jsdom-server-environment.js')

const SCHEDULING_GLOBALS = ['setImmediate', 'clearImmediate', 'MessageChannel', 'MessagePort', 'queueMicrotask']

class FuzzServerEnvironment extends JsdomServerEnvironment {
  constructor(config, context) {
    super(config, context)
    for (const name of SCHEDULING_GLOBALS) {
      if (typeof this.global[name] === 'undefined' && typeof globalThis[name] !== 'undefined') {
        this.global[name] = globalThis[name]
      }
    }
  }
}

module.exports = FuzzServerEnvironment
