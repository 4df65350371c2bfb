/**
 * Child process of bench/http.ts: the node:http bridge (src/http/server.ts) with msw's
 * `getResponse`, in front of either the mock or one static msw handler, on a free loopback port.
 *
 *   node --import tsx bench/http-server.ts mock <messages>   large scenario, reports url + auth
 *   node --import tsx bench/http-server.ts static            waits for the body to serve over IPC
 */
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw'
import { startHttpServer } from '../src/http/server.js'
import { createRocketChatMock } from '../src/mock.js'

export interface ReadyMessage {
  type: 'ready'
  url: string
  path?: string
  headers?: Record<string, string>
}

export interface StaticBodyMessage {
  type: 'static-body'
  /** Path of the route to answer (query ignored). */
  pathname: string
  body: string
  status: number
  headers: Record<string, string>
}

function send(message: ReadyMessage): void {
  process.send?.(message)
}

async function serve(handlers: RequestHandler[]): Promise<string> {
  const server = await startHttpServer({ handle: (request) => getResponse(handlers, request), port: 0, host: '127.0.0.1' })
  return server.url
}

async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0))
  const [mode, messages] = process.argv.slice(2)
  if (mode === 'mock') {
    const mock = createRocketChatMock({ scenario: 'large', messages: Number(messages ?? 100_000) })
    const dm = mock.db.rooms.all().find((r) => r.t === 'd')
    if (!dm) throw new Error('the large scenario has no DM')
    const { userId, authToken } = mock.login('demo')
    const url = await serve(mock.httpHandlers)
    send({ type: 'ready', url, path: `/api/v1/dm.history?roomId=${dm._id}&count=50`, headers: { 'X-User-Id': userId, 'X-Auth-Token': authToken } })
    return
  }
  if (mode === 'static') {
    process.once('message', (raw: unknown) => {
      const message = raw as StaticBodyMessage
      // The same JSON, serialised per request with HttpResponse.json as a hand-written handler would.
      const body = JSON.parse(message.body) as Record<string, unknown>
      const handler = http.get(`*${message.pathname}`, () => HttpResponse.json(body, { status: message.status, headers: message.headers }))
      serve([handler]).then((url) => send({ type: 'ready', url }), fail)
    })
    return
  }
  throw new Error(`unknown mode "${String(mode)}"`)
}

function fail(error: unknown): void {
  console.error(error)
  process.exit(1)
}

main().catch(fail)
