/**
 * Test harness: a fresh seeded mock per test and an `api()` helper that goes through the network
 * layer, over the transport `API_TRANSPORT` names (one switch for the whole API suite):
 * - `setupServer` (default): global `fetch` → MSW interception → handlers;
 * - `mock-fetch`: `createMockFetch` (MSW's `getResponse`, no interception);
 * - `http`: real HTTP to the standalone server (`startHttpServer`, as `rocketchat-msw serve` runs it).
 */
import { getResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startHttpServer, type RunningHttpServer } from '../src/http/server.js'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from '../src/mock.js'
import { createMockFetch } from '../src/node.js'
import type { Message, Room, User } from '../src/db/index.js'
import { userForToken } from '../src/domain/users.js'

export const ORIGIN = 'http://localhost:3000'

export type Transport = 'setupServer' | 'mock-fetch' | 'http'
const TRANSPORTS: readonly Transport[] = ['setupServer', 'mock-fetch', 'http']
/** The transport this run of the suite goes through (`API_TRANSPORT`, see vitest.config.ts). */
export const TRANSPORT: Transport = transportFrom(process.env.API_TRANSPORT)

function transportFrom(value: string | undefined): Transport {
  if (value === undefined || value === '') return 'setupServer'
  if (!(TRANSPORTS as readonly string[]).includes(value)) throw new Error(`API_TRANSPORT must be one of ${TRANSPORTS.join(', ')}; got ${value}`)
  return value as Transport
}
/** A fixed instant tests pin the clock to (after every seeded message). */
export const NOW = '2026-03-01T10:00:00.000Z'

/** The exact 401 body of an unauthenticated call (4 keys, in the server's order). */
export const LOGGED_OUT = {
  success: false,
  error: 'You must be logged in to do this.',
  status: 'error',
  message: 'You must be logged in to do this.',
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD'
  /** Query parameters (values stringified; arrays repeat the key). */
  query?: Record<string, string | number | boolean | string[] | undefined>
  /** A JSON body (object) or a raw string body sent as-is. */
  body?: unknown
  /** Username to authenticate as (via `mock.login`), or explicit credentials. */
  as?: string | { userId: string; authToken: string }
  headers?: Record<string, string>
}

export interface ApiResponse {
  status: number
  body: any
  headers: Headers
}

/** A message as JSON (dates are ISO strings). */
export type ApiMessage = Record<string, any> & { _id: string; rid: string; msg: string; ts: string }

export interface Harness {
  /** The current test's mock (fresh for every test). */
  readonly mock: RocketChatMock
  /** Replace the current mock with one made from these options (seed 42 unless given). */
  use(options?: RocketChatMockOptions): RocketChatMock
  /** Credentials of `username` for this test's mock (cached; logs in again once the token is dead). */
  login(username: string): { userId: string; authToken: string }
  /** Call `/api/v1/<path>` (or `/api/...` when `path` starts with `/`) through `fetch`. */
  api(path: string, options?: ApiOptions): Promise<ApiResponse>
  /** The origin requests of this transport go to (`ORIGIN`, or the HTTP server's own). */
  readonly origin: string
  /** A raw `fetch` through this run's transport; a URL on `ORIGIN` is sent to `origin`. */
  fetch(input: string, init?: RequestInit): Promise<Response>
  /** `chat.sendMessage` as `username`; returns the stored message as the client saw it (throws unless 200). */
  send(username: string, message: Record<string, unknown>): Promise<ApiMessage>
  /** Seeded records by well-known names. */
  user(username: string): User
  room(idOrName: string): Room
  message(id: string): Message | undefined
  /** The seeded message with exactly this text (throws if absent). */
  messageByText(text: string): Message
  /**
   * An independent oracle of `*.history`: a room's stored messages, newest first, without hidden
   * copies and (unless asked) without thread-only replies.
   */
  historyIds(rid: string, options?: { showThreadMessages?: boolean }): string[]
  /** The 1:1 DM id of two users: their ids sorted and concatenated (`dmId('demo', 'alice')`). */
  dmId(a: string, b: string): string
}

/**
 * Register the hooks of one test file: the MSW server listens once (unhandled requests are
 * errors), and every test gets `createRocketChatMock({ seed: 42, ...defaults })`.
 */
