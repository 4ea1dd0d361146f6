// npm run bench:scale — one replica against two behind nginx, sharing one Redis, in hosted mode against the
// stand-in Content Lake: throughput and latency (next to the CPU the load generator itself takes on this
// machine), lake queries per publish, and the time from a webhook to every replica showing the change.
// `npm run bench:scale -- --smoke` checks that it runs (a few seconds, nothing written).
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {encodeSignatureHeader} from '@sanity/webhook'
import autocannon from 'autocannon'
import {startFakeContentLake} from '../support/fake-content-lake'
import {buildForProduction, freePort, startProductionServer, type RunningServer} from '../support/production-server'
import {startRedis} from '../support/redis'
import {copyDemoDataset} from '../support/temp-dataset'
import {writeBenchmarkSection} from './report'

const SMOKE = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'
const DURATION = SMOKE ? 2 : Number(process.env.BENCH_DURATION ?? 20)
const CONNECTIONS = SMOKE ? 10 : Number(process.env.BENCH_CONNECTIONS ?? 50)
const PUBLISHES = SMOKE ? 2 : Number(process.env.BENCH_PUBLISHES ?? 10)
const NGINX = '/usr/sbin/nginx'
const SECRET = 'bench-scale-webhook-secret-0123456789'
const ARTICLE = '/articles/microsoft-wont-sell-facial-recognition-to-police'
const ARTICLE_ID = 'article-facial-recognition-police'
// what readers ask for after a publish: the article, the home page, and its topic
const PAGES = [ARTICLE, '/', '/topics/privacy']

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** nginx on a free loopback port, round-robin over the replicas, with keep-alive to them. */
async function startNginx(upstreams: string[]) {
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-nginx-'))
  // one process, no master: its CPU is the balancer's CPU
  const config = `worker_processes 1;
master_process off;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream replicas { ${upstreams.map((url) => `server ${new URL(url).host};`).join(' ')} keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_buffering off;
    }
  }
}
`
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config)
  const child: ChildProcess = spawn(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-e', path.join(dir, 'error.log')], {
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}`
  for (let tries = 0; ; tries++) {
    try {
      await fetch(`${url}/healthz`)
      break
    } catch {
      if (tries > 100 || child.exitCode !== null)
        throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve())
          process.kill(child.pid!, 'SIGTERM')
        })
      }
      fs.rmSync(dir, {recursive: true, force: true})
    },
  }
}

type Row = {replicas: number; rps: number; p50: number; p99: number; non2xx: number; errors: number; cpu: Record<string, number>}

async function load(replicas: RunningServer[], balancer: Awaited<ReturnType<typeof startNginx>>): Promise<Row> {
  const pids = {
    generator: process.pid,
    nginx: balancer.pid,
    ...Object.fromEntries(replicas.map((r, i) => [`replica ${i + 1}`, r.process.pid!])),
  }
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid)]))
  const started = Date.now()
  const result = await autocannon({
    url: balancer.url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: PAGES.map((p) => ({path: p})),
  })
  const wall = (Date.now() - started) / 1000
  // share of the whole machine (every core) each process took during the run
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, (cpuSecondsOf(pid) - before[name]) / (wall * os.cpus().length)]),
  )
  const row = {
    replicas: replicas.length,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpu,
  }
  const shares = Object.entries(cpu)
    .map(([name, share]) => `${name} ${(share * 100).toFixed(0)}%`)
    .join(', ')
  console.log(`${row.replicas} replica(s): ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}; CPU: ${shares}`)
  return row
}

type Publishes = {replicas: number; queriesPerPublish: number; msToEveryReplica: number[]}

/**
 * Publishes a new headline PUBLISHES times: a signed webhook through the balancer, then readers ask every
 * replica for the pages it touched. Counts the lake queries that cost, and the time until every replica
 * shows the new headline.
 */
async function publish(
  replicas: RunningServer[],
  balancer: Awaited<ReturnType<typeof startNginx>>,
  lake: Awaited<ReturnType<typeof startFakeContentLake>>,
  dataset: ReturnType<typeof copyDemoDataset>,
): Promise<Publishes> {
  const queries: number[] = []
  const times: number[] = []
  for (let n = 0; n < PUBLISHES; n++) {
    const title = `Microsoft won’t sell facial recognition to police (${replicas.length} replicas, publish ${n + 1})`
    dataset.edit((doc) => (doc._id === ARTICLE_ID ? {...doc, title} : doc))
    lake.reload()
    const before = lake.requests.length
    const body = JSON.stringify({_id: ARTICLE_ID, _type: 'article', slug: ARTICLE.split('/').pop()})
    const started = Date.now()
    const response = await fetch(`${balancer.url}/api/revalidate`, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'sanity-webhook-signature': await encodeSignatureHeader(body, Date.now(), SECRET)},
      body,
    })
    if (!response.ok) throw new Error(`webhook answered ${response.status}`)
    const shown = await Promise.all(
      replicas.map(async (replica) => {
        for (;;) {
          if ((await (await fetch(replica.url + ARTICLE)).text()).includes(title)) return Date.now() - started
          if (Date.now() - started > 30_000) throw new Error(`${replica.url} never showed the new headline`)
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      }),
    )
    times.push(Math.max(...shown))
    for (const replica of replicas) for (const page of PAGES) await (await fetch(replica.url + page)).text()
    // the follow-up expiry (lib/site/revalidation/internal.ts) re-renders once more, 1.5 s after the webhook
    await new Promise((resolve) => setTimeout(resolve, 2500))
    for (const replica of replicas) for (const page of PAGES) await (await fetch(replica.url + page)).text()
    queries.push(lake.requests.length - before)
  }
  const queriesPerPublish = queries.reduce((a, b) => a + b, 0) / queries.length
  console.log(
    `${replicas.length} replica(s): ${queriesPerPublish} lake queries per publish; webhook → every replica: ${times.join(', ')} ms`,
  )
  return {replicas: replicas.length, queriesPerPublish, msToEveryReplica: times}
}

async function scenario(
  count: number,
  env: Record<string, string>,
  lake: Awaited<ReturnType<typeof startFakeContentLake>>,
  dataset: ReturnType<typeof copyDemoDataset>,
) {
  const replicas: RunningServer[] = []
  let balancer: Awaited<ReturnType<typeof startNginx>> | undefined
  try {
    for (let i = 0; i < count; i++) replicas.push(await startProductionServer(env))
    balancer = await startNginx(replicas.map((r) => r.url))
    for (const page of PAGES) await (await fetch(balancer.url + page)).text()
    const row = await load(replicas, balancer)
    const publishes = await publish(replicas, balancer, lake, dataset)
    return {row, publishes}
  } finally {
    await balancer?.stop()
    for (const replica of replicas) await replica.stop()
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2)
}

async function main() {
  if (!fs.existsSync(NGINX)) throw new Error('nginx not found: apt-get install -y nginx')
  if (process.env.BENCH_REUSE_BUILD !== '1' && !SMOKE) buildForProduction()
  const load1 = os.loadavg()[0]
  // before anything starts: a missing build must not leave a Redis or a lake running
  const buildId = fs.readFileSync(path.join(__dirname, '../../.next/BUILD_ID'), 'utf8').trim()
  const dataset = copyDemoDataset()
  let lake: Awaited<ReturnType<typeof startFakeContentLake>> | undefined
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined
  try {
    lake = await startFakeContentLake(dataset.file)
    redis = await startRedis()
    const env = {
      NEXT_PUBLIC_SANITY_PROJECT_ID: 'bench-hosted',
      NEXT_PUBLIC_SANITY_DATASET: 'production',
      SANITY_API_HOST: lake.url,
      SANITY_REVALIDATE_SECRET: SECRET,
      REDIS_URL: redis.url,
      BROADSHEET_DEPLOYMENT_ID: buildId,
    }
    const one = await scenario(1, env, lake, dataset)
    const two = await scenario(2, env, lake, dataset)
    const pct = (share: number) => `${(share * 100).toFixed(0)}%`
    const replicaShare = (row: Row) =>
      pct(Object.entries(row.cpu).reduce((sum, [name, share]) => sum + (name.startsWith('replica') ? share : 0), 0))
    const body = [
      `Hosted mode against the stand-in Content Lake, one Redis, nginx round-robin in front; autocannon with ${CONNECTIONS} connections for ${DURATION} s over ${PAGES.join(', ')}. ` +
        `Load generator, balancer and replicas share this machine's ${os.cpus().length} cores, so two replicas cannot double the throughput here: the CPU columns say where the cores went.`,
      '',
      '| replicas | req/s | p50 ms | p99 ms | non-2xx | load generator CPU | nginx CPU | replicas CPU |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...[one.row, two.row].map(
        (r) =>
          `| ${r.replicas} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${pct(r.cpu.generator)} | ${pct(r.cpu.nginx)} | ${replicaShare(r)} |`,
      ),
      '',
      '| replicas | lake queries per publish | webhook → every replica shows it (median, max) |',
      '| ---: | ---: | ---: |',
      ...[one.publishes, two.publishes].map(
        (p) => `| ${p.replicas} | ${p.queriesPerPublish} | ${median(p.msToEveryReplica)} ms, ${Math.max(...p.msToEveryReplica)} ms |`,
      ),
      '',
      `Lake queries per publish count the webhook's own lookup of referencing documents, then every page readers asked every replica for, rendered once for all replicas through the shared cache (${PUBLISHES} publishes each).`,
    ].join('\n')
    console.log(`\n${body}\n`)
    if (SMOKE) console.log('smoke run: BENCHMARKS.md left as it is')
    else if (load1 > 1)
      console.log(`1-minute load was ${load1.toFixed(2)} (> 1) when this started: BENCHMARKS.md left as it is; run it on a quiet machine`)
    else writeBenchmarkSection('scale', body, {node: process.version, 'load average': fs.readFileSync('/proc/loadavg', 'utf8').trim()})
  } finally {
    await redis?.stop()
    await lake?.close()
    dataset.remove()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
