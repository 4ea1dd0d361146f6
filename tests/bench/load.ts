// npm run bench:load — autocannon against the production server, with two ceilings to compare to:
// the cheapest route the same server serves (the framework floor) and a bare Node server sending the
// article's bytes from memory (the physical limit). Then a soak for memory growth. First, in the same run: our
// cached home and article against the peer's (Sanity's clean Next.js template, tests/bench/template) home and post,
// and `npm start` against plain `next start` on the same build (the cost of any layer in front of Next), in
// interleaved rounds; a crawler on 2,000 distinct articles of a 10k-article dataset with /healthz probed alongside
// (tests/bench/crawler.ts). `--smoke`: 2 s runs of the comparison and a tiny crawl, never recorded. `--crawler-only`: the
// crawler row alone, recorded in its own section. BENCHMARKS.md is written only on a quiet machine (1-minute load ≤ 1).
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import {buildForProduction, E2E_PREVIEW_SECRET, startProductionServer} from '../support/production-server'
import {CRAWLER_SIZES, crawlerRow} from './crawler'
import {loadAverage, refusals} from './quiet'
import {writeBenchmarkSection} from './report'
import {startIsWrapped} from './servers'
import {peerMissing, startPeer} from './template/peer'

const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'
const CRAWLER_ONLY = process.argv.includes('--crawler-only')
const DURATION = SMOKE ? 2 : Number(process.env.BENCH_DURATION ?? 30)
const CONNECTIONS = SMOKE ? 10 : Number(process.env.BENCH_CONNECTIONS ?? 50)
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600)
const ROUNDS = SMOKE ? 1 : Number(process.env.BENCH_ROUNDS ?? 3)
const ARTICLE = '/articles/microsoft-wont-sell-facial-recognition-to-police'

type Result = {name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; bytes: number}

async function run(name: string, url: string, headers: Record<string, string> = {}, duration = DURATION): Promise<Result> {
  // `[<id>]` in a URL becomes a new id on every request
  const result = await autocannon({url, connections: CONNECTIONS, duration, headers, idReplacement: url.includes('[<id>]')})
  const row = {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
  }
  console.log(
    `${name.padEnd(34)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}  non-2xx ${row.non2xx}`,
  )
  return row
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024
}

/** Ours vs the template, and `npm start` vs `next start`: interleaved rounds, median req/s per target. */
async function compare(): Promise<string> {
  const wrapped = startIsWrapped()
  const ours = await startProductionServer()
  const plain = wrapped ? await startProductionServer({}, [], {plain: true}) : undefined
  const missing = peerMissing()
  if (missing) console.warn(`[load] the template peer is skipped: ${missing}`)
  const peer = missing ? undefined : await startPeer()
  try {
    const targets: [string, string][] = [
      ['our home (cached), npm start', `${ours.url}/`],
      ['our article (cached), npm start', ours.url + ARTICLE],
      // a new query string on every request: the micro-cache never has it, so each one goes through Next and the filter
      ['our article, npm start, every request through Next', `${ours.url}${ARTICLE}?v=[<id>]`],
    ]
    if (plain) targets.push(['our home, plain next start', `${plain.url}/`], ['our article, plain next start', plain.url + ARTICLE])
    if (peer) targets.push(['template home', peer.url + peer.homePath], ['template post', peer.url + peer.postPath])
    for (const [, url] of targets) for (let i = 0; i < 3; i++) await (await fetch(url)).arrayBuffer()
    const results = new Map<string, Result[]>(targets.map(([name]) => [name, []]))
    for (let round = 0; round < ROUNDS; round++)
      for (let i = 0; i < targets.length; i++) {
        const [name, url] = targets[(i + round) % targets.length]
        results.get(name)!.push(await run(`${name} (round ${round + 1})`, url))
      }
    const med = (name: string) => {
      const values = (results.get(name) ?? []).map((r) => r.rps).sort((a, b) => a - b)
      return values.length ? values[Math.floor(values.length / 2)] : NaN
    }
    const ratio = (a: string, b: string) => (results.has(a) && results.has(b) ? `${(med(a) / med(b)).toFixed(2)}×` : 'n/a')
    const rows = targets.map(([name]) => {
      const r = results.get(name)!
      const worst = (key: 'p99' | 'errors' | 'non2xx') => Math.max(...r.map((x) => x[key]))
      return `| ${name} | ${med(name)} | ${worst('p99')} | ${worst('errors')} | ${worst('non2xx')} | ${r[0].bytes} |`
    })
    return [
      `Same run, ${ROUNDS} interleaved round(s) of ${DURATION} s per target at ${CONNECTIONS} connections: median req/s, worst p99/errors.`,
      '',
      '| target | req/s | p99 ms | errors | non-2xx | bytes/resp |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      peer
        ? `Against the template: our home **${ratio('our home (cached), npm start', 'template home')}** the template home, our article **${ratio('our article (cached), npm start', 'template post')}** the template post.`
        : `The template peer was not measured (${missing}).`,
      plain
        ? `The layer in front of Next (\`npm start\` over plain \`next start\`, same build): home ${ratio('our home (cached), npm start', 'our home, plain next start')}, article ${ratio('our article (cached), npm start', 'our article, plain next start')} with its micro-cache; ${ratio('our article, npm start, every request through Next', 'our article, plain next start')} for an article request it cannot answer (a new query string each time: the filter, Next, and a micro-cache that only churns; bytes per response in the table).`
        : '`npm start` is plain `next start`: no layer in front of Next to measure.',
      peer
        ? `Every request through Next, our article is ${ratio('our article, npm start, every request through Next', 'template post')} the template post.`
        : '',
    ].join('\n')
  } finally {
    await peer?.stop()
    await plain?.stop()
    await ours.stop()
  }
}

