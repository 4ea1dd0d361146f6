import http from 'node:http'
import {TEST_LAKE_TOKEN, demoLakeForFile} from '../../../support/lake'

const TOKEN = TEST_LAKE_TOKEN
const auth = {Authorization: `Bearer ${TOKEN}`}
const lake = demoLakeForFile()
const {call} = lake

describe('the route table', () => {
  it('answers the protocol check without the token, on any path ending in ping', async () => {
    expect(await call('GET', '/v1/data/ping', {token: false})).toEqual({status: 200, body: 'PONG'})
    expect(await call('GET', '/ping', {token: false})).toEqual({status: 200, body: 'PONG'})
    expect((await call('POST', '/v1/data/ping', {token: false})).status).toBe(401)
  })

  it('asks for the token before it says a path is unknown, then answers 404 in Sanity’s error shape', async () => {
    expect(await call('GET', '/v1/nothing/here', {token: false})).toMatchObject({status: 401, body: {error: 'unauthorizedError'}})
    expect(await call('GET', '/v1/nothing/here')).toEqual({
      status: 404,
      body: {statusCode: 404, error: 'notFoundError', message: 'The local Content Lake does not serve GET /nothing/here'},
    })
    expect(await call('DELETE', '/v1/users/me')).toMatchObject({status: 404, body: {error: 'notFoundError'}})
  })

  it('refuses another dataset on every path under a dataset, known or not', async () => {
    const notFound = {status: 404, body: {message: expect.stringContaining('Dataset "staging" not found')}}
    expect(await call('GET', '/v2025-02-19/data/query/staging?query=1')).toMatchObject(notFound)
    expect(await call('GET', '/v1/data/unknown/staging')).toMatchObject(notFound)
    expect(await call('GET', '/v1/broadsheet/listen/staging/a/b')).toMatchObject(notFound)
    expect(await call('GET', '/v1/data/unknown/production')).toMatchObject({
      status: 404,
      body: {message: expect.stringContaining('does not serve')},
    })
  })

  it('answers a malformed path with 400', async () => {
    expect(await call('GET', '/v1/data/%E0%A4%A/production')).toMatchObject({status: 400, body: {message: 'Malformed URL'}})
  })

  it('keeps the Studio’s settings: written with PUT, read back by key', async () => {
    expect(await call('PUT', '/v1/users/me/keyvalue', {body: [{key: 'studio.a', value: {x: 1}}]})).toMatchObject({status: 200})
    expect(await call('GET', '/v1/users/me/keyvalue/studio.a,studio.b')).toEqual({
      status: 200,
      body: [
        {key: 'studio.a', value: {x: 1}},
        {key: 'studio.b', value: null},
      ],
    })
  })

  it('serves the local editor by id, one or as a list', async () => {
    expect(await call('GET', '/v1/users/local-editor')).toMatchObject({status: 200, body: {id: 'local-editor'}})
    expect(await call('GET', '/v1/users/local-editor,someone')).toMatchObject({status: 200, body: [{id: 'local-editor'}]})
    expect(await call('GET', '/v1/users/someone')).toEqual({status: 200, body: {}})
  })
})

describe('shared streams', () => {
  it('carries many subscriptions on one connection, each event tagged with its subscription', async () => {
    const stream = 'stream-0123456789'
    let text = ''
    const received = async (needle: string) => {
      while (!text.includes(needle)) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const req = http.get(`${lake.apiHost()}/v1/broadsheet/listen/production?stream=${stream}`, {headers: auth}, (res) =>
      res.on('data', (chunk) => (text += chunk)),
    )
    await received(': connected')
    expect((await call('GET', `/v1/broadsheet/listen/production?stream=${stream}`)).status).toBe(400)
    const control = (body: unknown) => call('POST', `/v1/broadsheet/listen/production/${stream}`, {body})
    const subscribe = [
      {id: 's1', query: '*[_id == "topic-ai"]'},
      {id: 'bad', query: '*['},
    ]
    expect((await control({subscribe})).status).toBe(204)
    await received('"subscription":"bad"')
    expect(text).toContain('event: channelError')
    await call('POST', '/v1/data/mutate/production', {
      body: {transactionId: 'tx-shared', mutations: [{patch: {id: 'topic-ai', set: {title: 'Shared'}}}]},
    })
    await received('tx-shared')
    expect(text).toMatch(/event: mutation\nid: tx-shared#topic-ai\ndata: \{.*"subscription":"s1"/)
    req.destroy()
    expect((await call('POST', '/v1/broadsheet/listen/production/no-such-stream', {body: {}})).status).toBe(404)
  })
})
