// npm run bench:lighthouse — Lighthouse (mobile preset, 3 runs each) on the production build, plus the
// first-load JavaScript each page type ships.
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lighthousePackage from 'lighthouse/package.json'
import {CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium} from '../support/browser'
import {buildForProduction, startProductionServer} from '../support/production-server'
import {firstLoadJs, READER_PAGES} from './first-load-js'
import {writeBenchmarkSection} from './report'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const LIGHTHOUSE = path.join(__dirname, '../../node_modules/lighthouse/cli/index.js')
const AUDITED = [
  ['home', '/'],
  ['model article', '/articles/microsoft-wont-sell-facial-recognition-to-police'],
  ['topic', '/topics/ai'],
  // the floor: the smallest page (a search form), the framework and the site's layout (Lighthouse refuses 404s)
  ['search form (floor)', '/search'],
] as const

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function lighthouse(url: string) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lh-')), 'report.json')
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-profile-'))
  const flags = ['--headless=new', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`].join(' ')
  execFileSync(process.execPath, [LIGHTHOUSE, url, '--quiet', '--output=json', `--output-path=${out}`, `--chrome-flags=${flags}`], {
    env: {...process.env, CHROME_PATH: CHROMIUM_PATH},
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const report = JSON.parse(fs.readFileSync(out, 'utf8'))
  const score = (id: string) => Math.round(report.categories[id].score * 100)
  const breakdown = (report.audits['mainthread-work-breakdown'].details?.items ?? []) as {groupLabel: string; duration: number}[]
  const lcpParts = (report.audits['lcp-breakdown-insight']?.details?.items ?? []) as {type: string; selector?: string}[]
  const lcpElement = lcpParts.find((item) => item.type === 'node')?.selector
  return {
    benchmarkIndex: report.environment?.benchmarkIndex as number,
    mainThread: Object.fromEntries(breakdown.map((item) => [item.groupLabel, Math.round(item.duration)])),
    lcpElement: lcpElement?.slice(0, 120),
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcp: report.audits['largest-contentful-paint'].numericValue as number,
    cls: report.audits['cumulative-layout-shift'].numericValue as number,
    tbt: report.audits['total-blocking-time'].numericValue as number,
  }
}

async function main() {
  if (process.env.BENCH_REUSE_BUILD !== '1') buildForProduction()
  const server = await startProductionServer()
  try {
    for (const [, p] of READER_PAGES) await fetch(server.url + p)
    // warm the image optimizer at Lighthouse's mobile viewport, so the first run is not the one that encodes
    const browser = await launchChromium()
    const page = await browser.newPage({viewport: {width: 412, height: 823}, deviceScaleFactor: 1.75})
    for (const [, p] of AUDITED) await page.goto(server.url + p, {waitUntil: 'networkidle'})
    await browser.close()
    type Row = Omit<ReturnType<typeof lighthouse>, 'lcpElement'> & {name: string; lcpElement?: string}
    const rows: Row[] = []
    for (const [name, p] of AUDITED) {
      const runs = Array.from({length: RUNS}, () => lighthouse(server.url + p))
      const row = {
        name,
        performance: median(runs.map((r) => r.performance)),
        accessibility: median(runs.map((r) => r.accessibility)),
        bestPractices: median(runs.map((r) => r.bestPractices)),
        seo: median(runs.map((r) => r.seo)),
        lcp: median(runs.map((r) => r.lcp)),
        cls: Math.max(...runs.map((r) => r.cls)),
        tbt: Math.max(...runs.map((r) => r.tbt)),
        benchmarkIndex: median(runs.map((r) => r.benchmarkIndex)),
        mainThread: runs[0].mainThread,
        lcpElement: runs[0].lcpElement,
      }
      console.log(JSON.stringify(row))
      rows.push(row)
    }
    const js = []
    for (const [name, p] of READER_PAGES) js.push({name, ...(await firstLoadJs(server.url, p))})
    js.forEach((r) => console.log(`${r.name}: ${r.gzipKb.toFixed(1)} KB gzip in ${r.scripts.length} scripts`))

    const table = [
      `Lighthouse ${lighthousePackage.version}, mobile preset, ${RUNS} runs per page: median scores and LCP, worst CLS and TBT.`,
      '',
      '| page | performance | accessibility | best practices | SEO | LCP | CLS | TBT |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${(r.lcp / 1000).toFixed(2)} s | ${r.cls.toFixed(3)} | ${Math.round(r.tbt)} ms |`,
      ),
      '',
      `Lighthouse's CPU benchmark index of this machine: ${rows[0].benchmarkIndex} (a typical desktop scores 1,000–2,000; mobile throttling divides by 4 on top).`,
      '',
      'Where the main thread goes (first run, ms):',
      '',
      '| page | ' + Object.keys(rows[0].mainThread).join(' | ') + ' | LCP element |',
      '| --- | ' +
        Object.keys(rows[0].mainThread)
          .map(() => '---:')
          .join(' | ') +
        ' | --- |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${Object.keys(rows[0].mainThread)
            .map((k) => r.mainThread[k] ?? 0)
            .join(' | ')} | \`${(r.lcpElement ?? '').replace(/[|`]/g, '')}\` |`,
      ),
      '',
      'First-load JavaScript (gzip, level 9; the `noModule` polyfill excluded):',
      '',
      '| page type | scripts | gzip |',
      '| --- | ---: | ---: |',
      ...js.map((r) => `| ${r.name} | ${r.scripts.length} | ${r.gzipKb.toFixed(1)} KB |`),
    ].join('\n')
    writeBenchmarkSection('lighthouse', table, {node: process.version})
    fs.writeFileSync(path.join(__dirname, 'results-lighthouse.json'), JSON.stringify({lighthouse: rows, js}, null, 2))
  } finally {
    await server.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
