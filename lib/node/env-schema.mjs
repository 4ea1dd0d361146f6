// Plain ESM so next.config.js can validate the environment at startup, before any route loads.
import {z} from 'zod'
import {SANITY_API_VERSION} from './api-version.mjs'

const DEFAULT_DATASET_FILE = 'sanity/demo/dataset.ndjson'
const DEFAULT_DIST_DIR = '.next'
const DEFAULT_LAKE_PORT = 3333

/** @param {unknown} value */
const blankToUndefined = (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
/**
 * A variable that may be unset or blank.
 * @template {z.ZodType} T
 * @param {T} schema
 */
const optional = (schema) => z.preprocess(blankToUndefined, schema.optional())

/**
 * A port number written in decimal digits (`0x2328`, `9e3` and ` 9000` are refused, though Number() would take them),
 * from `min`: 1024 for the ports Broadsheet opens itself (the privileged ones need root).
 */
const port = (min = 1024, message = `must be a port number, ${min}–65535`) =>
  z
    .string()
    .regex(/^\d{1,5}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(65535, message))

const EnvSchema = z
  .object({
    NEXT_PUBLIC_SANITY_PROJECT_ID: optional(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a Sanity project id: lowercase letters, digits and dashes'),
    ),
    NEXT_PUBLIC_SANITY_DATASET: optional(
      z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a dataset name: lowercase letters, digits, _ and -'),
    ),
    SANITY_API_READ_TOKEN: optional(z.string().min(20, 'must be a Sanity API token (at least 20 characters)')),
    SANITY_API_HOST: optional(z.url({protocol: /^https?$/, error: 'must be an http(s) URL'})),
    BROADSHEET_DATASET_FILE: optional(z.string().regex(/\.ndjson$/, 'must be a path to an .ndjson file')),
    // a folder name beside next.config.js: tests give each production server its own copy of the build
    // `npm test` sets 0: its typecheck step has just run tsc over the same program
    BROADSHEET_BUILD_TYPECHECK: optional(z.enum(['0', '1', 'true', 'false'], {error: 'must be 1 or 0'})),
    BROADSHEET_DIST_DIR: optional(
      z.string().regex(/^\.?[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'must be a folder name in the project, e.g. .next'),
    ),
    NEXT_PUBLIC_SITE_URL: optional(z.url({protocol: /^https?$/, error: 'must be an absolute http(s) URL'})),
    SANITY_PREVIEW_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
    SANITY_REVALIDATE_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
    BROADSHEET_LOCAL_LAKE: optional(z.enum(['0', '1', 'true', 'false'], {error: 'must be 1 or 0'})),
    BROADSHEET_LAKE_PORT: optional(port()),
    // off unless set: a fixed default would collide when two servers share a machine (replicas, tests)
    BROADSHEET_HEALTH_PORT: optional(port()),
    // the site's port, as `npm start` sets it from -p (0: any free port)
    PORT: optional(port(0, 'must be a port number, 0–65535 (PORT, or npm start -p)')),
    BROADSHEET_LAKE_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{32,}$/, 'must be 32+ letters, digits, _ or -')),
    REDIS_URL: optional(z.url({protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL'})),
    BROADSHEET_DEPLOYMENT_ID: optional(
      z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or - (it becomes the build id)'),
    ),
    NODE_ENV: optional(z.string()),
  })
  .superRefine((env, ctx) => {
    const hosted = env.NEXT_PUBLIC_SANITY_PROJECT_ID !== undefined
    if (hosted && !env.NEXT_PUBLIC_SANITY_DATASET) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEXT_PUBLIC_SANITY_DATASET'],
        message: 'is required when NEXT_PUBLIC_SANITY_PROJECT_ID is set',
      })
    }
    if (!hosted && env.NEXT_PUBLIC_SANITY_DATASET) {
      ctx.addIssue({
        code: 'custom',
        path: ['NEXT_PUBLIC_SANITY_PROJECT_ID'],
        message: 'is required when NEXT_PUBLIC_SANITY_DATASET is set (unset both to use the embedded dataset)',
      })
    }
    if (hosted && isOn(env.BROADSHEET_LOCAL_LAKE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BROADSHEET_LOCAL_LAKE'],
        message: 'is for the embedded dataset only; a hosted project has its own Content Lake',
      })
    }
    // the embedded dataset is a file on each server: replicas sharing one cache would mix pages from different files
    if (!hosted && env.REDIS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_URL'],
        message: 'is for hosted mode only (set NEXT_PUBLIC_SANITY_PROJECT_ID): the embedded dataset is a file on each server',
      })
    }
    const healthPort = env.BROADSHEET_HEALTH_PORT
    if (healthPort !== undefined && healthPort === env.PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['BROADSHEET_HEALTH_PORT'],
        message: `must differ from the site's port (${env.PORT}, from PORT or npm start -p): the probe answers on a port of its own`,
      })
    }
    const lakePort = env.BROADSHEET_LAKE_PORT ?? DEFAULT_LAKE_PORT
    if (healthPort !== undefined && healthPort === lakePort && localLakeEnabled(env, hosted)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BROADSHEET_HEALTH_PORT'],
        message: `must differ from BROADSHEET_LAKE_PORT (${lakePort}, the local Content Lake's port)`,
      })
    }
    if (env.REDIS_URL && !env.BROADSHEET_DEPLOYMENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['BROADSHEET_DEPLOYMENT_ID'],
        message: 'is required when REDIS_URL is set: build with it, and start every server with the same value',
      })
    }
  })

