// Whether the machine is quiet enough to record figures in BENCHMARKS.md, and the words for refusing.
import fs from 'node:fs'

export const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number) as [number, number, number]

export const MAX_LOAD = 1
export const MIN_BENCHMARK_INDEX = 2000

/**
 * Reasons not to write BENCHMARKS.md (empty when the run may be recorded). The load that counts is the one before
 * the bench started (loads[0]): a bench raises the load itself; contention during Lighthouse runs shows in benchmarkIndex.
 */
export function refusals({smoke, loads, benchmarkIndex}: {smoke: boolean; loads: number[]; benchmarkIndex?: number}): string[] {
  const reasons: string[] = []
  if (smoke) reasons.push('this is a smoke run')
  if (loads[0] > MAX_LOAD)
    reasons.push(`the machine is busy: 1-minute load ${loads[0].toFixed(2)} before the bench (> ${MAX_LOAD}); wait for a quiet machine`)
  if (benchmarkIndex !== undefined && benchmarkIndex < MIN_BENCHMARK_INDEX)
    reasons.push(`Lighthouse's benchmarkIndex is ${Math.round(benchmarkIndex)} (< ${MIN_BENCHMARK_INDEX}): the CPU is shared or slow`)
  return reasons
}
