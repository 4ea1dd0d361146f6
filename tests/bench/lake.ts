// npm run bench:lake — the local Content Lake on a production server: how long an edit (one Studio
// keystroke: one document.edit action) takes to commit to the file, and how long a
// publish takes to show on the home page.
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {EmbeddedStore} from '../../lib/embedded/store'
import {Transaction} from '../../lib/lake/transaction'
import {generateDataset} from '../support/generate-dataset'
import {lakeClientAt} from '../support/lake'
import {buildForProduction, freePort, startProductionServer} from '../support/production-server'
import {copyDemoDataset} from '../support/temp-dataset'
import {writeBenchmarkSection} from './report'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30)

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10
}

/** One committed transaction (the file rewritten atomically) on generated datasets, in-process. */
function commitCost(articles: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lake-'))
  const file = path.join(dir, 'dataset.ndjson')
  fs.writeFileSync(
    file,
    `${generateDataset(articles, 2)
      .map((doc: object) => JSON.stringify(doc))
      .join('\n')}\n`,
  )
  const store = new EmbeddedStore(file)
  const times: number[] = []
  for (let i = 0; i < 7; i++) {
    const tx = new Transaction((id) => store.view('raw').byId.get(id))
    tx.put({_id: 'drafts.bench', _type: 'article', title: `Edit ${i}`})
    const start = performance.now()
    store.commit(tx.writes)
    times.push(performance.now() - start)
  }
  const megabytes = fs.statSync(file).size / 1e6
  fs.rmSync(dir, {recursive: true, force: true})
  return {articles, megabytes, p50: percentile(times, 50), max: percentile(times, 100)}
}

async function main() {
  if (process.env.BENCH_REUSE_BUILD !== '1') buildForProduction()
  const dataset = copyDemoDataset()
  const token = randomBytes(32).toString('base64url')
  const lakePort = await freePort()
  const server = await startProductionServer({
    BROADSHEET_DATASET_FILE: dataset.file,
    BROADSHEET_LOCAL_LAKE: '1',
    BROADSHEET_LAKE_PORT: String(lakePort),
    BROADSHEET_LAKE_TOKEN: token,
  })
  const client = lakeClientAt(`http://127.0.0.1:${lakePort}`, token)
  const act = (actions: object[]) => client.request({method: 'POST', uri: '/data/actions/production', body: {actions}})
  try {
    await fetch(`${server.url}/`) // warm the home page into the cache
    const edits: number[] = []
    const publishes: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const id = `bench-${round}-${Date.now().toString(36)}`
      const title = `Benchmark story ${id}`
      await act([
        {
          actionType: 'sanity.action.document.create',
          publishedId: id,
          attributes: {
            _id: `drafts.${id}`,
            _type: 'article',
            title: 'Benchmark story',
            slug: {_type: 'slug', current: id},
            author: {_type: 'reference', _ref: 'author-jane-doe'},
            publishedAt: new Date().toISOString(),
          },
        },
      ])
      const editStart = performance.now()
      await act([{actionType: 'sanity.action.document.edit', draftId: `drafts.${id}`, publishedId: id, patch: {set: {title}}}])
      edits.push(performance.now() - editStart)
      const publishStart = performance.now()
      await act([{actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id}])
      for (;;) {
        if ((await (await fetch(`${server.url}/`)).text()).includes(title)) break
        if (performance.now() - publishStart > 10_000) throw new Error(`round ${round}: the home page never showed the publish`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      publishes.push(performance.now() - publishStart)
    }
    const rows = [
      ['edit committed (one document.edit action; file rewritten)', edits],
      ['publish → on the home page', publishes],
    ] as const
    const table = [
      '| what | p50 ms | p95 ms | max ms |',
      '| --- | ---: | ---: | ---: |',
      ...rows.map(([name, values]) => `| ${name} | ${percentile(values, 50)} | ${percentile(values, 95)} | ${percentile(values, 100)} |`),
    ].join('\n')
    const scale = [1000, 10000].map(commitCost)
    const scaleTable = [
      '| dataset | file | commit p50 ms | max ms |',
      '| --- | ---: | ---: | ---: |',
      ...scale.map((r) => `| ${r.articles.toLocaleString('en')} articles | ${r.megabytes.toFixed(1)} MB | ${r.p50} | ${r.max} |`),
    ].join('\n')
    console.log(table)
    console.log(scaleTable)
    writeBenchmarkSection(
      'lake',
      `${table}\n\nTarget: the site sees a publish within a second. The home page is polled every 10 ms after the publish action returns; the time includes the revalidation round trip and the page's regeneration.\n\nOne commit on larger generated datasets (in-process, 7 commits each): every transaction rewrites the whole file.\n\n${scaleTable}`,
      {rounds: ROUNDS, dataset: 'demo (64 documents, growing by 2 per round)'},
    )
  } finally {
    await server.stop()
    dataset.remove()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
