// npm run bench:peer-setup — sets up the benchmarks' peer: Sanity's clean Next.js template
// (github.com/sanity-io/sanity-template-nextjs-clean), its frontend run offline against stand-ins.
//
// 1. Copies the template's frontend out of PEER_SOURCE (a git directory, e.g. the `fetch` tool's mirror, or a
//    .tar.gz of the repository) into PEER_DIR, outside our repository: none of its code is committed here.
// 2. Applies the patches below, each a documented string replacement that must match (so a template change
//    fails loudly instead of benchmarking something else).
// 3. Writes the template-shaped copy of our demo dataset (content.ts).
// 4. `npm install` from the npm registry, with the same Next and React versions as ours (one framework version
//    on both sides of the comparison).
// 5. `next build` under /tmp/heavy.lock, with the stand-in lake and image CDN running (pages prerender at build).
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {DEMO_IMAGES} from '../../support/demo'
import {startPeerCdn} from './cdn'
import {PEER_CDN_PORT, PEER_CDN_URL, PEER_DATASET, PEER_DIR, PEER_FRONTEND, PEER_LAKE_PORT, PEER_SOURCE, peerEnv} from './config'
import {templateDocuments} from './content'
import {startPeerLake} from './lake'

// read, not imported: TypeScript would take an imported package.json for a module that needs the JSX runtime
const versionOf = (name: string): string => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version
const nextVersion = versionOf('next')
const reactVersion = versionOf('react')

type Patch = {file: string; why: string; replace: [string | RegExp, string][]}

/** Everything we change in the template, and why. Nothing here changes what a reader's browser has to load, except where said. */
const PATCHES: Patch[] = [
  {
    file: 'sanity/lib/client.ts',
    why: 'the Content Lake is the local stand-in (PEER_SANITY_API_HOST), not <projectId>.api.sanity.io',
    replace: [['  useCdn: true,\n', '  useCdn: true,\n  apiHost: process.env.PEER_SANITY_API_HOST,\n  useProjectHostname: false,\n']],
  },
  {
    file: 'app/components/SanityImage.tsx',
    why: 'images come from the stand-in CDN (same URL scheme as cdn.sanity.io, another origin as in production)',
    replace: [['https://cdn.sanity.io/images/', `${PEER_CDN_URL}/images/`]],
  },
  {
    file: 'sanity/lib/utils.ts',
    why: 'Open Graph image URLs point at the stand-in CDN too (metadata only)',
    replace: [["  dataset: dataset || '',\n})", `  dataset: dataset || '',\n  baseUrl: '${PEER_CDN_URL}',\n})`]],
  },
  {
    file: 'next.config.ts',
    why:
      'next/image may load from the stand-in CDN; the type check is skipped (next-sanity 13.3 types stega strings that the ' +
      "template's committed sanity.types.ts does not; types change nothing in the output)",
    replace: [
      ["new URL('https://cdn.sanity.io/**')", `new URL('https://cdn.sanity.io/**'), new URL('${PEER_CDN_URL}/**')`],
      ['const nextConfig: NextConfig = {\n', 'const nextConfig: NextConfig = {\n  typescript: {ignoreBuildErrors: true},\n'],
    ],
  },
  {
    file: 'app/layout.tsx',
    why:
      'next/font/google cannot fetch offline: the same faces (Inter variable, IBM Plex Mono 400, latin subset, swap) self-hosted ' +
      'from @fontsource with next/font/local, as next/font/google would self-host them. <SpeedInsights/> removed: its script ' +
      'exists only on Vercel (a 404 and a console error here); removing it can only favour the template',
    replace: [
      ["import {Inter, IBM_Plex_Mono} from 'next/font/google'", "import localFont from 'next/font/local'"],
      ["import {SpeedInsights} from '@vercel/speed-insights/next'\n", ''],
      ['        <SpeedInsights />\n', ''],
      [
        /const inter = Inter\(\{[\s\S]*?\}\)/,
        "const inter = localFont({\n  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',\n  variable: '--font-inter',\n  display: 'swap',\n})",
      ],
      [
        /const ibmPlexMono = IBM_Plex_Mono\(\{[\s\S]*?\}\)/,
        "const ibmPlexMono = localFont({\n  src: '../node_modules/@fontsource/ibm-plex-mono/files/ibm-plex-mono-latin-400-normal.woff2',\n  weight: '400',\n  variable: '--font-ibm-plex-mono',\n  display: 'swap',\n})",
      ],
    ],
  },
]

