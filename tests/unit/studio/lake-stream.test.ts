// The browser side of the listener stream (sanity/lib/lake-stream/stream.ts), as the tab that holds it uses it,
// against a real local lake.
import {LakeStream, type ListenEvent} from '@/sanity/lib/lake-stream/stream'
import {lakeClientAt, TEST_LAKE_TOKEN, demoLakeForFile} from '../../support/lake'
import {eventually} from '../../support/temp-dataset'

const TOKEN = TEST_LAKE_TOKEN
const lake = demoLakeForFile()
const {call} = lake

describe('the shared listener stream, as a tab holds it', () => {
  it('says welcome first to every subscription, relays a commit, counts itself, and closes when idle', async () => {
    const stream = new LakeStream(`${lake.apiHost()}/v2025-10-01/broadsheet/listen/production`, TOKEN)
    const events: [string, ListenEvent][] = []
    const listen = (name: string, query: string) =>
      stream.add({
        query,
        params: {},
        options: {includeResult: true},
        events: ['welcome', 'mutation'],
        next: (e) => events.push([name, e]),
        error: () => {},
      })
    const topic = listen('topic', '*[_id == "topic-ai"]')
    const author = listen('author', '*[_type == "author"]')
    await eventually(
      async () => events.length,
      (n) => n === 2,
    )
    expect(events.map(([name, e]) => `${name}:${e.type}`).sort()).toEqual(['author:welcome', 'topic:welcome'])
    expect(await call('GET', '/v1/broadsheet/streams/production')).toEqual({status: 200, body: {streams: [{subscriptions: 2}]}})

    await lakeClientAt(lake.apiHost(), TOKEN).patch('topic-ai').set({title: 'Quietly'}).commit()
    await eventually(
      async () => events.length,
      (n) => n === 3,
    )
    expect(events[2]).toMatchObject(['topic', {type: 'mutation', documentId: 'topic-ai', result: {title: 'Quietly'}}])

    stream.remove(author)
    await eventually(
      async () => (await call('GET', '/v1/broadsheet/streams/production')).body.streams[0]?.subscriptions,
      (n) => n === 1,
    )
    stream.remove(topic)
    // the stream stays 10 s for a quick resubscribe, then goes
    await eventually(
      async () => (await call('GET', '/v1/broadsheet/streams/production')).body.streams,
      (s) => s.length === 0,
      15_000,
    )
  }, 20_000)
  it('counts a transaction’s events per listener: a form waits for all of them before it applies any', async () => {
    const stream = new LakeStream(`${lake.apiHost()}/v2025-10-01/broadsheet/listen/production`, TOKEN)
    const events: ListenEvent[] = []
    const id = stream.add({
      query: '*[_id == "topic-ai"]',
      params: {},
      options: {effectFormat: 'mendoza'},
      events: ['welcome', 'mutation'],
      next: (e) => events.push(e),
      error: () => {},
    })
    await eventually(
      async () => events.length,
      (n) => n === 1,
    )
    // one transaction over three documents, of which this listener sees one
    const client = lakeClientAt(lake.apiHost(), TOKEN)
    await client
      .transaction()
      .patch('topic-ai', {set: {title: 'AI'}})
      .patch('topic-policy', {set: {title: 'Policy'}})
      .patch('topic-privacy', {set: {title: 'Privacy'}})
      .commit()
    await eventually(
      async () => events.length,
      (n) => n === 2,
    )
    expect(events[1]).toMatchObject({type: 'mutation', documentId: 'topic-ai', transactionTotalEvents: 1, transactionCurrentEvent: 1})
    stream.remove(id)
  })
})
