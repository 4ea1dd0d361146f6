// Commits transactions to a dataset file as fast as it can, printing each committed counter, until it
// is killed. tests/unit/lake-crash-safety.test.ts kills it mid-write and reads what is left.
// With CRASH_AT=n, commit n stops halfway through writing its bytes and says so, to be killed there.
import fs from 'node:fs'
import {EmbeddedStore} from '../../lib/embedded/store'
import {Transaction} from '../../lib/lake/transaction'

const crashAt = Number(process.env.CRASH_AT ?? 0)
const store = new EmbeddedStore(process.argv[2])
const padding = 'x'.repeat(256 * 1024)
for (let n = 1; ; n++) {
  if (n === crashAt) {
    const writeSync = fs.writeSync
    fs.writeSync = ((fd: number, buffer: Buffer, offset?: number, length?: number, position?: number) => {
      const size = length ?? buffer.length
      writeSync(fd, buffer, offset ?? 0, Math.floor(size / 2), position)
      process.stdout.write('mid-write\n')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000)
      return size
    }) as typeof fs.writeSync
  }
  const tx = new Transaction((id) => store.view('raw').byId.get(id))
  tx.put({_id: 'crash-counter', _type: 'counter', n, padding})
  tx.put({_id: `crash-doc-${n % 8}`, _type: 'note', n, padding})
  store.commit(tx.writes, {id: tx.id, timestamp: tx.timestamp})
  process.stdout.write(`${n}\n`)
}
