import {readEnv} from './env-schema.mjs'

export type Env = ReturnType<typeof readEnv>
export {EnvError, readEnv, SANITY_API_VERSION} from './env-schema.mjs'

/** The validated environment, read once per server process. */
export const env: Env = readEnv()
