// Plain ESM: next.config.js reads this at build and at start (README: "Running more than one server").
import fs from 'node:fs'
import path from 'node:path'
import {EnvError} from '../env-schema.mjs'

const PHASE_PRODUCTION_SERVER = 'phase-production-server'

/** The handler Next loads itself at `next start`, outside its bundles. */
export const REDIS_HANDLER_FILE = path.join(import.meta.dirname, 'redis-handler.mjs')

/**
 * A replica must run the build made for its deployment: pages one replica stores in the shared cache
 * name the build's id and its script files, which another build does not have.
 * @param {string} buildIdFile the build's BUILD_ID file
 * @param {string} deploymentId BROADSHEET_DEPLOYMENT_ID
 */
export function checkBuildIsDeployment(buildIdFile, deploymentId) {
  let built
  try {
    built = fs.readFileSync(buildIdFile, 'utf8').trim()
  } catch {
    return // no build yet: `next start` says so itself
  }
  if (built === deploymentId) return
  throw new EnvError(
    `Broadsheet cannot start: invalid environment variables:\n` +
      `  BROADSHEET_DEPLOYMENT_ID is ${deploymentId}, but this build is ${built}: build with BROADSHEET_DEPLOYMENT_ID=${deploymentId} ` +
      `(next build), and give every server that same build`,
  )
}

/**
 * The part of next.config that decides the cache. REDIS_URL unset: nothing, Next's own cache as before.
 * Set: at `next start`, the Redis handler; the build id is the deployment id, so builds made for one
 * deployment agree wherever they were made.
 * @param {{redisUrl?: string, deploymentId?: string}} env what readEnv() returned
 * @param {string} phase the phase Next passes next.config
 * @param {string} distDir the build directory, absolute
 */
export function cacheSettings(env, phase, distDir) {
  /** @type {import('next').NextConfig} */
  const settings = {}
  if (env.deploymentId) {
    const id = env.deploymentId
    settings.generateBuildId = async () => id
    settings.deploymentId = id
  }
  if (env.redisUrl && phase === PHASE_PRODUCTION_SERVER) {
    checkBuildIsDeployment(path.join(distDir, 'BUILD_ID'), /** @type {string} */ (env.deploymentId))
    settings.cacheHandler = REDIS_HANDLER_FILE
  }
  return settings
}
