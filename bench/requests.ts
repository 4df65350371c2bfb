/**
 * 3. Per-request cost inside one process: global `fetch` intercepted by msw's `setupServer`,
 * msw's `getResponse(handlers, request)` (no interception), and the package's own
 * `createMockFetch` (rocketchat-msw/node, built on getResponse), for five endpoints at 1k and
 * 100k messages. Each is set against a static msw handler answering the very same JSON (captured
 * from the mock first), so the difference is what the mock itself costs per request.
 */
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { createRocketChatMock, type RocketChatMock } from '../src/mock.js'
import { createMockFetch } from '../src/node.js'
import { benchAsyncInterleaved, type BenchContext, fmtBytes, fmtMs, fmtRatio, heapAfterGc, median, type Stats } from './lib.js'

const ORIGIN = 'http://localhost:3000'
const SIZES = [1_000, 100_000] as const

interface Endpoint {
  name: string
  method: 'GET' | 'POST'
  path: string
  url: string
  init: RequestInit
}

type Path = 'setupServer' | 'getResponse' | 'createMockFetch'
type Variant = `${'mock' | 'static'}:${Path}`

function endpoints(mock: RocketChatMock): Endpoint[] {
  const dm = mock.db.rooms.all().find((r) => r.t === 'd')
  if (!dm) throw new Error('the large scenario has no DM')
  const list = mock.db.messages.sorted('room', dm._id)
  const msgId = list[list.length >> 1]!._id
  const { userId, authToken } = mock.login('demo')
  const auth = { 'X-User-Id': userId, 'X-Auth-Token': authToken }
  return [
    {
      name: 'GET dm.history (count 50)',
      method: 'GET',
      path: '/api/v1/dm.history',
      url: `${ORIGIN}/api/v1/dm.history?roomId=${dm._id}&count=50`,
      init: { headers: auth },
    },
    {
      name: 'GET chat.getMessage',
      method: 'GET',
      path: '/api/v1/chat.getMessage',
      url: `${ORIGIN}/api/v1/chat.getMessage?msgId=${msgId}`,
      init: { headers: auth },
    },
    // A client catching up on a small delta (DELTA messages) in a room of any size: should stay flat.
    {
      name: `GET chat.syncMessages (lastUpdate, ${DELTA} new)`,
      method: 'GET',
      path: '/api/v1/chat.syncMessages',
      url: `${ORIGIN}/api/v1/chat.syncMessages?roomId=${dm._id}&lastUpdate=${encodeURIComponent(SYNC_FROM)}`,
      init: { headers: auth },
    },
    {
      name: 'GET chat.getThreadsList (count 50)',
      method: 'GET',
      path: '/api/v1/chat.getThreadsList',
      url: `${ORIGIN}/api/v1/chat.getThreadsList?rid=${dm._id}&count=50`,
      init: { headers: auth },
    },
    {
      name: 'POST chat.postMessage',
      method: 'POST',
      path: '/api/v1/chat.postMessage',
      url: `${ORIGIN}/api/v1/chat.postMessage`,
      init: {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ roomId: dm._id, text: 'A benchmark message with **bold** text' }),
      },
    },
  ]
}

/**
 * One request through the mock, then an msw handler that answers the same status, headers and
 * JSON (serialised per request with `HttpResponse.json`, as a hand-written handler would; a POST
 * handler reads the request body first, as the mock does).
 */
async function staticTwin(mock: RocketChatMock, endpoint: Endpoint): Promise<{ handler: RequestHandler; bytes: number }> {
  const response = await getResponse(mock.httpHandlers, new Request(endpoint.url, endpoint.init))
  if (!response) throw new Error(`${endpoint.name}: no handler answered`)
  const text = await response.text()
  if (response.status !== 200) throw new Error(`${endpoint.name}: status ${response.status}: ${text}`)
  const body = JSON.parse(text) as Record<string, unknown>
  const headers: Record<string, string> = {}
  for (const [name, value] of response.headers) if (name !== 'content-type' && name !== 'content-length') headers[name] = value
  const method = endpoint.method === 'GET' ? http.get : http.post
  const handler = method(`${ORIGIN}${endpoint.path}`, async ({ request }) => {
    if (endpoint.method === 'POST') await request.text()
    return HttpResponse.json(body, { status: response.status, headers })
  })
  return { handler, bytes: Buffer.byteLength(text) }
}

