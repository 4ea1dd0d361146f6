import {readEnv} from '../node/env-schema.mjs'

export type Env = ReturnType<typeof readEnv>
export {EnvError, readEnv} from '../node/env-schema.mjs'

/** The validated environment, read once per server process. */
export const env: Env = readEnv()
