// @ts-check
/**
 * A log line per cause, not per request: a compressor that fails for one reason fails for every response, and a
 * line each would bury the log. The causes seen are bounded, so a stream of new ones cannot grow memory.
 */

const MAX_CAUSES = 100

/**
 * @param {(line: string) => void} log
 * @returns {(error: Error, line: string) => void} logs `line` the first time `error`'s cause (its code, else its message) is seen
 */
export function createLogOnce(log) {
  /** @type {Set<string>} */
  const seen = new Set()
  return (error, line) => {
    const cause = /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message
    if (seen.has(cause)) return
    if (seen.size >= MAX_CAUSES) seen.clear()
    seen.add(cause)
    log(line)
  }
}
