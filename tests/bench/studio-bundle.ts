// npm run bench:studio-bundle — proves the Studio's code never reaches reader pages: builds the site
// with and without the /studio route and compares every reader page's first-load JavaScript.
import fs from 'node:fs'
import path from 'node:path'
import {buildForProduction, startProductionServer} from '../support/production-server'
import {firstLoadJs, READER_PAGES} from './first-load-js'
import {writeBenchmarkSection} from './report'

const STUDIO = path.join(__dirname, '../../app/studio')
const HIDDEN = path.join(__dirname, '../../app/_studio-hidden-for-bench') // `_` folders are not routes

async function measure() {
  process.env.E2E_REUSE_BUILD = '0'
  buildForProduction()
  const server = await startProductionServer()
  try {
    const out: Record<string, {kb: number; scripts: number}> = {}
    for (const [name, p] of READER_PAGES) {
      const js = await firstLoadJs(server.url, p)
      out[name] = {kb: js.gzipKb, scripts: js.scripts.length}
    }
    return out
  } finally {
    await server.stop()
  }
}

async function main() {
  const withStudio = await measure()
  fs.renameSync(STUDIO, HIDDEN)
  let withoutStudio
  try {
    withoutStudio = await measure()
  } finally {
    fs.renameSync(HIDDEN, STUDIO)
  }
  const rows = READER_PAGES.map(([name]) => {
    const a = withStudio[name]
    const b = withoutStudio[name]
    return `| ${name} | ${a.kb.toFixed(1)} KB (${a.scripts}) | ${b.kb.toFixed(1)} KB (${b.scripts}) | ${(a.kb - b.kb).toFixed(1)} KB |`
  })
  const table = [
    'First-load JS of reader pages (gzip, scripts in brackets), built with and without the `/studio` route:',
    '',
    '| page | with Studio | without Studio | difference |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
  ].join('\n')
  console.log(table)
  writeBenchmarkSection('studio-bundle', table, {node: process.version})
  // leave a normal build behind
  buildForProduction()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
