// One tab's subscribe and unsubscribe requests reach the lake in the order they were made: an unsubscribe that
// overtook its subscribe would leave a subscription the lake evaluates on every commit, for nobody.
import {LakeStream} from '@/sanity/lib/lake-stream/stream'
import {eventually} from '../../support/temp-dataset'
import {demoLakeForFile, TEST_LAKE_TOKEN} from '../../support/lake'

const {apiHost} = demoLakeForFile()

it('sends an unsubscribe only after the subscribe before it has landed, however slow that one is', async () => {
  const realFetch = globalThis.fetch
  const controls: string[] = []
  let slowed = false
  // the network, not our code, is what is slowed: the first subscribe request takes 300 ms on the way
  globalThis.fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : ''
    if (init?.method === 'POST' && body.includes('"subscribe":[{') && !slowed) {
      slowed = true
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    const response = await realFetch(input, init)
    if (init?.method === 'POST') controls.push(body)
    return response
  }
  const streams = async () => {
    const response = await realFetch(`${apiHost()}/v1/broadsheet/streams/production`, {
      headers: {Authorization: `Bearer ${TEST_LAKE_TOKEN}`},
    })
    return ((await response.json()) as {streams: {subscriptions: number}[]}).streams
  }
  const stream = new LakeStream(`${apiHost()}/v2025-02-19/broadsheet/listen/production`, TEST_LAKE_TOKEN)
  try {
    const welcomed = new Promise<void>((resolve) => {
      stream.add({
        query: '*[_type == "article"]',
        params: {},
        options: {includeResult: true},
        events: ['welcome', 'mutation'],
        next: () => {},
        error: () => {},
      })
      // the subscribe is in flight (slowed) as soon as the stream is open
      const wait = setInterval(() => {
        if (!slowed) return
        clearInterval(wait)
        resolve()
      }, 5)
    })
    await welcomed
    stream.remove('s1')
    stream.add({query: '*[_type == "topic"]', params: {}, options: {}, events: ['mutation'], next: () => {}, error: () => {}})
    await eventually(
      async () => controls.length,
      (count) => count >= 2,
      5_000,
      20,
    )
    // the second request dropped the first listener and added another
    expect(JSON.parse(controls[1])).toMatchObject({unsubscribe: ['s1'], subscribe: [{id: 's2'}]})
    // the first listener is gone from the lake; the second one is there
    expect(await eventually(streams, (open) => open[0]?.subscriptions === 1, 5_000, 20)).toEqual([{subscriptions: 1}])
  } finally {
    stream.shutDown()
    globalThis.fetch = realFetch
  }
})
