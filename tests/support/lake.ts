import type {AddressInfo} from 'node:net'
import {EmbeddedStore} from '../../lib/embedded/store'
import {lakeClient} from '../../lib/lake/local-lake'
import {createLakeServer} from '../../lib/lake/server'
import {LOCAL_PROJECT_ID} from '../../lib/lake/session'

/** The site's own @sanity/client for the local lake, at a test's address; no token sends none. */
export const lakeClientAt = (apiHost: string, token = '') =>
  lakeClient({apiHost, token, projectId: LOCAL_PROJECT_ID, dataset: 'production'})

/** A local lake on a free loopback port over `file`, in this process. */
export async function startTestLake({file, assetsDir, token}: {file: string; assetsDir: string; token: string}) {
  const store = new EmbeddedStore(file)
  const server = createLakeServer({store, projectId: LOCAL_PROJECT_ID, dataset: 'production', token, assetsDir})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    store,
    apiHost: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      store.close()
    },
  }
}
