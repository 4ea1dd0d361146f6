// `npm test`: every check CI runs, in stages, with each step's time printed at the end. Steps of one stage run
// side by side (the static checks, on two cores) with their output shown whole when they end;
// a stage of one step streams its output. The first failing stage stops the run.
import {spawn} from 'node:child_process'
import os from 'node:os'

/** @typedef {{name: string, script: string, env?: Record<string, string>}} Step */

/** @type {Step[][]} */
const STAGES = [
  // the static checks: none writes what another reads (typegen:check generates into a scratch folder)
  [
    {name: 'typecheck', script: 'typecheck'},
    {name: 'lint', script: 'lint'},
    {name: 'schema', script: 'schema:validate'},
    {name: 'typegen', script: 'typegen:check'},
    {name: 'studio', script: 'studio:build'},
  ],
  [{name: 'unit', script: 'test:unit'}],
  // typecheck has just checked the same program
  [{name: 'build', script: 'build', env: {BROADSHEET_BUILD_TYPECHECK: '0'}}],
  // two suites at a time, each with a server and a browser; then, alone, the suites that hold a promise to the clock
  [{name: 'e2e', script: 'test:e2e:paired', env: {E2E_REUSE_BUILD: '1'}}],
  [{name: 'e2e timed', script: 'test:e2e:timed', env: {E2E_REUSE_BUILD: '1'}}],
]

/** @typedef {{name: string, seconds: number, ok: boolean}} Timing */

/**
 * @param {Step} step
 * @param {boolean} stream
 * @returns {Promise<Timing>}
 */
function run(step, stream) {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', step.script], {
      env: {...process.env, ...step.env},
      stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    })
    /** @type {Buffer[]} */
    const output = []
    child.stdout?.on('data', (chunk) => output.push(chunk))
    child.stderr?.on('data', (chunk) => output.push(chunk))
    child.on('close', (code, signal) => {
      const ok = code === 0
      if (!stream) {
        console.log(`\n── ${step.name} (npm run ${step.script}) ${ok ? 'passed' : 'FAILED'}`)
        process.stdout.write(Buffer.concat(output))
      }
      if (signal) console.error(`${step.name} was stopped by ${signal}`)
      resolve({name: step.name, seconds: (performance.now() - started) / 1000, ok})
    })
  })
}

/** The machine's CPU time so far, busy and idle, summed over its cores (every process, not only ours), in seconds. */
function cpuTimes() {
  let busy = 0
  let idle = 0
  for (const {times} of os.cpus()) {
    busy += (times.user + times.nice + times.sys + times.irq) / 1000
    idle += times.idle / 1000
  }
  return {busy, idle}
}

/** @param {number} seconds */
const clock = (seconds) => `${Math.floor(seconds / 60)}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`

const started = performance.now()
/** @type {(Timing & {stage: number})[]} */
const timings = []
/** How busy the machine's cores were during each stage: near 100%, more side by side would not make it faster. */
const busyShare = new Map()
for (const [index, stage] of STAGES.entries()) {
  if (stage.length > 1) console.log(`\n══ ${stage.map((step) => step.name).join(' + ')}, side by side`)
  else console.log(`\n══ ${stage[0].name} (npm run ${stage[0].script})`)
  const before = cpuTimes()
  const results = await Promise.all(stage.map((step) => run(step, stage.length === 1)))
  const after = cpuTimes()
  const busy = after.busy - before.busy
  busyShare.set(index + 1, busy / (busy + after.idle - before.idle || 1))
  timings.push(...results.map((result) => ({...result, stage: index + 1})))
  if (results.some((result) => !result.ok)) break
}

const total = (performance.now() - started) / 1000
const failed = timings.filter((timing) => !timing.ok)
const skipped = STAGES.flat().filter((step) => !timings.some((timing) => timing.name === step.name))
console.log(`\n══ npm test: time per step (steps of one stage ran side by side; cores busy: all ${os.cpus().length}, every process)`)
for (const [i, timing] of timings.entries()) {
  const first = i === 0 || timings[i - 1].stage !== timing.stage
  const busy = first ? `  cores ${Math.round(100 * busyShare.get(timing.stage))}% busy` : ''
  console.log(
    `  ${String(timing.stage)}  ${timing.name.padEnd(10)} ${clock(timing.seconds).padStart(8)}  ${timing.ok ? 'passed' : 'FAILED'}${busy}`,
  )
}
for (const step of skipped) console.log(`     ${step.name.padEnd(10)}        –  not run`)
console.log(`     ${'total'.padEnd(10)} ${clock(total).padStart(8)}`)
if (failed.length) {
  console.error(`\nnpm test failed: ${failed.map((timing) => timing.name).join(', ')}`)
  process.exitCode = 1
}