/** The crawler row alone (`--crawler-only`), in its own section of BENCHMARKS.md. */
async function crawlerOnly(loads: number[]) {
  const crawler = await crawlerRow(SMOKE ? {articles: 200, urls: 40, connections: 4} : CRAWLER_SIZES)
  console.log(`\n${crawler}\n`)
  loads.push(loadAverage()[0])
  const reasons = refusals({smoke: SMOKE, loads})
  if (reasons.length) return console.warn(`[load] NOT writing BENCHMARKS.md: ${reasons.join('; ')}.`)
  writeBenchmarkSection('crawler', crawler, {node: process.version, load: loads.map((l) => l.toFixed(2)).join(' → ')})
}

async function main() {
  const loads = [loadAverage()[0]]
  console.log(`[load] ${SMOKE ? 'SMOKE run (never recorded)' : 'full run'}; load average ${loadAverage().join(' ')}`)
  if (process.env.BENCH_REUSE_BUILD !== '1') buildForProduction()
  if (CRAWLER_ONLY) return crawlerOnly(loads)
  const comparison = await compare()
  console.log(`\n${comparison}\n`)
  const crawler = await crawlerRow(SMOKE ? {articles: 200, urls: 40, connections: 4} : CRAWLER_SIZES)
  console.log(`\n${crawler}\n`)
  loads.push(loadAverage()[0])
  if (SMOKE) {
    console.warn('[load] NOT writing BENCHMARKS.md: this is a smoke run.')
    return
  }
  // the rows below describe Next itself, on plain `next start`; the soak runs what `npm start` runs
  const server = await startProductionServer({}, [], {plain: startIsWrapped()})
  try {
    // warm the caches, then read the article's bytes for the bare server
    for (const p of [ARTICLE, '/', '/search?q=facial+recognition', '/healthz']) await (await fetch(server.url + p)).text()
    const articleBytes = Buffer.from(await (await fetch(server.url + ARTICLE)).arrayBuffer())
    const bare = http.createServer((_req, res) => {
      res.writeHead(200, {'content-type': 'text/html; charset=utf-8', 'content-length': articleBytes.length})
      res.end(articleBytes)
    })
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
    const bareUrl = `http://127.0.0.1:${(bare.address() as {port: number}).port}/`

    const enable = await fetch(`${server.url}/api/draft-mode/enable?secret=${E2E_PREVIEW_SECRET}&redirect=${ARTICLE}`, {redirect: 'manual'})
    const cookie = (enable.headers.get('set-cookie') ?? '').match(/__prerender_bypass=[^;]+/)![0]

    const rows: Result[] = []
    rows.push(await run('framework floor (/healthz)', `${server.url}/healthz`))
    rows.push(await run('bare Node, article bytes', bareUrl))
    rows.push(await run('article (cached)', server.url + ARTICLE))
    rows.push(await run('home (cached)', `${server.url}/`))
    rows.push(await run('search (rendered per request)', `${server.url}/search?q=facial+recognition`))
    rows.push(await run('article in draft mode (uncached)', server.url + ARTICLE, {cookie}))
    const single = await autocannon({url: server.url + ARTICLE, connections: 1, duration: 10, headers: {cookie}})
    const draftAlone = `Draft-mode article, one connection (a single editor's request, no queueing): p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms.`
    console.log(draftAlone)
    bare.close()

    const floor = rows[0].rps
    const physical = rows[1].rps
    const article = rows[2].rps
    let soak = ''
    if (SOAK_SECONDS > 0) {
      // a new query string every request: each goes through Next and the filter, and fills the micro-cache to its bound
      const soakServer = await startProductionServer()
      try {
        const soakUrl = `${soakServer.url}${ARTICLE}?v=[<id>]`
        await run('soak warm-up', soakUrl, {}, 10)
        const before = rssOf(soakServer.process.pid!)
        const soaked = await run(`soak: article, ${SOAK_SECONDS} s`, soakUrl, {}, SOAK_SECONDS)
        const after = rssOf(soakServer.process.pid!)
        const growth = ((after - before) / before) * 100
        soak = `Soak (\`npm start\`, ${SOAK_SECONDS} s on the article with a new query string each request, after a 10 s warm-up; ${soaked.rps} req/s, ${soaked.errors} errors): RSS ${(before / 2 ** 20).toFixed(0)} MB → ${(after / 2 ** 20).toFixed(0)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%).`
        console.log(soak)
      } finally {
        await soakServer.stop()
      }
    }

    const table = [
      comparison,
      '',
      crawler,
      '',
      `${CONNECTIONS} connections, ${DURATION} s each (autocannon), plain \`next start\`:`,
      '',
      '| target | req/s | p50 ms | p99 ms | errors | non-2xx | bytes/resp |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.bytes} |`),
      '',
      `Cached article: **${((article / floor) * 100).toFixed(0)}%** of the framework floor, **${((article / physical) * 100).toFixed(1)}%** of a bare Node server sending the same bytes.`,
      '',
      draftAlone,
      soak ? `\n${soak}` : '',
      '',
      await profileArticle(),
    ].join('\n')
    loads.push(loadAverage()[0])
    const reasons = refusals({smoke: SMOKE, loads})
    if (reasons.length) {
      console.log(`\n${table}\n`)
      console.warn(`[load] NOT writing BENCHMARKS.md: ${reasons.join('; ')}.`)
      return
    }
    writeBenchmarkSection('load', table, {node: process.version, load: loads.map((l) => l.toFixed(2)).join(' → ')})
    fs.writeFileSync(path.join(__dirname, 'results-load.json'), JSON.stringify(rows, null, 2))
  } finally {
    await server.stop()
  }
}

