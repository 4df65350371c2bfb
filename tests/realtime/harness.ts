/**
 * Realtime test harness: one switch over the transports a client can reach the DDP server by —
 * MSW interception (`setupServer(...mock.handlers)`, Node's global WebSocket) and the standalone
 * HTTP server's upgrade (`ws`). Every realtime test file runs its cases over both.
 */
import { getResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startHttpServer, type RunningHttpServer } from '../../src/http/server.js'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from '../../src/mock.js'
import { webSocketUpgrade } from '../../src/realtime/transports/node-ws.js'

export const TRANSPORTS = ['setupServer', 'http'] as const
export type Transport = (typeof TRANSPORTS)[number]
export const NOW = '2026-03-01T10:00:00.000Z'

export interface RealtimeHarness {
  readonly mock: RocketChatMock
  /** `http://…` origin of the mock for this transport (REST and `/websocket`). */
  readonly origin: string
  /** Replace the mock (and restart what serves it). */
  use(options?: RocketChatMockOptions): Promise<RocketChatMock>
  /** A raw DDP socket on `/websocket`, for protocol-level tests. */
  socket(path?: string): Promise<RawSocket>
  /** REST call as a persona (logs in through `mock.login`). */
  api(path: string, options?: { method?: string; body?: unknown; as?: string }): Promise<{ status: number; body: any }>
}

export function realtimeSetup(transport: Transport, defaults: RocketChatMockOptions = {}): RealtimeHarness {
  const msw = setupServer()
  let mock: RocketChatMock | undefined
  let http: RunningHttpServer | undefined
  const sockets = new Set<RawSocket>()
  const logins = new Map<string, { userId: string; authToken: string }>()

  async function serve(next: RocketChatMock): Promise<void> {
    await http?.close()
    http = undefined
    logins.clear()
    mock = next
    if (transport === 'setupServer') msw.resetHandlers(...next.handlers)
    else {
      const current = next
      http = await startHttpServer({ handle: (request) => getResponse(current.httpHandlers, request), port: 0, upgrade: webSocketUpgrade(current.realtime) })
    }
  }

  beforeAll(() => {
    if (transport === 'setupServer') msw.listen({ onUnhandledFrame: 'error' })
  })
  afterEach(async () => {
    for (const s of sockets) s.close()
    sockets.clear()
  })
  afterAll(async () => {
    await http?.close()
    if (transport === 'setupServer') msw.close()
  })

  const harness: RealtimeHarness = {
    get mock() {
      if (!mock) throw new Error('call use() first (e.g. in beforeEach)')
      return mock
    },
    get origin() {
      return transport === 'http' ? http!.url : 'http://localhost:3000'
    },
    async use(options = {}) {
      await serve(createRocketChatMock({ seed: 42, now: NOW, ...defaults, ...options }))
      return mock!
    },
    async socket(path = '/websocket') {
      const s = await RawSocket.open(harness.origin.replace(/^http/, 'ws') + path)
      sockets.add(s)
      return s
    },
    async api(path, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (options.as) {
        let creds = logins.get(options.as)
        if (!creds) logins.set(options.as, (creds = harness.mock.login(options.as)))
        headers['x-user-id'] = creds.userId
        headers['x-auth-token'] = creds.authToken
      }
      const response = await fetch(`${harness.origin}/api/v1/${path}`, {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      })
      return { status: response.status, body: await response.json() }
    },
  }
  return harness
}

/** A WebSocket that records every frame (parsed JSON) and lets a test wait for one. */
export class RawSocket {
  readonly frames: any[] = []
  readonly raw: string[] = []
  closedWith: { code: number; reason: string } | undefined
  #waiters: Array<{ test: (f: any) => boolean; resolve: (f: any) => void }> = []
  #closeWaiters: Array<() => void> = []

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const text = String(event.data)
      this.raw.push(text)
      let frame: any
      try {
        frame = JSON.parse(text)
      } catch {
        frame = text
      }
      this.frames.push(frame)
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.test(frame)) return true
        w.resolve(frame)
        return false
      })
    })
    ws.addEventListener('close', (event) => {
      this.closedWith = { code: event.code, reason: event.reason }
      for (const w of this.#closeWaiters) w()
    })
  }

  static open(url: string): Promise<RawSocket> {
    const ws = new WebSocket(url)
    const socket = new RawSocket(ws)
    return new Promise((resolve, reject) => {
      ws.addEventListener('open', () => resolve(socket), { once: true })
      ws.addEventListener('error', () => reject(new Error(`cannot open ${url}`)), { once: true })
    })
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** The first frame (already received or coming) matching `test`; fails after `ms`. */
  next(test: (frame: any) => boolean, ms = 2000): Promise<any> {
    const seen = this.frames.find(test)
    if (seen !== undefined) {
      this.frames.splice(this.frames.indexOf(seen), 1)
      return Promise.resolve(seen)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${ms} ms; got ${JSON.stringify(this.frames)}`)), ms)
      this.#waiters.push({
        test,
        resolve: (f) => {
          clearTimeout(timer)
          this.frames.splice(this.frames.indexOf(f), 1)
          resolve(f)
        },
      })
    })
  }

  /** Frames arriving within `ms` that match (to prove that something does NOT arrive). */
  async collect(test: (frame: any) => boolean, ms = 150): Promise<any[]> {
    await new Promise((r) => setTimeout(r, ms))
    return this.frames.filter(test)
  }

  closed(ms = 2000): Promise<{ code: number; reason: string }> {
    if (this.closedWith) return Promise.resolve(this.closedWith)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket not closed')), ms)
      this.#closeWaiters.push(() => {
        clearTimeout(timer)
        resolve(this.closedWith!)
      })
    })
  }

  /** `connect` and wait for `connected`. */
  async handshake(): Promise<string> {
    this.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] })
    return (await this.next((f) => f.msg === 'connected')).session
  }

  #ids = 0
  /** Call a method and wait for its `result` frame. */
  async call(method: string, ...params: unknown[]): Promise<any> {
    const id = `m${++this.#ids}`
    this.send({ msg: 'method', id, method, params })
    return this.next((f) => f.msg === 'result' && f.id === id)
  }

  /** Subscribe and wait for `ready` or `nosub`. */
  async sub(name: string, ...params: unknown[]): Promise<{ id: string; frame: any }> {
    const id = `s${++this.#ids}`
    this.send({ msg: 'sub', id, name, params })
    const frame = await this.next((f) => (f.msg === 'ready' && f.subs.includes(id)) || (f.msg === 'nosub' && f.id === id))
    return { id, frame }
  }

  /** Subscribe to a stream event the way the official clients do. */
  stream(name: string, eventName: string, args: unknown[] = []): Promise<{ id: string; frame: any }> {
    return this.sub(`stream-${name}`, eventName, { useCollection: false, args })
  }

  /** The next stream event of `stream`/`eventName`. */
  event(stream: string, eventName: string, ms = 2000): Promise<any[]> {
    return this.next((f) => f.msg === 'changed' && f.collection === `stream-${stream}` && f.fields?.eventName === eventName, ms).then((f) => f.fields.args)
  }

  async login(token: string): Promise<any> {
    return this.call('login', { resume: token })
  }

  close(): void {
    try {
      this.ws.close()
    } catch {
      // already closed
    }
  }
}
