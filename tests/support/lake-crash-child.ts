// Commits transactions to a dataset as fast as it can, printing each acknowledged counter, until it is
// killed; the store compacts the file whenever the loop yields (COMPACT_AFTER_MS, default 1 ms), so kills
// land in commits and in compactions alike. tests/unit/offline/lake/crash-safety.test.ts and
// tests/unit/offline/store/durability.test.ts kill it and read what is left.
// CRASH_AT=n: commit n stops inside its journal transaction (one write inserted, the other not, nothing committed),
// says "mid-commit", and waits to be killed.
// CRASH_IN_COMPACTION=1: the first compaction stops before renaming its file into place, says "mid-compaction".
// SHUTDOWN_HOOKS=1: compacts at SIGINT/SIGTERM as a server does (lib/offline/store/instance.ts), and commits slowly.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import {compactOnShutdown} from '../../lib/offline/store/compaction'
import {EmbeddedStore} from '../../lib/offline/store/store'
import {Transaction} from '../../lib/offline/lake/transaction'

const file = process.argv[2]
const crashAt = Number(process.env.CRASH_AT ?? 0)
const stall = (what: string) => {
  process.stdout.write(`${what}\n`)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
}
if (process.env.CRASH_IN_COMPACTION === '1') {
  const renameSync = fs.renameSync
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    if (to === file) stall('mid-compaction')
    renameSync(from, to)
  }) as typeof fs.renameSync
}

const store = new EmbeddedStore(file, {compactAfterMs: Number(process.env.COMPACT_AFTER_MS ?? 1)})
const slow = process.env.SHUTDOWN_HOOKS === '1'
if (slow) compactOnShutdown(store)
const padding = 'x'.repeat(4 * 1024)
const start = ((store.view('raw').byId.get('crash-counter')?.n as number | undefined) ?? 0) + 1

async function main() {
  for (let n = start; ; n++) {
    if (n === crashAt) {
      // every statement shares one prototype: the journal's insert of a write row stalls once it has run
      const prototype = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1'))
      const run = prototype.run
      prototype.run = function (this: {source: string}, ...params: unknown[]) {
        const result = run.apply(this, params)
        if (this.source.includes('INSERT INTO writes')) stall('mid-commit')
        return result
      }
    }
    const tx = new Transaction((id) => store.view('raw').byId.get(id))
    tx.put({_id: 'crash-counter', _type: 'counter', n, padding})
    tx.put({_id: `crash-doc-${n % 8}`, _type: 'note', n, padding})
    store.commit(tx.writes, {id: `tx-${n}`, timestamp: tx.timestamp, author: 'crash-child'})
    process.stdout.write(`${n}\n`)
    // yield now and then, so the idle compaction runs between commits
    if (slow || n % 3 === 0) await new Promise((resolve) => setTimeout(resolve, slow ? 20 : Math.random() * 4))
  }
}
void main()
