/** @jest-environment node */
import {processSchemaSynchronization} from '@sanity/schema/_internal'
import WebSocket from 'ws'
import {LakeStream, type ListenEvent} from '../../sanity/lib/lake-stream/stream'
import {lakeClientAt, TEST_LAKE_TOKEN, demoLakeForFile} from '../support/lake'
import {eventually} from '../support/temp-dataset'

const TOKEN = TEST_LAKE_TOKEN
const lake = demoLakeForFile()
const {call} = lake

describe('a quiet session: what the Studio asks beyond the data API', () => {
  it('has no help resources, so the help menu shows its own links', async () => {
    expect(await call('GET', '/v1/help?m=sanity%405.31.2&locale=en-US')).toEqual({status: 200, body: {}})
  })

  it('has no offer on any journey (trial, limits, comments)', async () => {
    for (const journey of ['trial?studioVersion=5.31.2', 'asset-limit', 'document-limit', 'comments']) {
      expect(await call('GET', `/v2025-02-19/journey/${journey}`)).toEqual({status: 200, body: null})
    }
  })

  it('claims the schema descriptor as synchronized, so the Studio sends nothing more', async () => {
    const claim = await call('POST', '/v2025-02-19/descriptors/claim', {body: {descriptorId: 'd1', contextKey: 'dataset:x:production'}})
    expect(claim).toMatchObject({status: 200, body: {synchronization: {type: 'complete'}}})
    expect(Date.parse(claim.body.expiresAt)).toBeGreaterThan(Date.now())
    // the Studio's own next step, given that answer: none
    expect(processSchemaSynchronization({set: {id: 'd1'}} as never, claim.body.synchronization)).toBeNull()
  })

  it('has no telemetry consent, and drops the usage beacon sent on page hide (which carries no token)', async () => {
    expect(await call('GET', '/v2025-02-19/intake/telemetry-status')).toEqual({status: 200, body: {status: 'denied'}})
    expect(await call('POST', '/v2023-12-18/intake/batch', {token: false, body: {projectId: 'x', batch: []}})).toEqual({
      status: 200,
      body: {},
    })
  })

  it('answers the data ping, a bare fetch without the token', async () => {
    expect(await call('GET', '/v2025-02-19/data/ping/production', {token: false})).toEqual({status: 200, body: 'PONG'})
    expect((await call('GET', '/v2025-02-19/data/ping/staging', {token: false})).status).toBe(404)
  })
})

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

describe('presence over the lake’s socket', () => {
  const open = (origin?: string) =>
    new WebSocket(`${lake.apiHost().replace(/^http/, 'ws')}/v2022-06-30/socket/production?tag=sanity.studio`, {
      headers: origin ? {Origin: origin} : {},
    })
  const opened = (socket: WebSocket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
  const rpc = (socket: WebSocket, id: string, method: string, params: unknown) =>
    socket.send(JSON.stringify({jsonrpc: '2.0', id, method, params: {...(params as object), apiVersion: 'v1'}}))

  it('relays one tab’s location to the others, and says when a tab goes', async () => {
    const [a, b] = [open('http://localhost:3000'), open('http://localhost:3000')]
    await Promise.all([opened(a), opened(b)])
    const heard: {id?: string; result?: unknown; params?: {result: {type: string; m?: {sessionId?: string; session?: string}}}}[] = []
    a.on('message', (data) => heard.push(JSON.parse(String(data))))
    rpc(a, '1', 'presence_subscribe', {})
    await eventually(
      async () => heard.length,
      (n) => n === 1,
    )
    expect(heard[0]).toMatchObject({id: '1', result: expect.any(String)})

    rpc(b, '2', 'presence_announce', {data: {sessionId: 'tab-b', locations: [{type: 'document', documentId: 'topic-ai', path: ['title']}]}})
    await eventually(
      async () => heard.length,
      (n) => n === 2,
    )
    expect(heard[1]).toMatchObject({params: {result: {type: 'state', i: 'local-editor', m: {sessionId: 'tab-b'}}}})

    b.close()
    await eventually(
      async () => heard.length,
      (n) => n === 3,
    )
    expect(heard[2]).toMatchObject({params: {result: {type: 'disconnect', m: {session: 'tab-b'}}}})
    a.close()
  })

  it('refuses a socket from a page that is not on localhost, or with no origin', async () => {
    await expect(opened(open('https://example.com'))).rejects.toThrow(/403/)
    await expect(opened(open())).rejects.toThrow(/403/)
  })
})
