/**
 * The standalone server's direct path (decisions/0010) against the msw path, over real HTTP:
 * two servers over two mocks with the same seed and clock get the same requests, one handing the
 * router's routes straight to it (`direct: mock.direct`), the other resolving every request with
 * `getResponse(mock.httpHandlers)`. Status line, headers (bar the per-connection ones) and body
 * bytes must be identical; so must the request log; and `handle` only sees what the router does
 * not own.
 */
import { request as httpRequest } from 'node:http'
import { getResponse, http, HttpResponse } from 'msw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHttpServer, type RunningHttpServer } from '../../src/http/server.js'
import { createRocketChatMock, type RocketChatMock } from '../../src/mock.js'

const NOW = '2026-03-01T10:00:00.000Z'

interface Raw {
  status: number
  statusMessage: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw node:http request, so the status text and header bytes are seen as sent. */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = res.headers
        resolve({ status: res.statusCode!, statusMessage: res.statusMessage!, headers: rest, body: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

let viaMsw: { mock: RocketChatMock; server: RunningHttpServer; handled: string[] }
let direct: { mock: RocketChatMock; server: RunningHttpServer; handled: string[] }

async function start(useDirect: boolean) {
  const mock = createRocketChatMock({ seed: 42, now: NOW })
  const handled: string[] = []
  const extra = http.get('*/custom/ping', () => HttpResponse.json({ pong: true }))
  const server = await startHttpServer({
    port: 0,
    handle: (request) => {
      handled.push(`${request.method} ${new URL(request.url).pathname}`)
      return getResponse([extra, ...mock.httpHandlers], request)
    },
    ...(useDirect ? { direct: mock.direct } : {}),
  })
  return { mock, server, handled }
}

beforeEach(async () => {
  ;[viaMsw, direct] = await Promise.all([start(false), start(true)])
})
afterEach(async () => {
  await Promise.all([viaMsw.server.close(), direct.server.close()])
})

/** The same request to both servers; the answers must match byte for byte. */
async function both(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
  const a = await send(viaMsw.server.url, method, path, headers, body)
  const b = await send(direct.server.url, method, path, headers, body)
  expect(b).toEqual(a)
  return b
}

function auth(username: string): Record<string, string> {
  // Tokens are random: the second mock is given the first one's token, so one header set serves both.
  const a = viaMsw.mock.login(username)
  const tokens = viaMsw.mock.core.findUser(username)!.services.resume.loginTokens
  const user = direct.mock.core.findUser(username)!
  direct.mock.core.db.users.patch(user, (u) => {
    u.services.resume.loginTokens = structuredClone(tokens)
  })
  return { 'X-User-Id': a.userId, 'X-Auth-Token': a.authToken }
}

describe('direct path = msw path, over HTTP', () => {
  it('answers reads, envelopes and errors identically, without calling handle', async () => {
    const demo = auth('demo')
    const info = await both('GET', '/api/info')
    expect(info.status).toBe(200)
    expect(info.headers['content-type']).toBe('application/json')
    expect(info.headers['cache-control']).toBe('no-store')
    expect(info.headers.pragma).toBe('no-cache')
    expect(info.headers['content-length']).toBe(String(Buffer.byteLength(info.body)))

    const history = await both('GET', '/api/v1/channels.history?roomId=GENERAL&count=5', demo)
    expect(JSON.parse(history.body).messages).toHaveLength(5)
    expect((await both('GET', '/api/v1/channels.history?roomId=GENERAL')).status).toBe(401)
    expect((await both('GET', '/api/v1/channels.history?count=5', demo)).status).toBe(400)
    expect((await both('GET', '/api/v1/channels.history?roomId=nope', demo)).status).toBe(400)
    expect((await both('GET', '/api/v1/chat.getMessage?msgId=missing', demo)).status).toBe(400)
    const head = await both('HEAD', '/api/v1/channels.history?roomId=GENERAL&count=5', demo)
    expect(head.body).toBe('')
    expect(head.headers['content-length']).toBe(history.headers['content-length'])

    expect(direct.handled).toEqual([])
    expect(viaMsw.handled).toHaveLength(7)
  })

  it('writes identically: JSON, form and BOM-prefixed bodies, broken JSON, a handler’s own Response', async () => {
    const demo = auth('demo')
    const json = { 'Content-Type': 'application/json' }
    const posted = await both('POST', '/api/v1/chat.postMessage', { ...demo, ...json }, JSON.stringify({ roomId: 'GENERAL', text: 'hello ✓ direct' }))
    expect(posted.status).toBe(200)
    expect(JSON.parse(posted.body).message.msg).toBe('hello ✓ direct')
    const form = await both(
      'POST',
      '/api/v1/chat.postMessage',
      { ...demo, 'Content-Type': 'application/x-www-form-urlencoded' },
      'roomId=GENERAL&text=via+form',
    )
    expect(JSON.parse(form.body).message.msg).toBe('via form')
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ roomId: 'GENERAL', text: 'bom' }))])
    expect(JSON.parse((await both('POST', '/api/v1/chat.postMessage', { ...demo, ...json }, bom)).body).message.msg).toBe('bom')
    const broken = await both('POST', '/api/v1/chat.postMessage', { ...demo, ...json }, '{"roomId":')
    expect(broken.status).toBe(400)
    // logout answers with its own HttpResponse (not the envelope).
    const logout = await both('POST', '/api/v1/logout', demo)
    expect(logout.status).toBe(200)
    expect(JSON.parse(logout.body)).toEqual({ status: 'success', data: { message: "You've been logged out!" } })

    expect(direct.mock.db.messages.all().map((m) => [m._id, m.msg])).toEqual(viaMsw.mock.db.messages.all().map((m) => [m._id, m.msg]))
    const log = (m: RocketChatMock) => m.controls.log().map(({ durationMs: _d, ...entry }) => entry)
    expect(log(direct.mock)).toEqual(log(viaMsw.mock))
    expect(log(direct.mock).map((e) => e.status)).toEqual([200, 200, 200, 400, 200])
    expect(direct.handled).toEqual([])
  })

  it('injected faults and latency behave the same; a network fault cuts the connection', async () => {
    const demo = auth('demo')
    for (const m of [viaMsw.mock, direct.mock]) {
      m.controls.injectFault({ endpoint: 'GET /api/v1/channels.history', status: 503 })
      m.controls.injectFault({ endpoint: 'GET /api/info', status: 'network' })
    }
    const faulted = await both('GET', '/api/v1/channels.history?roomId=GENERAL', demo)
    expect(faulted.status).toBe(503)
    expect(JSON.parse(faulted.body)).toEqual({ success: false, error: 'Internal server error' })
    await expect(send(direct.server.url, 'GET', '/api/info')).rejects.toMatchObject({ code: 'ECONNRESET' })
    await expect(send(viaMsw.server.url, 'GET', '/api/info')).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(direct.mock.controls.log().map((e) => e.status)).toEqual([503, 'network'])

    direct.mock.controls.latencyMs = 120
    const started = performance.now()
    expect((await send(direct.server.url, 'GET', '/api/info')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(115)
  })

  it('leaves everything else to handle: user handlers, unknown routes, other methods', async () => {
    const ping = await both('GET', '/custom/ping')
    expect(JSON.parse(ping.body)).toEqual({ pong: true })
    expect((await both('GET', '/api/v1/no.such.endpoint')).status).toBe(404)
    expect((await both('DELETE', '/api/info')).status).toBe(404)
    expect(direct.handled).toEqual(['GET /custom/ping', 'GET /api/v1/no.such.endpoint', 'DELETE /api/info'])
  })

  it('honours baseUrl: routes outside it are not claimed', async () => {
    const mock = createRocketChatMock({ seed: 42, baseUrl: 'http://127.0.0.1:1/chat' })
    const handled: string[] = []
    const server = await startHttpServer({
      port: 0,
      handle: async (request) => (handled.push(new URL(request.url).pathname), getResponse(mock.httpHandlers, request)),
      direct: mock.direct,
    })
    try {
      expect(mock.direct.claims('GET', new URL('http://127.0.0.1:1/chat/api/info'))).toBe(true)
      expect(mock.direct.claims('GET', new URL('http://127.0.0.1:2/chat/api/info'))).toBe(false)
      expect(mock.direct.claims('GET', new URL('http://127.0.0.1:1/api/info'))).toBe(false)
      // The server's own origin is not the base URL's: nothing is claimed, msw finds no handler either.
      expect((await send(server.url, 'GET', '/chat/api/info')).status).toBe(404)
      expect(handled).toEqual(['/chat/api/info'])
    } finally {
      await server.close()
    }
  })
})
