// npm run bench:lighthouse — Lighthouse (mobile preset) on our reader pages, the peer's (Sanity's clean Next.js
// template, tests/bench/template) home and post, and the script-free limit of our model article, in one run:
// 5 runs per page, interleaved (every page once per round, the order rotated) so drift hits all pages alike.
// Medians. Writes BENCHMARKS.md only on a quiet machine (1-minute load ≤ 1, benchmarkIndex ≥ 2,000), never in
// smoke mode (`--smoke`: one run of two pages; BENCH_PAGES picks others). Plus the first-load JavaScript of each page type.
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import lighthousePackage from 'lighthouse/package.json'
import {CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium} from '../support/browser'
import {buildForProduction, startProductionServer} from '../support/production-server'
import {firstLoadJs, READER_PAGES} from './first-load-js'
import {loadAverage, refusals} from './quiet'
import {writeBenchmarkSection} from './report'
import {startScriptFree} from './script-free'
import {peerMissing, startPeer} from './template/peer'

const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'
const RUNS = SMOKE ? 1 : Number(process.env.BENCH_RUNS ?? 5)
const LIGHTHOUSE = path.join(__dirname, '../../node_modules/lighthouse/cli/index.js')
const ARTICLE = '/articles/microsoft-wont-sell-facial-recognition-to-police'

type Site = 'ours' | 'peer' | 'limit'
type Target = {name: string; site: Site; path: string}
const OURS: Target[] = [
  {name: 'home', site: 'ours', path: '/'},
  {name: 'model article', site: 'ours', path: ARTICLE},
  {name: 'topic', site: 'ours', path: '/topics/ai'},
  {name: 'author', site: 'ours', path: '/authors/jane-doe'},
  {name: 'quote', site: 'ours', path: '/quotes/brad-smith-facial-recognition-police'},
  {name: 'principle list', site: 'ours', path: '/principles/microsoft-facial-recognition-principles'},
  {name: 'quote index', site: 'ours', path: '/quotes'},
  {name: 'principle index', site: 'ours', path: '/principles'},
  {name: 'search', site: 'ours', path: '/search?q=facial'},
]
const LIMIT: Target = {name: 'model article, script-free limit', site: 'limit', path: ARTICLE}
const PEER: Target[] = [
  {name: 'template home', site: 'peer', path: '/'},
  {name: 'template post', site: 'peer', path: '/posts/microsoft-wont-sell-facial-recognition-to-police'},
]

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

type Run = Awaited<ReturnType<typeof lighthouse>>

async function lighthouse(url: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-'))
  const out = path.join(dir, 'report.json')
  // a fresh profile every run: no cache, no service worker, no state from the previous page
  const flags = ['--headless=new', ...CHROMIUM_FLAGS, `--user-data-dir=${path.join(dir, 'profile')}`].join(' ')
  // async: the script-free server and the peer's stand-ins run in this process and must answer meanwhile
  const child = promisify(execFile)(
    process.execPath,
    [LIGHTHOUSE, url, '--quiet', '--output=json', `--output-path=${out}`, `--chrome-flags=${flags}`],
    {env: {...process.env, CHROME_PATH: CHROMIUM_PATH}, maxBuffer: 1 << 26},
  )
  await child
  const report = JSON.parse(fs.readFileSync(out, 'utf8'))
  fs.rmSync(dir, {recursive: true, force: true})
  const score = (id: string) => Math.round(report.categories[id].score * 100)
  const requests = (report.audits['network-requests']?.details?.items ?? []) as {resourceType?: string; transferSize?: number}[]
  const bytesOf = (type: string) => requests.filter((r) => r.resourceType === type).reduce((sum, r) => sum + (r.transferSize ?? 0), 0)
  const lcpParts = (report.audits['lcp-breakdown-insight']?.details?.items ?? []) as {type: string; selector?: string}[]
  return {
    benchmarkIndex: report.environment?.benchmarkIndex as number,
    userAgent: report.environment?.hostUserAgent as string,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcp: report.audits['largest-contentful-paint'].numericValue as number,
    tbt: report.audits['total-blocking-time'].numericValue as number,
    cls: report.audits['cumulative-layout-shift'].numericValue as number,
    transferred: report.audits['total-byte-weight'].numericValue as number,
    scripts: bytesOf('Script'),
    fonts: bytesOf('Font'),
    lcpElement: lcpParts.find((item) => item.type === 'node')?.selector?.slice(0, 100),
  }
}

