// npm run bench:lake — the local Content Lake's saves and their durability, and a publish on a production
// server. In-process, on the demo dataset and generated ones (1k, 10k, 50k articles): a save (one Studio
// keystroke: a document.edit action, committed to the journal, SQLite with synchronous=FULL) p50 and p99, and its
// cost at 10k over the demo; the compaction that rewrites the NDJSON file from memory; start-up with a
// 10k-transaction journal. On a production server: from a publish to the home page.
// Then "a year of editing" (journal-year.ts): a synthetic journal of 2.7 million small edits, its size, start-up,
// a document's first history page, RSS, and saves on top of it (sizes from BENCH_YEAR_* variables; a month is
// BENCH_YEAR_DAYS=21; BENCH_YEAR_KEEP keeps and reuses one). The year has its own section of BENCHMARKS.md;
// `--year-only`: the demo's saves (the ratio's baseline) and the year alone, recorded in that section only.
// `--smoke` (or BENCH_SMOKE=1): tiny sizes and counts, no server unless --server, and never recorded.
// Figures are recorded in BENCHMARKS.md only when the 1-minute load before the bench is at or below 1.
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import {EmbeddedStore, type StoredDocument} from '../../lib/offline/store/store'
import {DEMO_DATASET} from '../support/demo'
import {generateDataset} from '../support/generate-dataset'
import {createArticleDraft, lakeActions, publishDraft} from '../support/lake'
import {buildForProduction, freePort, startProductionServer} from '../support/production-server'
import {copyDemoDataset} from '../support/temp-dataset'
import {journalBytes, journalTransactions} from '../support/journal'
import {yearOfEditing, yearOptions} from './journal-year'
import {articleIds, datasetOf, percentile, round1, save} from './lake-saves'
import {writeBenchmarkSection} from './report'
import {refusals} from './quiet'

const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'
const YEAR_ONLY = process.argv.includes('--year-only')
const WITH_SERVER = !YEAR_ONLY && (!SMOKE || process.argv.includes('--server'))
const ROUNDS = SMOKE ? 3 : Number(process.env.BENCH_ROUNDS ?? 30)
const SAVES = SMOKE ? 20 : Number(process.env.BENCH_SAVES ?? 300)
const SIZES = SMOKE ? [200, 1000] : [1000, 10_000, 50_000]
const LOG_TRANSACTIONS = SMOKE ? 200 : 10_000

const load1 = () => Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
/** Saves on one dataset: p50/p99 of SAVES keystrokes over a few articles, then one compaction of what they changed. */
async function saveCost(name: string, documents: StoredDocument[] | string) {
  const dataset = datasetOf(documents)
  const loadStart = performance.now()
  const store = new EmbeddedStore(dataset.file, {compactAfterMs: 3_600_000})
  for (const perspective of ['raw', 'published', 'drafts'] as const) store.view(perspective)
  const loadMs = performance.now() - loadStart
  const ids = articleIds(store).slice(0, 5)
  for (let i = 0; i < 10; i++) save(store, ids[i % ids.length], `Warm-up ${i}`)
  const times: number[] = []
  for (let i = 0; i < SAVES; i++) {
    const start = performance.now()
    save(store, ids[i % ids.length], `Keystroke ${i}`)
    times.push(performance.now() - start)
  }
  const compactStart = performance.now()
  await store.compact()
  const compactMs = performance.now() - compactStart
  const megabytes = fs.statSync(dataset.file).size / 1e6
  store.close()
  dataset.remove()
  return {name, megabytes, loadMs: round1(loadMs), p50: percentile(times, 50), p99: percentile(times, 99), compactMs: round1(compactMs)}
}

/** Start-up with a long journal: LOG_TRANSACTIONS saves on the demo dataset, compacted (the usual case) and not (after a crash). */
async function startUpWithLog() {
  const dataset = datasetOf(fs.readFileSync(DEMO_DATASET, 'utf8'))
  const writer = new EmbeddedStore(dataset.file, {compactAfterMs: 3_600_000})
  const ids = articleIds(writer)
  for (let i = 0; i < LOG_TRANSACTIONS; i++) save(writer, ids[i % ids.length], `Keystroke ${i}`)
  writer.close()
  const logMegabytes = journalBytes(dataset.file).length / 1e6
  const timed = (run: () => void) => {
    const start = performance.now()
    run()
    return round1(performance.now() - start)
  }
  const quiet = console.log
  console.log = () => {}
  let replaying: EmbeddedStore | undefined
  const replayMs = timed(() => (replaying = new EmbeddedStore(dataset.file, {compactAfterMs: 3_600_000})))
  console.log = quiet
  await replaying!.compact()
  replaying!.close()
  let started: EmbeddedStore | undefined
  const startMs = timed(() => (started = new EmbeddedStore(dataset.file, {compactAfterMs: 3_600_000})))
  const historyMs = timed(() => journalTransactions(started!))
  started!.close()
  dataset.remove()
  return {logMegabytes, replayMs, startMs, historyMs}
}

