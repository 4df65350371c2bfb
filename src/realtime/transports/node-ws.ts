import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DdpServer } from '../server.js'
import { sockJsConnection, sockJsFrames, SOCKJS_PATH } from './sockjs.js'

/** Outbound bytes a slow client may leave unread before it is dropped (it would hold memory). */
const MAX_BUFFERED = 16 * 1024 * 1024

/**
 * The standalone server's realtime endpoint: the HTTP port upgrades `/websocket` (raw DDP) and
 * `/sockjs/<n>/<id>/websocket` with the `ws` library. Returns the `upgrade` listener, or
 * `false` from it for a path that is not ours (the caller answers 404).
 */
export function webSocketUpgrade(server: DdpServer, options: { basePath?: string; maxFrameBytes?: number } = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? server.maxFrameBytes, perMessageDeflate: false })
  const basePath = options.basePath ?? ''

  wss.on('connection', (socket: WebSocket, request: IncomingMessage, framed: boolean) => {
    const base = {
      send: (text: string) => {
        if (socket.bufferedAmount > MAX_BUFFERED) socket.terminate()
        else socket.send(text)
      },
      close: (code?: number, reason?: string) => socket.close(code, reason),
      remoteAddress: request.socket.remoteAddress,
    }
    const session = server.connect(framed ? sockJsConnection(base) : base)
    if (framed) socket.send('o')
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        session.send({ msg: 'error', reason: 'Bad request' })
        return
      }
      const text = data.toString()
      if (!framed) return session.receive(text)
      const frames = sockJsFrames(text)
      if (!frames) return session.close(1002, 'Broken framing')
      for (const frame of frames) session.receive(frame)
    })
    socket.on('close', () => session.close())
    // A frame over maxPayload makes `ws` close with 1009 and emit an error: the session just ends.
    socket.on('error', () => session.close())
  })

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const path = (request.url ?? '/').split('?')[0]!
      if (basePath && !path.startsWith(basePath)) return false
      const local = path.slice(basePath.length)
      const framed = SOCKJS_PATH.test(local)
      if (local !== '/websocket' && !framed) return false
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request, framed))
      return true
    },
    close(): void {
      server.closeAll()
      for (const client of wss.clients) client.terminate()
      wss.close()
    },
  }
}