async function main() {
  const loads = [loadAverage()[0]]
  console.log(
    `[lighthouse] ${SMOKE ? 'SMOKE run (never recorded)' : `${RUNS} interleaved runs per page`}; load average ${loadAverage().join(' ')}`,
  )
  if (process.env.BENCH_REUSE_BUILD !== '1') buildForProduction()
  const ours = await startProductionServer()
  const missing = peerMissing()
  if (missing) console.warn(`[lighthouse] the template peer is skipped: ${missing}`)
  const peer = missing ? undefined : await startPeer()
  const limit = await startScriptFree(ours.url, ARTICLE)
  const base: Record<Site, string> = {ours: ours.url, limit: limit.url, peer: peer?.url ?? ''}
  try {
    let targets = [...OURS, LIMIT, ...(peer ? PEER : [])]
    if (SMOKE) targets = [targets[1], peer ? PEER[1] : LIMIT]
    // BENCH_PAGES="model article,script-free limit": only the pages whose names contain one of these
    const only = process.env.BENCH_PAGES?.split(',').map((name) => name.trim())
    if (only) targets = [...OURS, LIMIT, ...(peer ? PEER : [])].filter((t) => only.some((name) => t.name.includes(name)))
    // warm every cache (ISR, the image optimizer at Lighthouse's mobile viewport, the stand-in CDN)
    for (const t of targets) await (await fetch(base[t.site] + t.path)).text()
    const browser = await launchChromium()
    const page = await browser.newPage({viewport: {width: 412, height: 823}, deviceScaleFactor: 1.75})
    for (const t of targets) await page.goto(base[t.site] + t.path, {waitUntil: 'networkidle'})
    await browser.close()

    const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]))
    for (let round = 0; round < RUNS; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length])
      for (const t of order) {
        const run = await lighthouse(base[t.site] + t.path)
        runs.get(t)!.push(run)
        console.log(
          `[lighthouse] round ${round + 1}/${RUNS} ${t.name}: perf ${run.performance}, LCP ${(run.lcp / 1000).toFixed(2)} s, TBT ${Math.round(run.tbt)} ms, CLS ${run.cls.toFixed(3)}, ${Math.round(run.transferred / 1024)} KB, benchmarkIndex ${Math.round(run.benchmarkIndex)}`,
        )
      }
      loads.push(loadAverage()[0])
    }
    const rows = targets.map((t) => {
      const r = runs.get(t)!
      const m = (key: Exclude<keyof Run, 'userAgent' | 'lcpElement'>) => median(r.map((run) => run[key]))
      return {
        ...t,
        performance: m('performance'),
        accessibility: m('accessibility'),
        bestPractices: m('bestPractices'),
        seo: m('seo'),
        lcp: m('lcp'),
        tbt: m('tbt'),
        cls: m('cls'),
        transferred: m('transferred'),
        scripts: m('scripts'),
        fonts: m('fonts'),
        lcpElement: r[0].lcpElement,
      }
    })
    const all = [...runs.values()].flat()
    const benchmarkIndex = median(all.map((r) => r.benchmarkIndex))
    const indexRange = `${Math.round(Math.min(...all.map((r) => r.benchmarkIndex)))}–${Math.round(Math.max(...all.map((r) => r.benchmarkIndex)))}`

    const js: {name: string; scripts: string[]; gzipKb: number}[] = []
    for (const [name, p] of READER_PAGES) js.push({name, ...(await firstLoadJs(ours.url, p))})
    if (peer) for (const t of PEER) js.push({name: t.name, ...(await firstLoadJs(peer.url, t.path))})
    js.forEach((r) => console.log(`[first-load JS] ${r.name}: ${r.gzipKb.toFixed(1)} KB gzip in ${r.scripts.length} scripts`))

    const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`
    const byName = new Map(rows.map((r) => [r.name, r]))
    const gap = (a?: (typeof rows)[number], b?: (typeof rows)[number]) =>
      a && b ? `${(((a.lcp - b.lcp) / b.lcp) * 100).toFixed(1)}%` : 'n/a'
    const table = [
      `Lighthouse ${lighthousePackage.version}, mobile preset, ${RUNS} interleaved runs per page, medians; a fresh Chromium profile each run. ` +
        `Ours as \`npm start\` serves it; the template as described under "The peer" below; the script-free limit is our model article's HTML ` +
        `with every \`<script>\` and script preload removed, served with the same assets.`,
      '',
      '| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | transferred | scripts | fonts |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${(r.lcp / 1000).toFixed(2)} s | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} | ${kb(r.transferred)} | ${kb(r.scripts)} | ${kb(r.fonts)} |`,
      ),
      '',
      `Model article's LCP over its script-free limit: **${gap(byName.get('model article'), byName.get(LIMIT.name))}** (target ≤ 5%).` +
        (peer
          ? ` LCP against the template: our home ${gap(byName.get('home'), byName.get('template home'))}, our article ${gap(byName.get('model article'), byName.get('template post'))} (negative: ours is faster).`
          : ''),
      '',
      `Machine: 1-minute load ${loads.map((l) => l.toFixed(2)).join(' → ')} (before, then after each round); Lighthouse benchmarkIndex median ${Math.round(benchmarkIndex)} (${indexRange}); ${all[0]?.userAgent ?? ''}.`,
      '',
      'LCP element (first run): ' + rows.map((r) => `${r.name} \`${(r.lcpElement ?? '').replace(/[|`]/g, '')}\``).join('; ') + '.',
      '',
      'First-load JavaScript (gzip, level 9; the `noModule` polyfill excluded):',
      '',
      '| page type | scripts | gzip |',
      '| --- | ---: | ---: |',
      ...js.map((r) => `| ${r.name} | ${r.scripts.length} | ${r.gzipKb.toFixed(1)} KB |`),
    ].join('\n')
    console.log(`\n${table}\n`)
    const reasons = refusals({smoke: SMOKE, loads, benchmarkIndex})
    const results = JSON.stringify({loads, benchmarkIndex, lighthouse: rows, js}, null, 2)
    if (reasons.length) {
      const file = path.join(os.tmpdir(), 'results-lighthouse.json')
      fs.writeFileSync(file, results)
      console.warn(`[lighthouse] NOT writing BENCHMARKS.md: ${reasons.join('; ')}. Results in ${file}.`)
    } else {
      writeBenchmarkSection('lighthouse', table, {node: process.version, load: loads.map((l) => l.toFixed(2)).join(' → ')})
      fs.writeFileSync(path.join(__dirname, 'results-lighthouse.json'), results)
      console.log('[lighthouse] BENCHMARKS.md updated.')
    }
  } finally {
    await limit.close()
    await peer?.stop()
    await ours.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
