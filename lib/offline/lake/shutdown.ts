import {closeAtShutdown, gracefulShutdown} from '../../node/front/graceful-shutdown.mjs'
import type {EmbeddedStore} from '../store/store'
import type {LakeServer} from './server'

/**
 * The lake closes with the server that started it (`npm start`'s SIGTERM, lib/node/front/graceful-shutdown.mjs): it
 * stops taking requests and finishes the Studio's in flight within the same bound (its event streams and presence
 * sockets end at once, and the Studio reconnects to whatever server takes over), then writes every commit to the
 * dataset file and closes the store. `store.close()` alone does not write the file, so it is compacted first. Call it
 * before the lake takes requests.
 */
export function closeLakeAtShutdown(server: LakeServer, store: Pick<EmbeddedStore, 'compactSync' | 'close' | 'file'>): void {
  const shutdown = gracefulShutdown(server, {log: (line) => console.log(line.replace('[start]', '[lake]'))})
  let cut = false
  closeAtShutdown({
    drain: async () => {
      server.endLongLived()
      ;({cut} = await shutdown.stop())
    },
    close: async () => {
      store.compactSync()
      await store.close()
      console.log(`[lake] closed${cut ? ', cutting what was still open' : ', every request finished'}; every save is in ${store.file}`)
    },
  })
}
