/**
 * A small seeded PRNG (mulberry32) with the helpers the fuzz generator needs. Same seed, same variants:
 * a failure is reproduced by re-running with the seed it prints (FUZZ_SEED=<n>).
 */
export class Rng {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick from an empty list')
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((sum, [weight]) => sum + weight, 0)
    let roll = this.next() * total
    for (const [weight, value] of entries) {
      roll -= weight
      if (roll < 0) return value
    }
    return entries[entries.length - 1][1]
  }

  /** A child generator whose sequence depends only on this seed and the label (stable across edits elsewhere). */
  fork(label: string): Rng {
    let hash = this.seed ^ 0x9e3779b9
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193)
    return new Rng(hash >>> 0)
  }
}
