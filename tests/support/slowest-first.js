// @ts-check
// Jest's test order, with the files known to run longest first, so that both workers finish together. Jest's own
// order goes by the last run's durations, which a fresh clone (CI) does not have, and falls back to file size.
const Sequencer = require('@jest/test-sequencer').default

/** Slowest first, from `npm test`'s timings; a file not named here keeps Jest's order, after these. */
const SLOWEST = [
  /e2e\/studio-tabs\./,
  /e2e\/accessibility\./,
  /e2e\/fuzz-browser\./,
  /e2e\/studio-paused-tab\./,
  /e2e\/studio-authoring\./,
  /e2e\/hosted-faults\./,
  /e2e\/presentation\./,
  /store\/query-generated-/,
  /fuzz\/hostile-content\./,
  /store\/query\./,
  /store\/planner\./,
  /studio\/validation\./,
  /studio\/lake-stream\./,
  /lake\/quiet-session\./,
]

/** @param {import('@jest/test-result').Test} test */
const rank = (test) => {
  const index = SLOWEST.findIndex((pattern) => pattern.test(test.path.split('\\').join('/')))
  return index === -1 ? SLOWEST.length : index
}

class SlowestFirst extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  async sort(tests) {
    // Array.prototype.sort is stable: files of one rank stay in Jest's order
    return [...(await super.sort(tests))].sort((a, b) => rank(a) - rank(b))
  }
}

module.exports = SlowestFirst
