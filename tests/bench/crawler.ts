// The crawler row of `npm run bench:load`: `npm start` on a generated dataset, a crawler asking for distinct article
// URLs once each (none in any cache: every one is rendered), and /healthz probed alongside, one request at a time,
// as a load balancer's health check would be, on both doors: the health probe's own port (BROADSHEET_HEALTH_PORT, a
// worker thread: lib/node/front/health-probe.mjs) and the site's port (a Next route on the loop that renders). The
// figure that matters beside req/s: whether the probe's /healthz stays fast (target p99 ≤ 20 ms) while the server
// renders flat out; the site port's is shown for contrast.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import {hrefFor} from '../../lib/site/routes'
import {generateDataset, toNdjson} from '../support/generate-dataset'
import {freePort, startProductionServer} from '../support/production-server'
import {percentile} from './lake-saves'

export type CrawlerSizes = {articles: number; urls: number; connections: number}
export const CRAWLER_SIZES: CrawlerSizes = {articles: 10_000, urls: 2_000, connections: 20}

/** The pause between two probes of one port: 100 a second at most, where a load balancer checks every few seconds. */
const PROBE_PAUSE_MS = 10

/** One GET at a time on a kept-alive connection until `stop()`; resolves with each one's time in ms and the non-200s. */
function probe(url: string) {
  const agent = new http.Agent({keepAlive: true, maxSockets: 1})
  const times: number[] = []
  // counted, not thrown: a 503 from the health probe mid-crawl (a loop blocked 2 s) is a finding of the run
  const failures = new Map<string, number>()
  let stopped = false
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const start = performance.now()
      http
        .get(url, {agent}, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () => {
            times.push(performance.now() - start)
            const failure = `${res.statusCode} ${body.trim().replace(/\d+ ms$/, 'N ms')}`
            if (res.statusCode !== 200) failures.set(failure, (failures.get(failure) ?? 0) + 1)
            resolve()
          })
        })
        .on('error', reject)
    })
  const done = (async () => {
    // paced as a (very eager) load balancer: back to back, the probe port's loop would take a core from the renders
    while (!stopped) await once().then(() => new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS)))
    agent.destroy()
    return {times, failures: [...failures].map(([answer, count]) => `${count} × ${answer}`).join(', ') || 'none'}
  })()
  return {stop: () => ((stopped = true), done)}
}

/** `sizes.urls` distinct article URLs once each at `sizes.connections`, on a `sizes.articles`-article dataset. */
export async function crawlerRow(sizes: CrawlerSizes = CRAWLER_SIZES): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-crawl-'))
  const documents = generateDataset(sizes.articles, 3)
  const file = path.join(dir, 'dataset.ndjson')
  fs.writeFileSync(file, toNdjson(documents))
  const slugs = documents
    .filter((doc) => doc._type === 'article' && !doc._id.startsWith('drafts.'))
    .map((doc) => (doc.slug as {current?: string} | undefined)?.current)
    .filter((slug): slug is string => Boolean(slug))
  if (slugs.length < sizes.urls) throw new Error(`the dataset has ${slugs.length} published articles, fewer than ${sizes.urls}`)
  // spread over the whole dataset, not its first pages
  const paths = Array.from({length: sizes.urls}, (_, i) => hrefFor('article', slugs[Math.floor((i * slugs.length) / sizes.urls)]))
  const healthPort = await freePort()
  const server = await startProductionServer({BROADSHEET_DATASET_FILE: file, BROADSHEET_HEALTH_PORT: String(healthPort)})
  // the server's own host, on the probe's port
  const probeAt = new URL('/healthz', server.url)
  probeAt.port = String(healthPort)
  const probeUrl = probeAt.href
  try {
    await (await fetch(`${server.url}/healthz`)).text()
    const first = await fetch(probeUrl)
    if (first.status !== 200) throw new Error(`the health probe answered ${first.status} ${await first.text()} before the crawl`)
    let next = 0
    const health = probe(probeUrl)
    const siteHealth = probe(`${server.url}/healthz`)
    const crawl = await autocannon({
      url: server.url,
      connections: sizes.connections,
      amount: sizes.urls,
      requests: [{method: 'GET', setupRequest: (request) => ({...request, path: paths[next++ % paths.length]})}],
    })
    const [probed, site] = await Promise.all([health.stop(), siteHealth.stop()])
    const row = {
      rps: Math.round((crawl.requests.total / crawl.duration) * 10) / 10,
      p99: crawl.latency.p99,
      errors: crawl.errors + crawl.timeouts,
      non2xx: crawl.non2xx,
      probeP99: percentile(probed.times, 99),
      siteP99: percentile(site.times, 99),
    }
    console.log(
      `crawler: ${crawl.requests.total} article URLs, ${row.rps} req/s, p99 ${row.p99} ms, errors ${row.errors}, non-2xx ${row.non2xx}; ` +
        `/healthz p99 ${row.probeP99} ms on the probe port over ${probed.times.length} probes (non-200: ${probed.failures}), ` +
        `${row.siteP99} ms on the site port over ${site.times.length} (non-200: ${site.failures})`,
    )
    return [
      `Crawler (\`npm start\` on a generated ${sizes.articles.toLocaleString('en')}-article dataset): ${sizes.urls.toLocaleString('en')} distinct article URLs once each at ${sizes.connections} connections (every one rendered), /healthz probed alongside one request at a time, 10 ms apart, on the health probe's port (\`BROADSHEET_HEALTH_PORT\`, target p99 ≤ 20 ms) and on the site's port (for contrast).`,
      '',
      '| target | req/s | p99 ms | errors | non-2xx | probe port /healthz p99 ms | site port /healthz p99 ms | probes (probe / site) | non-200 (probe / site) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      `| crawler, distinct articles | ${row.rps} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.probeP99} | ${row.siteP99} | ${probed.times.length} / ${site.times.length} | ${probed.failures} / ${site.failures} |`,
    ].join('\n')
  } finally {
    await server.stop()
    fs.rmSync(dir, {recursive: true, force: true})
  }
}
