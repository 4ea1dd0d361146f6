import path from 'node:path'
import {PHASE_PRODUCTION_BUILD} from 'next/constants'
import {env} from '../../site/env'
import {recordBuildDataset, revalidateOnDatasetChange} from '../../site/revalidation/dataset'
import {compactOnShutdown, type ShutdownCompaction} from './compaction'
import {EmbeddedStore} from './store'

const key = Symbol.for('broadsheet.embeddedStore')
const compactionKey = Symbol.for('broadsheet.embeddedStoreCompaction')
type Holder = {[key]?: EmbeddedStore; [compactionKey]?: ShutdownCompaction}

/**
 * The one embedded store of this server process. Held on globalThis because Next bundles each
 * route separately, and every route must see the same dataset.
 */
export function embeddedStore(): EmbeddedStore {
  const holder = globalThis as Holder
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.datasetFile)
  let store = holder[key]
  if (!store || store.file !== file) {
    // a build, and a server without the lake (nothing edits through it), read the dataset and the log a running
    // server may be writing, but never write, truncate or delete either
    const building = process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD
    store = new EmbeddedStore(file, {
      readOnly: building || !env.localLake.enabled,
      ports: {port: Number(process.env.PORT) || undefined, lakePort: env.localLake.port},
    })
    store.watch()
    revalidateOnDatasetChange(store)
    // Ctrl-C in `npm run dev`, a stop of `next start`: the file gets the last commits before the process ends
    holder[compactionKey]?.()
    holder[compactionKey] = building ? undefined : compactOnShutdown(store)
    // the build's pages come from this dataset; a server started on another one expires them (instrumentation.ts)
    if (building) recordBuildDataset(store)
    holder[key] = store
  }
  return store
}

/** The embedded store's compaction hooks (compactOnShutdown), for the lake's shutdown to take over; none in a build. */
export const embeddedStoreCompaction = (): ShutdownCompaction | undefined => (globalThis as Holder)[compactionKey]