export function setup(defaults: RocketChatMockOptions = {}): Harness {
  const server = TRANSPORT === 'setupServer' ? setupServer() : undefined
  let http: RunningHttpServer | undefined
  let mock: RocketChatMock | undefined
  let logins = new Map<string, { userId: string; authToken: string }>()

  const current = (): RocketChatMock => {
    if (!mock) throw new Error('No mock yet: call harness methods inside a test')
    return mock
  }

  const harness: Harness = {
    get mock() {
      return current()
    },
    use(options = {}) {
      mock = createRocketChatMock({ seed: 42, ...defaults, ...options })
      logins = new Map()
      server?.resetHandlers(...mock.handlers)
      return mock
    },
    login(username) {
      let credentials = logins.get(username)
      // A cached token dies with `mock.reset()`/`reseed()` or a logout: log in again then.
      if (!credentials || !userForToken(current().core, credentials.userId, credentials.authToken)) {
        credentials = current().login(username)
        logins.set(username, credentials)
      }
      return credentials
    },
    api(path, options = {}) {
      const credentials = (username: string) => harness.login(username)
      if (TRANSPORT === 'mock-fetch') return requestApi(ORIGIN, path, options, credentials, mockFetch)
      if (TRANSPORT === 'http') {
        if (!http) throw new Error('The HTTP server is not listening yet')
        return requestApi(http.url, path, options, credentials)
      }
      return requestApi(ORIGIN, path, options, credentials)
    },
    get origin() {
      if (TRANSPORT !== 'http') return ORIGIN
      if (!http) throw new Error('The HTTP server is not listening yet')
      return http.url
    },
    fetch(input, init) {
      const url = input.startsWith(ORIGIN) ? harness.origin + input.slice(ORIGIN.length) : input.startsWith('/') ? harness.origin + input : input
      return TRANSPORT === 'mock-fetch' ? mockFetch(url, init) : fetch(url, init)
    },
    async send(username, message) {
      const res = await harness.api('chat.sendMessage', { as: username, body: { message } })
      if (res.status !== 200) throw new Error(`chat.sendMessage failed: ${res.status} ${JSON.stringify(res.body)}`)
      return res.body.message as ApiMessage
    },
    user(username) {
      const user = current().core.findUser(username)
      if (!user) throw new Error(`No user ${username}`)
      return user
    },
    room(idOrName) {
      const room = current().core.findRoom(idOrName)
      if (!room) throw new Error(`No room ${idOrName}`)
      return room
    },
    message(id) {
      return current().db.messages.get(id)
    },
    messageByText(text) {
      const found = current()
        .db.messages.all()
        .find((m) => m.msg === text)
      if (!found) throw new Error(`No message with text ${JSON.stringify(text)}`)
      return found
    },
    historyIds(rid, options = {}) {
      return current()
        .db.messages.all()
        .filter((m) => m.rid === rid && !m._hidden && (options.showThreadMessages || !m.tmid || m.tshow === true))
        .sort((a, b) => b.ts.getTime() - a.ts.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0))
        .map((m) => m._id)
    },
    dmId(a, b) {
      return [harness.user(a)._id, harness.user(b)._id].sort().join('')
    },
  }

  // Every transport answers with the current mock's handlers; an unknown route (or any other
  // request) is a bug in the test: fetch rejects (setupServer, mock-fetch) or answers 404 (http).
  const mockFetch = createMockFetch({ handlers: () => current().handlers, onUnhandledRequest: 'error' })
  beforeAll(async () => {
    server?.listen({ onUnhandledFrame: 'error' })
    // As the CLI wires it: the router's routes take the direct path (decisions/0010), the rest getResponse.
    if (TRANSPORT === 'http') {
      http = await startHttpServer({
        handle: (request) => getResponse(current().httpHandlers, request),
        direct: { claims: (method, url) => current().direct.claims(method, url), answer: (input) => current().direct.answer(input) },
        port: 0,
      })
    }
  })
  beforeEach(() => {
    harness.use()
  })
  afterAll(async () => {
    server?.close()
    await http?.close()
  })
  return harness
}

/** A JSON round trip: what a client sees of a stored record (Dates become ISO strings). */
export function json<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value))
}

/**
 * One `fetch` of `/api/v1/<path>` (or `/api/...`) against `base` with the harness's options:
 * `query` values stringified (arrays repeat the key), `as` a persona (resolved by `credentials`)
 * or explicit credentials, an object `body` sent as JSON. The body comes back parsed when it is JSON.
 */
export async function requestApi(
  base: string,
  path: string,
  options: ApiOptions,
  credentials: (username: string) => { userId: string; authToken: string },
  fetchImpl: typeof fetch = fetch,
): Promise<ApiResponse> {
  const url = new URL(path.startsWith('/') ? path : `/api/v1/${path}`, base)
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v)
    else url.searchParams.set(key, String(value))
  }
  const headers = new Headers(options.headers)
  if (options.as !== undefined) {
    const login = typeof options.as === 'string' ? credentials(options.as) : options.as
    headers.set('X-User-Id', login.userId)
    headers.set('X-Auth-Token', login.authToken)
  }
  let body: string | undefined
  if (options.body !== undefined) {
    if (typeof options.body === 'string') body = options.body
    else {
      body = JSON.stringify(options.body)
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    }
  }
  const method = options.method ?? (options.body !== undefined ? 'POST' : 'GET')
  const response = await fetchImpl(url, { method, headers, ...(body !== undefined ? { body } : {}) })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = text
  }
  return { status: response.status, body: parsed, headers: response.headers }
}
