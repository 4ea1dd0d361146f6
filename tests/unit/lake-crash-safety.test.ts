/** @jest-environment node */
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {EmbeddedStore} from '@/lib/embedded/store'
import {Transaction} from '@/lib/lake/transaction'
import {copyDemoDataset} from '../support/temp-dataset'

const CHILD = path.resolve(__dirname, '../support/lake-crash-child.ts')

/** Every line parses; returns the documents by id. */
function parseStrictly(file: string) {
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  expect(lines.pop()).toBe('')
  return new Map(lines.map((line) => JSON.parse(line)).map((doc) => [doc._id, doc]))
}

/** Runs the committing child until `killWhen` says so, then SIGKILLs it; returns the last commit it reported. */
async function killChild(file: string, killWhen: (line: string, committed: number) => boolean, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {...process.env, ...env},
  })
  let committed = 0
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error('the child exited on its own')))
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().trim().split('\n')) {
        if (/^\d+$/.test(line)) committed = Number(line)
        if (killWhen(line, committed)) resolve()
      }
    })
  })
  child.removeAllListeners('exit')
  child.kill('SIGKILL')
  await new Promise((resolve) => child.on('exit', resolve))
  return committed
}

describe('local lake persistence', () => {
  let dataset: ReturnType<typeof copyDemoDataset>
  let demoIds: string[]
  beforeEach(() => {
    dataset = copyDemoDataset()
    demoIds = [...parseStrictly(dataset.file).keys()]
  })
  afterEach(() => dataset.remove())

  const expectCommitted = (n: number) => {
    const docs = parseStrictly(dataset.file)
    expect(docs.get('crash-counter')!.n).toBe(n)
    expect(docs.get(`crash-doc-${n % 8}`)!.n).toBe(n)
    for (const id of demoIds) expect(docs.has(id)).toBe(true)
  }

  it('keeps the last committed file when the process dies halfway through writing', async () => {
    for (const crashAt of [1, 4]) {
      const committed = await killChild(dataset.file, (line) => line === 'mid-write', {CRASH_AT: String(crashAt)})
      expect(committed).toBe(crashAt - 1)
      // the half-written temp file is there, and was never renamed over the dataset
      expect(fs.readdirSync(path.dirname(dataset.file)).some((name) => name.startsWith('dataset.ndjson.'))).toBe(true)
      if (crashAt === 1) expect([...parseStrictly(dataset.file).keys()]).toEqual(demoIds)
      else expectCommitted(crashAt - 1)
    }
  }, 60_000)

  it('leaves a whole file, old or new, when killed at any moment', async () => {
    for (let round = 0; round < 5; round++) {
      const committed = await killChild(dataset.file, (_line, n) => n >= 3 + round)
      const n = parseStrictly(dataset.file).get('crash-counter')!.n as number
      // the commit in flight either landed whole or not at all
      expect([committed, committed + 1]).toContain(n)
      expectCommitted(n)
    }
  }, 60_000)

  it('changes nothing in memory when the file cannot be written', () => {
    const store = new EmbeddedStore(dataset.file)
    try {
      const before = store.documents
      // a directory where the file should be: rename fails, even for root
      fs.rmSync(dataset.file)
      fs.mkdirSync(dataset.file)
      const tx = new Transaction((id) => store.view('raw').byId.get(id))
      tx.put({_id: 'topic-unwritten', _type: 'topic', title: 'Unwritten'})
      expect(() => store.commit(tx.writes)).toThrow()
      expect(store.documents).toBe(before)
      expect(store.view('raw').byId.has('topic-unwritten')).toBe(false)
    } finally {
      store.close()
    }
  })
})
