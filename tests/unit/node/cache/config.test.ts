import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {cacheSettings, checkBuildIsDeployment, REDIS_HANDLER_FILE} from '@/lib/node/cache/config.mjs'
import {EnvError, readEnv} from '@/lib/site/env'

const HOSTED = {NEXT_PUBLIC_SANITY_PROJECT_ID: 'abc123xy', NEXT_PUBLIC_SANITY_DATASET: 'production'}
const SHARED = {...HOSTED, REDIS_URL: 'redis://cache.internal:6379', BROADSHEET_DEPLOYMENT_ID: 'release-42'}
const START = 'phase-production-server'
const BUILD = 'phase-production-build'

const buildDirs: string[] = []
afterAll(() => buildDirs.forEach((dir) => fs.rmSync(dir, {recursive: true, force: true})))
/** A build directory whose BUILD_ID is `id`, removed after the file. */
function buildDir(id: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-build-'))
  buildDirs.push(dir)
  fs.writeFileSync(path.join(dir, 'BUILD_ID'), id)
  return dir
}

describe('REDIS_URL and BROADSHEET_DEPLOYMENT_ID', () => {
  it('unset: no cache handler, no build id of ours, Next as before', () => {
    const env = readEnv(HOSTED)
    expect(env.redisUrl).toBeUndefined()
    expect(cacheSettings(env, START, buildDir('anything'))).toEqual({})
  })

  it('refuses a REDIS_URL that is not a redis:// URL, naming it', () => {
    for (const url of ['cache.internal:6379', 'http://cache.internal:6379', 'redis//cache']) {
      expect(() => readEnv({...SHARED, REDIS_URL: url})).toThrow(EnvError)
      expect(() => readEnv({...SHARED, REDIS_URL: url})).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/)
    }
    expect(readEnv({...SHARED, REDIS_URL: 'rediss://user:secret@cache.internal:6380/2'}).redisUrl).toBe(
      'rediss://user:secret@cache.internal:6380/2',
    )
  })

  it('refuses REDIS_URL in embedded mode: each server would have its own dataset file', () => {
    expect(() => readEnv({REDIS_URL: 'redis://127.0.0.1:6379', BROADSHEET_DEPLOYMENT_ID: 'x'})).toThrow(
      /REDIS_URL is for hosted mode only .* the embedded dataset is a file on each server/,
    )
  })

  it('requires a deployment id with REDIS_URL, so every replica runs the same build', () => {
    expect(() => readEnv({...HOSTED, REDIS_URL: 'redis://127.0.0.1:6379'})).toThrow(
      /BROADSHEET_DEPLOYMENT_ID is required when REDIS_URL is set/,
    )
    expect(() => readEnv({...SHARED, BROADSHEET_DEPLOYMENT_ID: 'release 42'})).toThrow(/BROADSHEET_DEPLOYMENT_ID must be 1–64 letters/)
  })

  it('builds with the deployment id as the build id, and starts with the Redis handler', async () => {
    const env = readEnv(SHARED)
    const atBuild = cacheSettings(env, BUILD, buildDir('whatever'))
    expect(atBuild.cacheHandler).toBeUndefined()
    expect(atBuild.deploymentId).toBe('release-42')
    expect(await atBuild.generateBuildId!()).toBe('release-42')
    expect(cacheSettings(env, START, buildDir('release-42')).cacheHandler).toBe(REDIS_HANDLER_FILE)
    expect(fs.existsSync(REDIS_HANDLER_FILE)).toBe(true)
  })

  it('refuses to start a build made for another deployment', () => {
    const env = readEnv(SHARED)
    expect(() => cacheSettings(env, START, buildDir('release-41'))).toThrow(EnvError)
    expect(() => checkBuildIsDeployment(path.join(buildDir('release-41'), 'BUILD_ID'), 'release-42')).toThrow(
      /BROADSHEET_DEPLOYMENT_ID is release-42, but this build is release-41/,
    )
    // no build at all: `next start` reports that itself
    expect(() => checkBuildIsDeployment(path.join(os.tmpdir(), 'no-such-build', 'BUILD_ID'), 'release-42')).not.toThrow()
  })
})
