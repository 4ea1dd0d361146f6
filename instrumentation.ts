// Runs once when the server starts: in embedded mode, load the dataset and watch it from the first
// second, so an edit to the NDJSON file revalidates pages even before any page has been rendered; expire
// the build's pages when they were rendered from another dataset; and start the local Content Lake the
// Studio edits through, when it is enabled.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const {env} = await import('./lib/site/env')
  if (env.mode !== 'embedded') return
  const {embeddedStore} = await import('./lib/offline/store/instance')
  const store = embeddedStore()
  if (process.env.NODE_ENV === 'production') {
    const {revalidateIfBuiltFromAnotherDataset} = await import('./lib/site/revalidation/dataset')
    void revalidateIfBuiltFromAnotherDataset(store)
  }
  if (env.localLake.enabled) {
    const {startLocalLake} = await import('./lib/offline/lake/local-lake')
    startLocalLake()
  }
}
