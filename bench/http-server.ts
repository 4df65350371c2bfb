/**
 * Child process of bench/http.ts, on a free loopback port:
 *
 *   node --import tsx bench/http-server.ts mock <messages>      the CLI's wiring: direct path + getResponse
 *   node --import tsx bench/http-server.ts mock-msw <messages>  every request through getResponse (no direct path)
 *   node --import tsx bench/http-server.ts static               msw's bridge, one static handler per route
 *   node --import tsx bench/http-server.ts raw                  plain node:http, precomputed bodies
 *
 * The mock modes seed the large scenario and report the routes to load with their auth headers;
 * the static and raw modes wait for the bodies to serve over IPC.
 */
import { createServer } from 'node:http'
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw'
import { startHttpServer } from '../src/http/server.js'
import { createRocketChatMock } from '../src/mock.js'

export interface ReadyMessage {
  type: 'ready'
  url: string
  /** Mock modes: route name → path with query. */
  paths?: Record<string, string>
  headers?: Record<string, string>
}

export interface StaticRoute {
  /** Path of the route to answer (query ignored). */
  pathname: string
  body: string
  status: number
  headers: Record<string, string>
}

export interface StaticBodyMessage {
  type: 'static-body'
  routes: StaticRoute[]
}

function send(message: ReadyMessage): void {
  process.send?.(message)
}

async function serve(handlers: RequestHandler[], direct?: ReturnType<typeof createRocketChatMock>['direct']): Promise<string> {
  const server = await startHttpServer({ handle: (request) => getResponse(handlers, request), port: 0, host: '127.0.0.1', ...(direct ? { direct } : {}) })
  return server.url
}

/** The machine's ceiling: node:http writing a precomputed body (headers as the mock sends them). */
function serveRaw(routes: StaticRoute[]): Promise<string> {
  const byPath = new Map(
    routes.map((r) => {
      const body = Buffer.from(r.body)
      const headers = { ...r.headers, 'content-type': 'application/json', 'content-length': String(body.byteLength) }
      return [r.pathname, { body, status: r.status, headers }] as const
    }),
  )
  const server = createServer({ keepAlive: true, noDelay: true, keepAliveTimeout: 30_000 }, (req, res) => {
    const route = byPath.get((req.url ?? '/').split('?')[0]!)
    if (!route) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(route.status, route.headers).end(route.body)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
    }),
  )
}

async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0))
  const [mode, messages] = process.argv.slice(2)
  if (mode === 'mock' || mode === 'mock-msw') {
    const mock = createRocketChatMock({ scenario: 'large', messages: Number(messages ?? 100_000) })
    const dm = mock.db.rooms.all().find((r) => r.t === 'd')
    if (!dm) throw new Error('the large scenario has no DM')
    const newest = mock.db.messages.sorted('room', dm._id).at(-1)!
    const { userId, authToken } = mock.login('demo')
    const url = await serve(mock.httpHandlers, mode === 'mock' ? mock.direct : undefined)
    send({
      type: 'ready',
      url,
      paths: {
        'dm.history': `/api/v1/dm.history?roomId=${dm._id}&count=50`,
        info: '/api/info',
        'chat.getMessage': `/api/v1/chat.getMessage?msgId=${newest._id}`,
      },
      headers: { 'X-User-Id': userId, 'X-Auth-Token': authToken },
    })
    return
  }
  if (mode === 'static' || mode === 'raw') {
    process.once('message', (raw: unknown) => {
      const { routes } = raw as StaticBodyMessage
      if (mode === 'raw') {
        serveRaw(routes).then((url) => send({ type: 'ready', url }), fail)
        return
      }
      // The same JSON, serialised per request with HttpResponse.json as a hand-written handler would.
      const handlers = routes.map((route) => {
        const body = JSON.parse(route.body) as Record<string, unknown>
        return http.get(`*${route.pathname}`, () => HttpResponse.json(body, { status: route.status, headers: route.headers }))
      })
      serve(handlers).then((url) => send({ type: 'ready', url }), fail)
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
