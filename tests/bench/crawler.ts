// The crawler row of `npm run bench:load`: `npm start` on a generated dataset, a crawler asking for distinct article
// URLs once each (none in any cache: every one is rendered), and /healthz probed alongside, one request at a time,
// as a load balancer's health check would be. The figure that matters beside req/s: whether /healthz stays fast
// (target p99 ≤ 20 ms) while the server renders flat out.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import {hrefFor} from '../../lib/site/routes'
import {generateDataset, toNdjson} from '../support/generate-dataset'
import {startProductionServer} from '../support/production-server'
import {percentile} from './lake-saves'

export type CrawlerSizes = {articles: number; urls: number; connections: number}
export const CRAWLER_SIZES: CrawlerSizes = {articles: 10_000, urls: 2_000, connections: 20}

/** One GET at a time on a kept-alive connection until `stop()`; resolves with each one's time in ms. */
function probe(url: string) {
  const agent = new http.Agent({keepAlive: true, maxSockets: 1})
  const times: number[] = []
  let stopped = false
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const start = performance.now()
      http
        .get(url, {agent}, (res) => {
          res.resume()
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`))
            times.push(performance.now() - start)
            resolve()
          })
        })
        .on('error', reject)
    })
  const done = (async () => {
    while (!stopped) await once()
    agent.destroy()
    return times
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
  const server = await startProductionServer({BROADSHEET_DATASET_FILE: file})
  try {
    await (await fetch(`${server.url}/healthz`)).text()
    let next = 0
    const health = probe(`${server.url}/healthz`)
    const crawl = await autocannon({
      url: server.url,
      connections: sizes.connections,
      amount: sizes.urls,
      requests: [{method: 'GET', setupRequest: (request) => ({...request, path: paths[next++ % paths.length]})}],
    })
    const healthTimes = await health.stop()
    const row = {
      rps: Math.round((crawl.requests.total / crawl.duration) * 10) / 10,
      p99: crawl.latency.p99,
      errors: crawl.errors + crawl.timeouts,
      non2xx: crawl.non2xx,
      healthP99: percentile(healthTimes, 99),
    }
    console.log(
      `crawler: ${crawl.requests.total} article URLs, ${row.rps} req/s, p99 ${row.p99} ms, errors ${row.errors}, non-2xx ${row.non2xx}; /healthz p99 ${row.healthP99} ms over ${healthTimes.length} probes`,
    )
    return [
      `Crawler (\`npm start\` on a generated ${sizes.articles.toLocaleString('en')}-article dataset): ${sizes.urls.toLocaleString('en')} distinct article URLs once each at ${sizes.connections} connections (every one rendered), /healthz probed alongside one request at a time (target p99 ≤ 20 ms).`,
      '',
      '| target | req/s | p99 ms | errors | non-2xx | /healthz p99 ms | /healthz probes |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| crawler, distinct articles | ${row.rps} | ${row.p99} | ${row.errors} | ${row.non2xx} | ${row.healthP99} | ${healthTimes.length} |`,
    ].join('\n')
  } finally {
    await server.stop()
    fs.rmSync(dir, {recursive: true, force: true})
  }
}
