// First: an unsupported Node.js or msw fails here with one sentence (see requirements.ts).
import './requirements.js'
import './msw-check.js'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import * as msw from 'msw'
import type { RequestHandler, WebSocketHandler } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from './mock.js'

export * from './index.js'
export { startHttpServer, type HttpServerOptions, type RunningHttpServer } from './http/server.js'

/**
 * Node interception for tests: create a mock and a started `setupServer` with its handlers.
 * Unhandled requests get MSW's default (a warning); pass `listen` (`{ onUnhandledFrame: 'error' }`) to change that. For very long runs
 * prefer `installMockFetch` (see decisions/0002: msw 3.0.5's interception keeps every closed
 * connection alive; `installSocketHandleFix()` works around it).
 */
export function startRocketChatServer(options: RocketChatMockOptions & { listen?: Parameters<SetupServer['listen']>[0] } = {}): {
  mock: RocketChatMock
  server: SetupServer
  close: () => void
} {
  const { listen, ...mockOptions } = options
  const mock = createRocketChatMock(mockOptions)
  const server = setupServer(...mock.handlers)
  server.listen(listen)
  return { mock, server, close: () => server.close() }
}

/** HTTP and WebSocket handlers, as `mock.handlers` holds them. */
type AnyHandlers = ReadonlyArray<RequestHandler | WebSocketHandler>

export interface MockFetchOptions {
  /** The handlers to answer with (a function is read per request, so `server.use`-style swaps work). */
  handlers: AnyHandlers | (() => AnyHandlers)
  /** What to do with a request no handler answers: pass it to the real fetch (default) or fail. */
  onUnhandledRequest?: 'bypass' | 'error' | ((request: Request) => Response | Promise<Response>)
  /** The fetch used for bypassed requests (default: the global fetch at creation time). */
  fetch?: typeof fetch
}

/**
 * A `fetch` that answers with MSW handlers through `getResponse`, without any interception:
 * same handlers and responses as `setupServer`, ~10× cheaper per request, and no heap growth.
 */
export function createMockFetch(options: MockFetchOptions): typeof fetch {
  const realFetch = options.fetch ?? globalThis.fetch
  // `getResponse` resolves HTTP requests only: the realtime WebSocket handler is left out.
  const httpOnly = (list: AnyHandlers) => list.filter((h): h is RequestHandler => h instanceof msw.RequestHandler)
  const fixed = typeof options.handlers === 'function' ? undefined : httpOnly(options.handlers)
  const source = options.handlers
  const handlers = fixed ? () => fixed : () => httpOnly((source as () => AnyHandlers)())
  const unhandled = options.onUnhandledRequest ?? 'bypass'
  return async (input, init) => {
    init?.signal?.throwIfAborted()
    const request = new Request(input, init)
    const fallback = unhandled === 'bypass' && request.body !== null ? request.clone() : undefined
    const response = await msw.getResponse(handlers(), request)
    if (!response || msw.isPassthroughResponse(response)) {
      if (unhandled === 'bypass') return realFetch(fallback ?? request)
      if (unhandled === 'error') throw new TypeError('fetch failed', { cause: new Error(`No mock handler for ${request.method} ${request.url}`) })
      return unhandled(request)
    }
    if (response.type === 'error') throw new TypeError('fetch failed', { cause: response })
    Object.defineProperty(response, 'url', { value: request.url })
    return response
  }
}

/** Replace `globalThis.fetch` with `createMockFetch(options)`; `restore()` puts the original back. */
export function installMockFetch(options: MockFetchOptions): { fetch: typeof fetch; restore(): void } {
  const original = globalThis.fetch
  const mockFetch = createMockFetch({ fetch: original, ...options })
  globalThis.fetch = mockFetch
  return { fetch: mockFetch, restore: () => void (globalThis.fetch = original) }
}

/**
 * Opt-in workaround for `setupServer` users: close the native TCP handle that msw 3.0.5's
 * interceptors leave open on every mocked connection (which keeps ~20–40 KB alive per
 * connection). Relies on Node's private `socket._handle`; returns an uninstall function.
 */
export function installSocketHandleFix(): () => void {
  const onSocket = (message: unknown) => {
    const socket = (message as { socket?: NodeSocketLike }).socket
    socket?.once('close', () => {
      const handle = socket._handle
      if (handle) {
        socket._handle = null
        handle.close()
      }
    })
  }
  subscribe('net.client.socket', onSocket)
  return () => unsubscribe('net.client.socket', onSocket)
}

interface NodeSocketLike {
  once(event: 'close', listener: () => void): unknown
  _handle: { close(): void } | null
}

/** The standalone server's WebSocket upgrade for `/websocket`: `startHttpServer({ handle, upgrade: webSocketUpgrade(mock.realtime) })`. */
export { webSocketUpgrade } from './realtime/transports/node-ws.js'
