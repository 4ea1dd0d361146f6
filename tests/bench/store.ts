// npm run bench:store — embedded-store timings for every reader query at 1k, 10k and 50k articles.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import * as queries from '../../lib/site/content/queries'
import {EmbeddedStore} from '../../lib/offline/store/store'
import {generateDataset} from '../support/generate-dataset'
import {writeBenchmarkSection} from './report'

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number)
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200)

type Row = {articles: number; query: string; p50: number; p99: number; loadMs: number; heapMb: number}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function measure(store: EmbeddedStore, query: string, params: Record<string, unknown>, iterations: number) {
  for (let i = 0; i < 5; i++) await store.query(query, params)
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await store.query(query, params)
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)
}

async function main() {
  const rows: Row[] = []
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-'))
  for (const size of SIZES) {
    const file = path.join(dir, `dataset-${size}.ndjson`)
    fs.writeFileSync(
      file,
      generateDataset(size)
        .map((doc) => JSON.stringify(doc))
        .join('\n'),
    )
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const loadStart = performance.now()
    const store = new EmbeddedStore(file)
    store.view('published')
    const loadMs = performance.now() - loadStart
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    const published = store.view('published')
    const slugOf = (type: string) =>
      (published.byType.get(type)?.find((doc) => (doc.slug as {current?: string})?.current)?.slug as {current: string}).current
    const cases: [string, string, Record<string, unknown>][] = [
      ['articleBySlug', queries.articleBySlug.query, {slug: slugOf('article')}],
      ['latestArticles (page 1)', queries.latestArticles.query, {start: 0, end: 13}],
      ['latestArticles (page 10)', queries.latestArticles.query, {start: 108, end: 121}],
      ['topicBySlug', queries.topicBySlug.query, {slug: slugOf('topic')}],
      ['topicArticles (page 1)', queries.topicArticles.query, {slug: slugOf('topic'), start: 0, end: 13}],
      ['authorBySlug', queries.authorBySlug.query, {slug: slugOf('author')}],
      ['authorArticles (page 1)', queries.authorArticles.query, {slug: slugOf('author'), start: 0, end: 13}],
      ['quoteBySlug', queries.quoteBySlug.query, {slug: slugOf('quote')}],
      ['principleListBySlug', queries.principleListBySlug.query, {slug: slugOf('principleList')}],
      ['allQuotes (page 1)', queries.allQuotes.query, {start: 0, end: 25}],
      ['allPrincipleLists (page 1)', queries.allPrincipleLists.query, {start: 0, end: 25}],
      ['allTopics', queries.allTopics.query, {}],
      ['siteSettings', queries.siteSettings.query, {}],
    ]
    // the first ask of a deep page sorts the index and tests the filter on every document above the page;
    // later asks reuse both (until a commit, which costs a re-sort and one document's test): one sample
    const firstAskStart = performance.now()
    await store.query(queries.latestArticles.query, {start: 108, end: 121})
    const firstAsk = performance.now() - firstAskStart
    for (const [name, query, params] of cases) {
      // slow queries get fewer iterations so the run stays short
      const probe = await measure(store, query, params, 3)
      const iterations = probe[1] > 50 ? 10 : ITERATIONS
      const times = await measure(store, query, params, iterations)
      rows.push({articles: size, query: name, p50: percentile(times, 50), p99: percentile(times, 99), loadMs, heapMb})
      console.log(`${size}\t${name}\tp50 ${percentile(times, 50).toFixed(3)} ms\tp99 ${percentile(times, 99).toFixed(3)} ms`)
    }
    rows.push({
      articles: size,
      query: 'latestArticles (page 10), first ask after start (one sample)',
      p50: firstAsk,
      p99: firstAsk,
      loadMs,
      heapMb,
    })
    console.log(`${size}\tload ${loadMs.toFixed(0)} ms\theap +${heapMb.toFixed(0)} MB`)
  }
  fs.rmSync(dir, {recursive: true, force: true})

  const loads = SIZES.map((size) => rows.find((r) => r.articles === size)!)
  const table = [
    `| query | ${SIZES.map((s) => `${s / 1000}k p50 / p99 (ms)`).join(' | ')} |`,
    `| --- | ${SIZES.map(() => '---').join(' | ')} |`,
    ...[...new Set(rows.map((r) => r.query))].map(
      (query) =>
        `| ${query} | ${SIZES.map((size) => {
          const row = rows.find((r) => r.articles === size && r.query === query)!
          return `${row.p50.toFixed(2)} / ${row.p99.toFixed(2)}`
        }).join(' | ')} |`,
    ),
    `| *load (parse + index)* | ${loads.map((r) => `${r.loadMs.toFixed(0)} ms, +${r.heapMb.toFixed(0)} MB heap`).join(' | ')} |`,
  ].join('\n')
  console.log(`\n${table}`)
  writeBenchmarkSection('store', table, {node: process.version, iterations: ITERATIONS})
  fs.writeFileSync(path.join(__dirname, 'results-store.json'), JSON.stringify(rows, null, 2))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