/** From a publish action to the title on the home page, on a production server with the lake. */
async function publishToHome() {
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
  const act = lakeActions(`http://127.0.0.1:${lakePort}`, token)
  try {
    await fetch(`${server.url}/`) // warm the home page into the cache
    const edits: number[] = []
    const publishes: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const id = `bench-${round}-${Date.now().toString(36)}`
      const title = `Benchmark story ${id}`
      await act([createArticleDraft(id, 'Benchmark story')])
      const editStart = performance.now()
      await act([{actionType: 'sanity.action.document.edit', draftId: `drafts.${id}`, publishedId: id, patch: {set: {title}}}])
      edits.push(performance.now() - editStart)
      const publishStart = performance.now()
      await act([publishDraft(id)])
      for (;;) {
        if ((await (await fetch(`${server.url}/`)).text()).includes(title)) break
        if (performance.now() - publishStart > 10_000) throw new Error(`round ${round}: the home page never showed the publish`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      publishes.push(performance.now() - publishStart)
    }
    return {edits, publishes}
  } finally {
    await server.stop()
    dataset.remove()
  }
}

async function main() {
  const loads = [load1()]
  console.log(`[bench:lake] ${SMOKE ? 'SMOKE run (never recorded)' : 'full run'}; load average ${loads[0]}`)
  const rows = [await saveCost('demo', fs.readFileSync(DEMO_DATASET, 'utf8'))]
  if (YEAR_ONLY) {
    const year = yearOfEditing(yearOptions(SMOKE), rows[0].p50)
    console.log(`${year.table}\n\n${year.curve}`)
    loads.push(load1())
    return recordYear(year, loads)
  }
  for (const size of SIZES) rows.push(await saveCost(`${size.toLocaleString('en')} articles`, generateDataset(size, 2)))
  loads.push(load1())
  const demo = rows[0]
  const tenK = rows.find((row) => row.name === '10,000 articles') ?? rows.at(-1)!
  const saveTable = [
    '| dataset | file | load ms | save p50 ms | save p99 ms | compaction ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.megabytes.toFixed(1)} MB | ${r.loadMs} | ${r.p50} | ${r.p99} | ${r.compactMs} |`),
  ].join('\n')
  const ratio = `Save p50 at ${tenK.name} over the demo: **${round1(tenK.p50 / demo.p50)}×** (target ≤ 3×).`
  const log = await startUpWithLog()
  loads.push(load1())
  const logTable = [
    `| start-up with a ${LOG_TRANSACTIONS.toLocaleString('en')}-transaction journal (${log.logMegabytes.toFixed(1)} MB), demo dataset | ms |`,
    '| --- | ---: |',
    `| file compacted (the usual start) | ${log.startMs} |`,
    `| file lacking every transaction (after a crash): replayed | ${log.replayMs} |`,
    `| history read of the whole journal (every transaction, a page at a time) | ${log.historyMs} |`,
  ].join('\n')
  console.log(saveTable)
  console.log(ratio)
  console.log(logTable)
  const year = yearOfEditing(yearOptions(SMOKE), demo.p50)
  loads.push(load1())
  console.log(year.table)
  console.log(year.curve)
  let publishTable = '_(not measured in this run)_'
  if (WITH_SERVER) {
    const {edits, publishes} = await publishToHome()
    loads.push(load1())
    publishTable = [
      '| what | p50 ms | p95 ms | max ms |',
      '| --- | ---: | ---: | ---: |',
      `| edit over HTTP (one document.edit action) | ${percentile(edits, 50)} | ${percentile(edits, 95)} | ${percentile(edits, 100)} |`,
      `| publish → on the home page | ${percentile(publishes, 50)} | ${percentile(publishes, 95)} | ${percentile(publishes, 100)} |`,
    ].join('\n')
    console.log(publishTable)
  }
  // the load before the bench is what says the machine was quiet; the bench's own work raises it
  const reasons = [...refusals({smoke: SMOKE, loads}), ...(WITH_SERVER ? [] : ['the publish was not measured'])]
  if (reasons.length) {
    console.log(`[bench:lake] BENCHMARKS.md not written: ${reasons.join('; ')}`)
    return
  }
  writeBenchmarkSection(
    'lake',
    [
      `Saves, in-process: ${SAVES} keystrokes (document.edit actions) per dataset, each committed to the journal (one SQLite transaction, synchronous=FULL) before it returns; memory is updated at the cost of the change. Compaction rewrites the NDJSON file from memory (here after those saves).`,
      saveTable,
      ratio,
      logTable,
      "A production server with the lake, demo dataset: the home page is polled every 10 ms after the publish action returns; the time includes the revalidation round trip and the page's regeneration. Target: within a second.",
      publishTable,
    ].join('\n\n'),
    {rounds: ROUNDS, saves: SAVES, 'load average': loads.join(' / ')},
  )
  recordYear(year, loads)
}

/** "A year of editing", in its own section (a full run and `--year-only` both write it). */
function recordYear(year: {table: string; curve: string}, loads: number[]) {
  const reasons = refusals({smoke: SMOKE, loads})
  if (reasons.length) return console.log(`[bench:lake] the year is not written to BENCHMARKS.md: ${reasons.join('; ')}`)
  writeBenchmarkSection(
    'lake-year',
    [
      "A year of editing: a synthetic journal generated straight into SQLite (a keystroke a second on an article's draft, sessions of 5–15 minutes ending in a publish, a quarter of them on 50 hot articles), then a fresh process opens the store on it, reads the first history page of half hot and half spread articles over HTTP, and saves. The growth curve is the journal after each tenth of the days: whether bytes per edit stay flat is what lets a shorter run (a month) be extrapolated to a year.",
      year.table,
      year.curve,
    ].join('\n\n'),
    {'load average': loads.join(' / ')},
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