function extract() {
  if (!fs.existsSync(PEER_SOURCE)) {
    console.error(
      `The peer's source is not at ${PEER_SOURCE}. Bring github.com/sanity-io/sanity-template-nextjs-clean here (the \`fetch\` tool, ` +
        'or `git clone --bare`), or set BENCH_PEER_SOURCE to its git directory or a .tar.gz of it.',
    )
    process.exit(1)
  }
  fs.rmSync(PEER_DIR, {recursive: true, force: true})
  fs.mkdirSync(PEER_DIR, {recursive: true})
  if (PEER_SOURCE.endsWith('.tar.gz') || PEER_SOURCE.endsWith('.tgz')) {
    execFileSync('tar', ['-xzf', PEER_SOURCE, '-C', PEER_DIR, '--strip-components=1', '--wildcards', '*/frontend/*'])
  } else {
    const commit = execFileSync('git', ['--git-dir', PEER_SOURCE, 'rev-parse', 'HEAD'], {encoding: 'utf8'}).trim()
    const archive = execFileSync('git', ['--git-dir', PEER_SOURCE, 'archive', 'HEAD', 'frontend'], {maxBuffer: 1 << 28})
    execFileSync('tar', ['-x', '-C', PEER_DIR], {input: archive})
    fs.writeFileSync(path.join(PEER_DIR, 'COMMIT'), `${commit}\n`)
    console.log(`[peer] template ${commit} → ${PEER_DIR}`)
  }
}

function patch() {
  for (const {file, why, replace} of PATCHES) {
    const full = path.join(PEER_FRONTEND, file)
    let text = fs.readFileSync(full, 'utf8')
    for (const [from, to] of replace) {
      const next = text.replace(from, to)
      if (next === text)
        throw new Error(`[peer] patch of ${file} no longer matches the template (${from}); update tests/bench/template/setup.ts`)
      text = next
    }
    fs.writeFileSync(full, text)
    console.log(`[peer] patched ${file}: ${why}`)
  }
  // the Sanity CLI is only there for TypeGen (sanity.types.ts is committed in the template): not installed, not type-checked
  fs.rmSync(path.join(PEER_FRONTEND, 'sanity.cli.ts'), {force: true})
  const pkgFile = path.join(PEER_FRONTEND, 'package.json')
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'))
  delete pkg.scripts.prebuild
  delete pkg.dependencies.sanity
  Object.assign(pkg.dependencies, {
    next: nextVersion,
    react: reactVersion,
    'react-dom': reactVersion,
    '@fontsource-variable/inter': '5.3.0',
    '@fontsource/ibm-plex-mono': '5.3.0',
  })
  pkg.devDependencies['eslint-config-next'] = nextVersion
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`)
  fs.writeFileSync(
    PEER_DATASET,
    templateDocuments()
      .map((doc) => JSON.stringify(doc))
      .join('\n') + '\n',
  )
  console.log(`[peer] dataset → ${PEER_DATASET}`)
}

function install() {
  console.log('[peer] npm install …')
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: PEER_FRONTEND, stdio: 'inherit'})
  if (result.status !== 0) throw new Error(`npm install failed (${result.status})`)
}

async function build() {
  const lake = await startPeerLake(PEER_DATASET, PEER_LAKE_PORT)
  const cdn = await startPeerCdn(DEMO_IMAGES, PEER_CDN_PORT)
  try {
    console.log('[peer] next build (under /tmp/heavy.lock) …')
    const next = path.join(PEER_FRONTEND, 'node_modules/next/dist/bin/next')
    // async: the stand-ins run in this process and must keep answering while the build prerenders
    const child = spawn('flock', ['/tmp/heavy.lock', process.execPath, next, 'build'], {
      cwd: PEER_FRONTEND,
      env: peerEnv(),
      stdio: 'inherit',
    })
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    if (status !== 0) throw new Error(`the peer's next build failed (${status})`)
  } finally {
    await lake.close()
    await cdn.close()
  }
}

async function main() {
  const only = process.argv[2]
  if (!only || only === 'extract') {
    extract()
    patch()
  }
  if (!only || only === 'install') install()
  if (!only || only === 'build') await build()
  console.log(`[peer] ready: ${PEER_FRONTEND}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
