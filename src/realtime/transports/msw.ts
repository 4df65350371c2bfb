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
  const { raw, sockjs } = linksFor(origin, basePath)

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

type Link = ReturnType<typeof ws.link>

/**
 * One pair of links per origin and path, for the whole process: every `ws.link` registers a
 * listener on msw's shared BroadcastChannel that is never removed, so a link per mock would leak
 * one per `createRocketChatMock()` (a test suite creates one per test). Each mock adds its own
 * `connection` listener (a fresh handler) to the shared links.
 */
const links = new Map<string, { raw: Link; sockjs: Link }>()

function linksFor(origin: string | undefined, basePath: string): { raw: Link; sockjs: Link } {
  const key = `${origin ?? '*'}|${basePath}`
  let pair = links.get(key)
  if (!pair) {
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const host = origin === undefined ? 'wss?://[^/]+' : escaped(origin.replace(/^http/, 'ws'))
    const prefix = escaped(basePath)
    pair = {
      raw: ws.link(new RegExp(`^${host}${prefix}/websocket(\\?.*)?$`)),
      sockjs: ws.link(new RegExp(`^${host}${prefix}/sockjs/[^/]+/[^/]+/websocket(\\?.*)?$`)),
    }
    links.set(key, pair)
  }
  return pair
}
