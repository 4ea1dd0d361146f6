// @ts-check
/**
 * The environment a CLI checks before Next starts: the process's own, plus the `.env*` files Next would load for that
 * mode (`.env.production.local`, `.env.local`, `.env.production`, `.env`; `development` for dev), read by Next's own
 * loader, so a variable in `.env.local` is checked at start and seen by what runs before Next (the health probe's
 * port, the mode a policy is chosen for). The process's variables win, as in Next. Kept out of env-schema.mjs, which
 * Next's bundle imports.
 */
import nextEnv from '@next/env'
import {EnvError, readEnv} from '../env-schema.mjs'

/** Next says which files it loaded when it starts; said here too, it would be said twice. */
const quiet = {info: () => {}, error: console.error}

/**
 * Loads `dir`'s `.env*` files into process.env (once per process, as Next does) and reads the environment.
 * @param {string} dir @param {{dev: boolean}} options
 */
export function readEnvWithFiles(dir, {dev}) {
  nextEnv.loadEnvConfig(dir, dev, quiet)
  return readEnv(dev ? {...process.env, NODE_ENV: 'development'} : process.env)
}

/**
 * readEnvWithFiles for a command: a bad variable ends the process with the message naming it, not a stack trace.
 * @param {string} dir @param {{dev: boolean}} options
 */
export function readEnvOrExit(dir, options) {
  try {
    return readEnvWithFiles(dir, options)
  } catch (error) {
    if (!(error instanceof EnvError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
