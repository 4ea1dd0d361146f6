// A real HTTP server stopped the way `npm start` stops (lib/node/front/graceful-shutdown.mjs), for
// tests/unit/node/front/graceful-shutdown.test.ts. GET /slow sends its first part, then its last once a line
// arrives on stdin; GET /hang, GET /events and GET /events-head (event streams) never end. Prints `listening <port>`; GRACE_MS sets the bound.
// LAKE_DATASET=<file> and LAKE_TOKEN: also a local Content Lake over that dataset, closed at shutdown as local-lake.ts closes it
// (lib/offline/lake/shutdown.ts) with the store's compactOnShutdown hooks, as production wires them; it compacts only
// then, prints `[test] compacting` each time, and prints `lake <port>`.
// HEALTH_PROBE=1: also the health probe (lib/node/front/health-probe.mjs), wired to the shutdown as start.mjs wires it;
// prints `health <port>` once it says 200.
import {once} from 'node:events'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import readline from 'node:readline'
import {closeAtShutdown, exitGracefullyOnSignal} from '../../lib/node/front/graceful-shutdown.mjs'
import {startHealthProbe} from '../../lib/node/front/health-probe.mjs'
import {createLakeServer} from '../../lib/offline/lake/server'
import {LOCAL_PROJECT_ID} from '../../lib/offline/lake/session'
import {closeLakeAtShutdown} from '../../lib/offline/lake/shutdown'
import {compactOnShutdown} from '../../lib/offline/store/compaction'
import {EmbeddedStore} from '../../lib/offline/store/store'

const finishers: (() => void)[] = []
readline.createInterface({input: process.stdin}).on('line', () => finishers.splice(0).forEach((finish) => finish()))

const server = http.createServer((req, res) => {
  // GET /events: an event stream, which never ends by itself
  // set as Next sets headers (setHeader, not writeHead's own list, which getHeader cannot read back)
  // GET /events-head: an event stream whose type is given to writeHead itself, as the lake's openSse gives it
  if (req.url === '/events-head') res.writeHead(200, {'Content-Type': 'text/event-stream'})
  else {
    res.setHeader('content-type', req.url === '/events' ? 'text/event-stream' : 'text/plain')
    res.writeHead(200)
  }
  res.write('first part;')
  if (req.url === '/slow') finishers.push(() => res.end('last part'))
})
// as behind a load balancer, whose idle timeout (60 s on AWS's) the server's keep-alive must outlast
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`))
exitGracefullyOnSignal(server, {graceMs: Number(process.env.GRACE_MS)})

const fail = (error: Error) => {
  console.error(`graceful-child: ${error.message}`)
  process.exit(1)
}

if (process.env.HEALTH_PROBE === '1') {
  // the server's 'listening' is still to come: listen() above reports it on a later turn of the loop
  void Promise.all([startHealthProbe({port: 0, host: '127.0.0.1'}), once(server, 'listening')]).then(([probe]) => {
    closeAtShutdown(probe)
    probe.ready()
    console.log(`health ${probe.port}`)
  }, fail)
}

const datasetFile = process.env.LAKE_DATASET
if (datasetFile) {
  // no idle compaction: whatever reaches the file was written at shutdown
  const store = new EmbeddedStore(datasetFile, {compactAfterMs: 3_600_000, compactMaxWaitMs: 3_600_000})
  const lake = createLakeServer({
    store,
    projectId: LOCAL_PROJECT_ID,
    dataset: 'production',
    token: String(process.env.LAKE_TOKEN),
    assetsDir: os.tmpdir(),
  })
  // as the store's instance.ts registers it for every server; each compaction is told, for the test to count
  const compactSync = store.compactSync.bind(store)
  store.compactSync = () => (console.log('[test] compacting'), compactSync())
  closeLakeAtShutdown(lake, store, compactOnShutdown(store))
  lake.listen(0, '127.0.0.1', () => console.log(`lake ${(lake.address() as AddressInfo).port}`))
}