/** Where a cached article request spends its time: a CPU profile of the server under load, by package. */
async function profileArticle(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-prof-'))
  const server = await startProductionServer({}, ['--cpu-prof', `--cpu-prof-dir=${dir}`], {plain: startIsWrapped()})
  try {
    await fetch(server.url + ARTICLE)
    await autocannon({url: server.url + ARTICLE, connections: CONNECTIONS, duration: 10})
  } finally {
    await server.stop()
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  const totals = new Map<string, number>()
  let all = 0
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
      nodes: {id: number; hitCount: number; callFrame: {url: string; functionName: string}}[]
    }
    for (const node of profile.nodes) {
      const url = node.callFrame.url
      const bucket =
        node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)'
          ? node.callFrame.functionName
          : node.callFrame.functionName === '(garbage collector)'
            ? 'garbage collection'
            : /node_modules\/next\/dist\/compiled\/next-server/.test(url) || /node_modules\/next\/dist\/server/.test(url)
              ? 'next server'
              : /react-dom|react-server|compiled\/react/.test(url)
                ? 'react'
                : /node_modules\/next/.test(url)
                  ? 'next (other)'
                  : url.startsWith('node:')
                    ? 'node core (http, streams, zlib)'
                    : /\.next\//.test(url)
                      ? 'our bundled code'
                      : url === ''
                        ? 'native / V8'
                        : 'other'
      totals.set(bucket, (totals.get(bucket) ?? 0) + node.hitCount)
      all += node.hitCount
    }
  }
  fs.rmSync(dir, {recursive: true, force: true})
  const busy = all - (totals.get('(idle)') ?? 0)
  const rows = [...totals.entries()]
    .filter(([bucket]) => bucket !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .map(([bucket, hits]) => `| ${bucket} | ${((hits / busy) * 100).toFixed(1)}% |`)
  return [
    `Where the server's CPU goes on cached article requests (V8 CPU profile of \`next start\`, ${files.length} process(es), 10 s under load, share of busy samples):`,
    '',
    '| where | share |',
    '| --- | ---: |',
    ...rows,
  ].join('\n')
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