/** @param {string | undefined} flag */
const isOn = (flag) => flag === '1' || flag === 'true'

/**
 * The local Content Lake runs in embedded mode: on by default in development, and in production only
 * when BROADSHEET_LOCAL_LAKE=1 asks for it. BROADSHEET_LOCAL_LAKE=0 turns it off anywhere.
 * @param {z.infer<typeof EnvSchema>} env
 * @param {boolean} hosted
 */
function localLakeEnabled(env, hosted) {
  if (hosted) return false
  if (env.BROADSHEET_LOCAL_LAKE !== undefined) return isOn(env.BROADSHEET_LOCAL_LAKE)
  return env.NODE_ENV === 'development'
}

export class EnvError extends Error {
  name = 'EnvError'
}

/**
 * Reads and checks the environment. Throws an EnvError whose message names every bad variable.
 * @param {Record<string, string | undefined>} source
 */
export function readEnv(source = process.env) {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`)
    throw new EnvError(`Broadsheet cannot start: invalid environment variables:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  const hosted = env.NEXT_PUBLIC_SANITY_PROJECT_ID !== undefined
  /** @type {'hosted' | 'embedded'} */
  const mode = hosted ? 'hosted' : 'embedded'
  return {
    mode,
    projectId: env.NEXT_PUBLIC_SANITY_PROJECT_ID,
    dataset: env.NEXT_PUBLIC_SANITY_DATASET ?? 'production',
    readToken: env.SANITY_API_READ_TOKEN,
    apiHost: env.SANITY_API_HOST,
    apiVersion: SANITY_API_VERSION,
    datasetFile: env.BROADSHEET_DATASET_FILE ?? DEFAULT_DATASET_FILE,
    /** Whether `next build` runs its own type check (tsc over the same program as `npm run typecheck`). */
    buildTypecheck: env.BROADSHEET_BUILD_TYPECHECK === undefined || isOn(env.BROADSHEET_BUILD_TYPECHECK),
    /** Where `next build` writes and `next start` reads the build. */
    distDir: env.BROADSHEET_DIST_DIR ?? DEFAULT_DIST_DIR,
    siteUrl: (env.NEXT_PUBLIC_SITE_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    previewSecret: env.SANITY_PREVIEW_SECRET,
    revalidateSecret: env.SANITY_REVALIDATE_SECRET,
    localLake: {
      enabled: localLakeEnabled(env, hosted),
      port: env.BROADSHEET_LAKE_PORT ?? DEFAULT_LAKE_PORT,
      token: env.BROADSHEET_LAKE_TOKEN,
    },
    /** The site's port (PORT, or `npm start -p`); undefined when unset or blank. */
    port: env.PORT,
    /** Where `npm start`'s health probe listens, beside the site's port; no probe when unset (health-probe.mjs). */
    healthPort: env.BROADSHEET_HEALTH_PORT,
    /** Replicas share one cache through Redis when set (README: "Running more than one server"). */
    redisUrl: env.REDIS_URL,
    /** The build id every replica must run: the same build everywhere. */
    deploymentId: env.BROADSHEET_DEPLOYMENT_ID,
  }
}
