// The Studio's presence socket, as the lake serves it.
import WebSocket from 'ws'
import {demoLakeForFile} from '../../../support/lake'
import {eventually} from '../../../support/temp-dataset'

const lake = demoLakeForFile()

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
