// Presence for the Studio: the JSON-RPC-over-WebSocket protocol of @sanity/bifur-client at /socket/<dataset>,
// relaying each tab's "I am here" to the other tabs. Without it the browser logs a failed socket and the
// Studio retries with back-off up to 240 s.
import type http from 'node:http'
import type {Duplex} from 'node:stream'
import {WebSocketServer, type WebSocket} from 'ws'

type Rpc = {id?: string; method?: string; params?: Record<string, unknown>}
type PresenceEvent = {type: 'rollCall'; i: string; session: string} | {type: 'state' | 'disconnect'; i: string; m: unknown}

const SOCKET_PATH = /^\/v[^/]+\/socket\/([^/?]+)(\?|$)/
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+\.localhost)(:\d+)?$/i
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i

/**
 * Answers WebSocket upgrades on `/v…/socket/<dataset>`. A browser cannot put the token on a WebSocket, so
 * the socket is open only to pages on localhost (Host and Origin both loopback), and carries only which
 * document and field each Studio tab of the one local editor has open.
 */
export function presenceServer(dataset: string, userId: string) {
  const wss = new WebSocketServer({noServer: true})
  const subscribers = new Map<WebSocket, Set<string>>()
  let counter = 0

  const broadcast = (from: WebSocket, event: PresenceEvent) => {
    for (const [socket, subscriptions] of subscribers) {
      if (socket === from) continue
      for (const subscription of subscriptions) {
        socket.send(JSON.stringify({jsonrpc: '2.0', method: 'presence_subscription', params: {subscription, result: event}}))
      }
    }
  }

  wss.on('connection', (socket) => {
    subscribers.set(socket, new Set())
    const sessions = new Set<string>()
    socket.on('message', (raw) => {
      let rpc: Rpc
      try {
        rpc = JSON.parse(String(raw))
      } catch {
        return
      }
      const params = rpc.params ?? {}
      let result: unknown = true
      if (rpc.method === 'presence_subscribe') {
        result = `presence-${++counter}`
        subscribers.get(socket)?.add(result as string)
      } else if (rpc.method === 'presence_unsubscribe') subscribers.get(socket)?.delete(String(params.subscriptionId))
      else if (rpc.method === 'presence_rollcall') broadcast(socket, {type: 'rollCall', i: userId, session: String(params.session)})
      else if (rpc.method === 'presence_announce') {
        const data = (params.data ?? {}) as {sessionId?: string}
        if (data.sessionId) sessions.add(data.sessionId)
        broadcast(socket, {type: 'state', i: userId, m: data})
      } else if (rpc.method === 'presence_disconnect') {
        sessions.delete(String(params.session))
        broadcast(socket, {type: 'disconnect', i: userId, m: {session: params.session}})
      } else if (rpc.method !== 'authorization') {
        return socket.send(JSON.stringify({jsonrpc: '2.0', id: rpc.id, error: {code: -32601, message: 'Method not found'}}))
      }
      socket.send(JSON.stringify({jsonrpc: '2.0', id: rpc.id, result}))
    })
    socket.on('close', () => {
      subscribers.delete(socket)
      // a tab that closed without saying goodbye leaves the others' presence too
      for (const session of sessions) broadcast(socket, {type: 'disconnect', i: userId, m: {session}})
    })
  })

  return {
    /** Handles the upgrade if it is the presence socket; refuses any other upgrade. */
    upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer) {
      const path = SOCKET_PATH.exec(req.url ?? '')
      const origin = req.headers.origin
      if (!path || path[1] !== dataset || !LOOPBACK_HOST.test(req.headers.host ?? '') || !origin || !LOOPBACK_ORIGIN.test(origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    close() {
      for (const socket of subscribers.keys()) socket.terminate()
      wss.close()
    },
  }
}
