import { ws, type WebSocketHandler } from 'msw'
import type { DdpServer } from '../server.js'
import { sockJsConnection, sockJsFrames } from './sockjs.js'

/**
 * The realtime endpoint inside MSW: a `ws.link` handler for `/websocket` (raw DDP) and
 * `/sockjs/<n>/<id>/websocket` (SockJS framing) on any origin, or only on `origin` + `basePath`
 * when the mock has a `baseUrl`. Part of `mock.handlers`, so `setupServer` and `setupWorker`
 * serve realtime with no extra line.
 */
export function realtimeHandlers(server: DdpServer, origin: string | undefined, basePath: string): WebSocketHandler[] {
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const host = origin === undefined ? 'wss?://[^/]+' : escaped(origin.replace(/^http/, 'ws'))
  const prefix = escaped(basePath)
  const raw = ws.link(new RegExp(`^${host}${prefix}/websocket(\\?.*)?$`))
  const sockjs = ws.link(new RegExp(`^${host}${prefix}/sockjs/[^/]+/[^/]+/websocket(\\?.*)?$`))

  const connect = (client: Parameters<Parameters<typeof raw.addEventListener<'connection'>>[1]>[0]['client'], framed: boolean) => {
    const base = {
      send: (text: string) => client.send(text),
      // Deferred: a frame sent just before closing (`failed`) must reach the client first.
      close: (code?: number, reason?: string) => setTimeout(() => client.close(code, reason), 0),
    }
    const session = server.connect(framed ? sockJsConnection(base) : base)
    if (framed) client.send('o')
    client.addEventListener('message', (event) => {
      const data = event.data
      if (typeof data !== 'string') {
        // DDP is text only; a binary frame is not a DDP message.
        session.send({ msg: 'error', reason: 'Bad request' })
        return
      }
      if (!framed) return session.receive(data)
      const frames = sockJsFrames(data)
      if (!frames) return session.close(1002, 'Broken framing')
      for (const frame of frames) session.receive(frame)
    })
    client.addEventListener('close', () => session.close())
  }
  const rawHandler = raw.addEventListener('connection', ({ client }) => connect(client, false))
  const sockHandler = sockjs.addEventListener('connection', ({ client }) => connect(client, true))
  return [rawHandler, sockHandler]
}
