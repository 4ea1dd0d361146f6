// Where the peer (Sanity's clean Next.js template) lives and the fixed ports of its stand-ins. The ports are
// fixed because the template's pages are prerendered at build time with the lake's and CDN's URLs in them.
import path from 'node:path'

/** The template's git directory (from the `fetch` tool) or a .tar.gz of the repository; BENCH_PEER_SOURCE overrides. */
export const PEER_SOURCE = process.env.BENCH_PEER_SOURCE ?? '/work/.mirror/sanity-io+sanity-template-nextjs-clean/repo'
/** The peer's working copy, outside our repository: none of its code is ours to commit. */
export const PEER_DIR = process.env.BENCH_PEER_DIR ?? '/work/peer/template'
export const PEER_FRONTEND = path.join(PEER_DIR, 'frontend')
/** The template-shaped copy of our demo dataset the stand-in lake serves. */
export const PEER_DATASET = path.join(PEER_DIR, 'dataset.ndjson')
export const PEER_LAKE_PORT = Number(process.env.BENCH_PEER_LAKE_PORT ?? 39311)
export const PEER_CDN_PORT = Number(process.env.BENCH_PEER_CDN_PORT ?? 39312)
export const PEER_PROJECT_ID = 'demo'
export const PEER_DATASET_NAME = 'production'
export const PEER_LAKE_URL = `http://127.0.0.1:${PEER_LAKE_PORT}`
export const PEER_CDN_URL = `http://127.0.0.1:${PEER_CDN_PORT}`
/** The model article, under the template's own route for a post. */
export const PEER_POST_PATH = '/posts/microsoft-wont-sell-facial-recognition-to-police'

/** Environment of the peer's build and server (a dummy read token: the template refuses to start without one). */
export const peerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NEXT_PUBLIC_SANITY_PROJECT_ID: PEER_PROJECT_ID,
  NEXT_PUBLIC_SANITY_DATASET: PEER_DATASET_NAME,
  NEXT_PUBLIC_SANITY_API_VERSION: '2025-09-25',
  SANITY_API_READ_TOKEN: 'offline-stand-in-token',
  PEER_SANITY_API_HOST: PEER_LAKE_URL,
})