interface Fixture {
  size: number
  mock: RocketChatMock
  endpoints: Endpoint[]
  statics: RequestHandler[]
  bytes: number[]
}

/** The sync delta: DELTA messages posted after SYNC_FROM, on a frozen clock. */
const DELTA = 20
const SYNC_FROM = '2026-03-01T00:00:00.000Z'

async function fixture(size: number): Promise<Fixture> {
  const mock = createRocketChatMock({ scenario: 'large', messages: size, now: SYNC_FROM })
  const dm = mock.db.rooms.all().find((r) => r.t === 'd')!
  const alice = mock.login('alice')
  for (let i = 0; i < DELTA; i++) {
    mock.clock.advance(1_000)
    await getResponse(
      mock.httpHandlers,
      new Request(`${ORIGIN}/api/v1/chat.sendMessage`, {
        method: 'POST',
        headers: { 'X-User-Id': alice.userId, 'X-Auth-Token': alice.authToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: { rid: dm._id, msg: `delta ${i}` } }),
      }),
    ).then(readAll)
  }
  const list = endpoints(mock)
  const twins = []
  for (const endpoint of list) twins.push(await staticTwin(mock, endpoint))
  return { size, mock, endpoints: list, statics: twins.map((t) => t.handler), bytes: twins.map((t) => t.bytes) }
}

async function readAll(response: Response | undefined): Promise<string> {
  if (!response) throw new Error('no response')
  return response.text()
}

/** Requests before a heap measurement: more than the mock's request log holds (500), so it is full. */
const HEAP_WARMUP = 600

