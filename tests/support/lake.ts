import type {AddressInfo} from 'node:net'
import {EmbeddedStore} from '../../lib/offline/store/store'
import {lakeClient} from '../../lib/offline/lake/local-lake'
import {createLakeServer} from '../../lib/offline/lake/server'
import {LOCAL_PROJECT_ID} from '../../lib/offline/lake/session'
import {copyDemoDataset} from './temp-dataset'

/** The site's own @sanity/client for the local lake, at a test's address; no token sends none. */
export const lakeClientAt = (apiHost: string, token = '') =>
  lakeClient({apiHost, token, projectId: LOCAL_PROJECT_ID, dataset: 'production'})

/** Posts `actions` to the Actions API of the lake at `apiHost`, as the Studio does, in one transaction. */
export function lakeActions(apiHost: string, token: string) {
  const client = lakeClientAt(apiHost, token)
  return (actions: object[]) => client.request({method: 'POST', uri: '/data/actions/production', body: {actions}})
}

/** The action that creates the draft of a new article `id` titled `title`, by the demo's author, dated now. */
export const createArticleDraft = (id: string, title: string) => ({
  actionType: 'sanity.action.document.create',
  publishedId: id,
  attributes: {
    _id: `drafts.${id}`,
    _type: 'article',
    title,
    slug: {_type: 'slug', current: id},
    author: {_type: 'reference', _ref: 'author-jane-doe'},
    publishedAt: new Date().toISOString(),
  },
})

/** The action that publishes the draft of `id`. */
export const publishDraft = (id: string) => ({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id})

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
      await store.close()
    },
  }
}

export const TEST_LAKE_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz'

/**
 * A test lake over a copy of the demo dataset for the whole file (registers beforeAll/afterAll), and `call`, a
 * request that sends the token unless told not to and parses the JSON answer.
 */
export function demoLakeForFile() {
  let dataset: ReturnType<typeof copyDemoDataset>
  let lake: Awaited<ReturnType<typeof startTestLake>>
  beforeAll(async () => {
    dataset = copyDemoDataset()
    lake = await startTestLake({file: dataset.file, assetsDir: dataset.images, token: TEST_LAKE_TOKEN})
  })
  afterAll(async () => {
    await lake.close()
    dataset.remove()
  })
  const call = async (method: string, path: string, {token = true, body}: {token?: boolean; body?: unknown} = {}) => {
    const res = await fetch(`${lake.apiHost}${path}`, {
      method,
      headers: token ? {Authorization: `Bearer ${TEST_LAKE_TOKEN}`} : {},
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return {status: res.status, body: text ? JSON.parse(text) : undefined}
  }
  return {apiHost: () => lake.apiHost, call}
}
