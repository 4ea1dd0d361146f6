import {closeAtShutdown, gracefulShutdown} from '../../node/front/graceful-shutdown.mjs'
import type {ShutdownCompaction} from '../store/compaction'
import type {EmbeddedStore} from '../store/store'
import type {LakeServer} from './server'

/**
 * The lake closes with the server that started it (`npm start`'s SIGTERM, lib/node/front/graceful-shutdown.mjs): it
 * stops taking requests and finishes the Studio's in flight within the same bound (its event streams and presence
 * sockets end at once, and the Studio reconnects to whatever server takes over), then writes every commit to the
 * dataset file and closes the store. `store.close()` alone does not write the file, so it is compacted first, once:
 * `compaction` (the store's compactOnShutdown hooks) leaves the signals to this path, and its exit hook stays only
 * as the fallback for a process that ends another way, until the store is closed. Call it before the lake takes requests.
 */
export function closeLakeAtShutdown(
  server: LakeServer,
  store: Pick<EmbeddedStore, 'compactSync' | 'close' | 'file'>,
  compaction?: ShutdownCompaction,
): void {
  const shutdown = gracefulShutdown(server, {log: (line) => console.log(line.replace('[start]', '[lake]'))})
  compaction?.leaveSignals()
  let cut = false
  closeAtShutdown({
    drain: async ({graceMs}) => {
      server.endLongLived()
      ;({cut} = await shutdown.stop({graceMs}))
    },
    close: async () => {
      // from here this path compacts; the exit hook must not write the file once the store (and its lock) is closed
      compaction?.()
      try {
        store.compactSync()
      } catch (error) {
        console.error(
          `[lake] could not write the dataset at shutdown (${(error as Error).message}): the journal keeps every commit, and the next start replays it`,
        )
        throw error
      } finally {
        await store.close()
      }
      console.log(`[lake] closed${cut ? ', cutting what was still open' : ', every request finished'}; every save is in ${store.file}`)
    },
  })
}