/** Heap growth per request through `getResponse`, after warm-up. */
async function retainedPerRequest(handlers: RequestHandler[], endpoint: Endpoint, n: number): Promise<number> {
  const one = () => getResponse(handlers, new Request(endpoint.url, endpoint.init)).then(readAll)
  for (let i = 0; i < HEAP_WARMUP; i++) await one()
  const before = await heapAfterGc()
  for (let i = 0; i < n; i++) await one()
  return ((await heapAfterGc()) - before) / n
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('3. Per request, in-process: setupServer + global fetch, getResponse, createMockFetch')
  const rounds = quick ? 5 : 10
  const block = quick ? 30 : 50
  const warmup = quick ? 30 : 60
  report.note(
    `ms per request (send + read the whole body); median and p95 of ${rounds * block} requests per variant,\n` +
      `run in alternating blocks of ${block}. "static" = an msw http.get/post handler answering the same JSON.\n` +
      "createMockFetch = rocketchat-msw/node's fetch over getResponse (no interception).",
  )

  // The heap is measured first, before setupServer is ever started (what msw 3.0.5's interception
  // retains per closed connection, decisions/0002, would blur the figure), and on the 1k store, where a forced gc takes
  // milliseconds rather than the ~0.5 s it takes with 100k messages alive.
  const fixtures: Fixture[] = [await fixture(SIZES[0])]
  const small = fixtures[0]!
  const n = quick ? 2_000 : 5_000
  const repeats = quick ? 1 : 3
  const heap: Array<{ endpoint: Endpoint; mock: number; static: number }> = []
  for (const [i, endpoint] of small.endpoints.slice(0, 2).entries()) {
    // mock, static, mock, static…: the median of the measurements of each.
    const m: number[] = []
    const s: number[] = []
    for (let r = 0; r < repeats; r++) {
      m.push(await retainedPerRequest(small.mock.httpHandlers, endpoint, n))
      s.push(await retainedPerRequest([small.statics[i]!], endpoint, n))
    }
    heap.push({ endpoint, mock: median(m), static: median(s) })
  }
  fixtures.push(await fixture(SIZES[1]))
  const big = fixtures[1]!

  const server = setupServer()
  server.listen({ onUnhandledFrame: 'error' })
  let history100k: { mock: Stats; static: Stats } | undefined
  /** Mock median through getResponse per endpoint and size: how each grows with the room. */
  const growth = new Map<string, number[]>()

  for (const { size, mock, endpoints: list, statics, bytes } of fixtures) {
    const mockFetch = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
    const staticFetch = createMockFetch({ handlers: statics, onUnhandledRequest: 'error' })
    report.sub(`${size.toLocaleString('en-US')} messages in the DM`)
    const rows: string[][] = []
    for (const [i, endpoint] of list.entries()) {
      const viaFetch = () => fetch(endpoint.url, endpoint.init).then(readAll)
      const ops: Record<Variant, () => Promise<unknown>> = {
        'mock:setupServer': viaFetch,
        'static:setupServer': viaFetch,
        'mock:getResponse': () => getResponse(mock.httpHandlers, new Request(endpoint.url, endpoint.init)).then(readAll),
        'static:getResponse': () => getResponse(statics, new Request(endpoint.url, endpoint.init)).then(readAll),
        'mock:createMockFetch': () => mockFetch(endpoint.url, endpoint.init).then(readAll),
        'static:createMockFetch': () => staticFetch(endpoint.url, endpoint.init).then(readAll),
      }
      const r = await benchAsyncInterleaved(ops, {
        rounds,
        block,
        warmup,
        before: (name) => {
          if (name === 'mock:setupServer') server.resetHandlers(...mock.handlers)
          else if (name === 'static:setupServer') server.resetHandlers(...statics)
        },
      })
      const bodySize = fmtBytes(bytes[i]!)
      for (const path of ['setupServer', 'getResponse', 'createMockFetch'] as const) {
        const m = r[`mock:${path}`]
        const s = r[`static:${path}`]
        rows.push([`${endpoint.name} · ${path}`, bodySize, fmtMs(m.median), fmtMs(m.p95), fmtMs(s.median), fmtMs(s.p95), fmtRatio(m.median / s.median)])
      }
      if (size === big.size && i === 0) history100k = { mock: r['mock:setupServer'], static: r['static:setupServer'] }
      growth.set(endpoint.name, [...(growth.get(endpoint.name) ?? []), r['mock:getResponse'].median])
    }
    report.table(['endpoint · path', 'body', 'mock median', 'mock p95', 'static median', 'static p95', 'mock ÷ static'], rows)
  }
  server.close()

  console.log()
  if (history100k) {
    const ratio = history100k.mock.median / history100k.static.median
    report.target('dm.history at 100k via setupServer: mock ÷ static', fmtRatio(ratio), {
      value: ratio,
      limit: 1.15,
      kind: 'max',
      text: '≤ 1.15×',
    })
  }

  // The sync and thread endpoints must not grow with the room when the delta is small.
  for (const [name, [atSmall, atBig]] of growth) {
    if (atSmall === undefined || atBig === undefined || !/sync|Threads/.test(name)) continue
    report.target(`${name}: 100k ÷ 1k (getResponse)`, fmtRatio(atBig / atSmall), { value: atBig / atSmall, limit: 1.5, kind: 'max', text: '≤ 1.5×' })
  }

  // ---- heap retained per request by the mock's own layer (measured first, printed here) ----
  report.sub(
    `Heap growth per request through getResponse (${small.size / 1000}k messages; ${n} requests after ${HEAP_WARMUP} of warm-up,\n` +
      `  heap after gc${repeats > 1 ? `; median of ${repeats} runs each` : ''}; before any setupServer use)`,
  )
  for (const { endpoint, mock, static: plain } of heap) {
    const own = mock - plain
    report.line(`${endpoint.name}: mock`, `${fmtBytes(mock)}/req`)
    report.line(`${endpoint.name}: static handler`, `${fmtBytes(plain)}/req`)
    report.target(`${endpoint.name}: mock's own layer (mock − static)`, `${fmtBytes(own)}/req`, {
      value: own,
      limit: 1024,
      kind: 'max',
      text: '≤ 1 KB/request',
    })
  }
  report.note('POST chat.postMessage is left out: each one stores a new message (state growth by design).')
}
