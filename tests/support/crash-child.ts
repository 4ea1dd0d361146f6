import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const CHILD = path.resolve(__dirname, 'lake-crash-child.ts')

/** The committing child (lake-crash-child.ts) on `file`; `acknowledged` is the last counter it printed. */
export function startCrashChild(file: string, env: Record<string, string> = {}) {
  const child: ChildProcess & {stdout: NodeJS.ReadableStream} = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {...process.env, ...env},
  }) as ChildProcess & {stdout: NodeJS.ReadableStream}
  const state = {acknowledged: 0, lines: [] as string[]}
  const waiters = new Set<() => void>()
  let rest = ''
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n')
    rest = parts.pop()!
    for (const line of parts) {
      if (/^\d+$/.test(line)) state.acknowledged = Number(line)
      state.lines.push(line)
    }
    for (const wake of waiters) wake()
  })
  // 'close', not 'exit': every counter the child printed before it died has been read by then
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) =>
    child.on('close', (code, signal) => resolve({code, signal})),
  )
  return {
    state,
    exited,
    /** Resolves once `condition` holds for what the child printed; rejects if it exits first. */
    until(condition: () => boolean): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (condition()) {
            waiters.delete(check)
            resolve()
          }
        }
        waiters.add(check)
        void exited.then(() => reject(new Error(`the child exited; it printed: ${state.lines.slice(-5).join(' | ')}`)))
        check()
      })
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      child.kill(signal)
      return exited
    },
  }
}

/** Every line of the file parses as JSON (no torn or foreign line); returns the documents by id. */
export function parseStrictly(file: string): Map<string, {_id: string; [key: string]: unknown}> {
  const text = fs.readFileSync(file, 'utf8')
  if (text && !text.endsWith('\n')) throw new Error(`${file} does not end with a newline`)
  return new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .map((doc) => [doc._id, doc]),
  )
}
