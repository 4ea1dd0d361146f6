// The measuring half of "a year of editing" (journal-year.ts), in a fresh process so its RSS is the server's alone:
// `journal-year-measure.ts <dataset file> <sample size> [<hot article ids>]` (else those of year.json beside the file, as
// BENCH_YEAR_KEEP keeps it); prints one JSON line.
import fs from 'node:fs'
import path from 'node:path'
import type {AddressInfo} from 'node:net'
import {historyOf} from '../../lib/offline/lake/history/source'
import {variantEvents} from '../../lib/offline/lake/history/events'
import {transactionLines, transactionWindow} from '../../lib/offline/lake/history/transactions'
import {createLakeServer} from '../../lib/offline/lake/server'
import {LOCAL_PROJECT_ID} from '../../lib/offline/lake/session'
import {EmbeddedStore} from '../../lib/offline/store/store'
import {lakeClientAt, TEST_LAKE_TOKEN} from '../support/lake'
import {articleIds, percentile, round1, save} from './lake-saves'

const [file, sampleArg, hotArg] = process.argv.slice(2)
const hotIds = () =>
  hotArg?.split(',') ?? (JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'year.json'), 'utf8')) as {hot: string[]}).hot
/** What the Studio's history panel asks first for a document: its events, then the transactions since. */
const TRANSACTIONS = 'reverse=true&limit=50&effectFormat=mendoza&excludeContent=true&includeIdentifiedDocumentsOnly=true'

async function main() {
  const quiet = console.log
  console.log = () => {}
  const started = performance.now()
  const store = new EmbeddedStore(file, {compactAfterMs: 3_600_000})
  const startMs = round1(performance.now() - started)
  console.log = quiet
  const server = createLakeServer({
    store,
    projectId: LOCAL_PROJECT_ID,
    dataset: 'production',
    token: TEST_LAKE_TOKEN,
    assetsDir: '/nonexistent',
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const client = lakeClientAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, TEST_LAKE_TOKEN)

  // half the sample from the most edited articles, half spread over all of them
  const all = articleIds(store)
  const sample = Number(sampleArg)
  const hot = hotIds().slice(0, Math.ceil(sample / 2))
  const spread = Array.from({length: sample - hot.length}, (_, i) => all[Math.floor((i * all.length) / (sample - hot.length))])
  const times: number[] = []
  const rowsEach: number[] = []
  for (const id of [...hot, ...spread]) {
    const draft = `drafts.${id}`
    const start = performance.now()
    await client.request({uri: `/data/history/production/events/documents/${draft}`, query: {limit: '100'}})
    await client.request({uri: `/data/history/production/transactions/${draft}?${TRANSACTIONS}`})
    times.push(performance.now() - start)
    // the same reads in-process, for the journal rows they cost
    const source = historyOf(store)
    let taken = 0
    for (const event of variantEvents(source, draft, Number.MAX_SAFE_INTEGER)) if (++taken > 100 || !event) break
    const url = new URL(`http://lake/?${TRANSACTIONS}`)
    transactionLines(source, transactionWindow(source, [draft], url), [draft], url.searchParams)
    rowsEach.push(source.reader?.rowsRead ?? 0)
  }
  const rssMb = Math.round(process.memoryUsage().rss / 1e6)
  server.closeAllConnections()
  server.close()

  const saves: number[] = []
  const ids = all.slice(100, 105)
  for (let i = 0; i < 310; i++) {
    const begin = performance.now()
    save(store, ids[i % ids.length], `Keystroke ${i}`)
    if (i >= 10) saves.push(performance.now() - begin)
  }
  await store.close()
  const result = {startMs, p50: percentile(times, 50), p95: percentile(times, 95), max: percentile(times, 100), rssMb}
  // the hot articles' pages beside the others', from the same process: how a page's cost follows a document's history
  const half = (values: number[], hotHalf: boolean) => (hotHalf ? values.slice(0, hot.length) : values.slice(hot.length))
  const split = (hotHalf: boolean) => ({
    p50: percentile(half(times, hotHalf), 50),
    p95: percentile(half(times, hotHalf), 95),
    rowsPerPage: Math.round(mean(half(rowsEach, hotHalf))),
  })
  const rowsPerPage = Math.round(mean(rowsEach))
  process.stdout.write(
    `${JSON.stringify({...result, saveP50: percentile(saves, 50), rowsPerPage, hot: split(true), spread: split(false)})}\n`,
  )
}

function mean(values: number[]) {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
