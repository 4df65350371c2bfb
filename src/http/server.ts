/**
 * Standalone HTTP server: a thin node:http <-> fetch bridge in front of a
 * `(request: Request) => Promise<Response | undefined>` function, typically
 * `(request) => getResponse(handlers, request)` from 'msw'.
 *
 * No framework, no @mswjs/http-middleware (it does not work with msw 3), and
 * no MSW interception at all: requests never go through `setupServer`, so the
 * per-request retention described in decisions/0002 does not apply here.
 */
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { readBody, readRequestHead, requestUrl, toFetchRequest, writeFetchResponse } from './bridge.js'
import { nodeInput, writeAnswer, type DirectRoutes } from './direct.js'

export interface HttpServerOptions {
  /** Resolves the mocked response; `undefined` means "no handler matched" (-> 404). */
  handle: (request: Request) => Promise<Response | undefined>
  /** TCP port; default 3100; 0 = any free port. */
  port?: number
  /** Interface to bind; default '127.0.0.1'. */
  host?: string
  /** Maximum request body size in bytes; default 1_000_000 (1 MB). */
  bodyLimit?: number
  /**
   * Called when `handle` throws/rejects or a response cannot be written.
   * Default: log to stderr with `console.error`.
   */
  onError?: (error: unknown, request: Request | undefined) => void
  /** WebSocket upgrades (the realtime endpoint); an upgrade it does not take is answered 404. */
  upgrade?: UpgradeHandler
  /**
   * The direct path (`mock.direct`): requests the mock's router owns skip `handle` and go
   * straight to the router (decisions/0010); everything else still goes to `handle`.
   */
  direct?: DirectRoutes
}

export interface UpgradeHandler {
  /** Take the upgrade (true), or leave it (false). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /** Close every upgraded connection (the server stops). */
  close(): void
}

export interface RunningHttpServer {
  /** Base URL, e.g. `http://127.0.0.1:3100` (no trailing slash). */
  url: string
  port: number
  host: string
  /** Stops accepting, closes idle keep-alive connections, force-closes the rest after a short grace period. */
  close(): Promise<void>
  server: Server
}

export const DEFAULT_PORT = 3100
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_BODY_LIMIT = 1_000_000

/** Keep-alive idle timeout advertised to clients. */
const KEEP_ALIVE_TIMEOUT_MS = 30_000
/** How long `close()` lets in-flight responses finish before cutting connections. */
const CLOSE_GRACE_MS = 1_000
/**
 * After a 413, how many further body bytes we swallow (so the client can finish
 * sending and read the 413 instead of seeing a connection reset) before we
 * just destroy the socket.
 */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024
/** ... and for how long. */
const MAX_DRAIN_MS = 5_000

const JSON_NOT_FOUND = '{"success":false,"error":"Resource not found"}'
const JSON_INTERNAL_ERROR = '{"success":false,"error":"Internal server error"}'
const JSON_TOO_LARGE = '{"success":false,"error":"Request entity too large"}'
const JSON_BAD_REQUEST = '{"success":false,"error":"Bad request"}'

function defaultOnError(error: unknown, request: Request | undefined): void {
  const where = request === undefined ? '' : ` ${request.method} ${request.url}`
  console.error(`[rocketchat-msw] request failed:${where}`, error)
}

function sendJson(res: ServerResponse, status: number, body: string, close = false): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return
  const headers: string[] = ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(body))]
  if (close) headers.push('connection', 'close')
  res.writeHead(status, headers)
  res.end(body)
}

/**
 * Answers 413 without reading the body into memory, then closes the
 * connection with a "lingering close" (as Go's net/http and Apache do): the
 * write side is half-closed once the 413 is flushed, and whatever the client
 * is still sending is read and discarded (bounded by MAX_DRAIN_BYTES and
 * MAX_DRAIN_MS) so the client gets to read the 413 instead of being hit by a
 * TCP reset mid-upload. The socket is destroyed when the client closes or a
 * bound is reached.
 */
function rejectTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as Socket & { destroySoon?: () => void }
  let drained = 0
  const timer = setTimeout(() => socket.destroy(), MAX_DRAIN_MS)
  timer.unref()
  socket.once('close', () => clearTimeout(timer))
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > MAX_DRAIN_BYTES) socket.destroy()
  })
  // node:http ends a `Connection: close` response with socket.destroySoon()
  // (end + destroy as soon as our side is flushed), which resets the peer if
  // it is still uploading. For this one socket, only half-close instead.
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.writable) this.end()
  }
  sendJson(res, 413, JSON_TOO_LARGE, true)
}

function clientErrorResponse(status: number, body: string): string {
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  )
}

function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Resets / half-closed sockets: nothing useful to say to the peer.
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
    socket.destroy()
    return
  }
  // A response is already in flight on this socket: cannot inject another one.
  const current = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage
  if (current?.headersSent) {
    socket.destroy()
    return
  }
  let status = 400
  let body = JSON_BAD_REQUEST
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    status = 431
    body = '{"success":false,"error":"Request header fields too large"}'
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408
    body = '{"success":false,"error":"Request timeout"}'
  }
  socket.end(clientErrorResponse(status, body), () => socket.destroy())
}

function formatAuthority(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

function publicHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '::1'
  return host
}

/** Starts the bridge server; resolves once it is listening. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const handle = options.handle
  const onError = options.onError ?? defaultOnError
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const host = options.host ?? DEFAULT_HOST
  const requestedPort = options.port ?? DEFAULT_PORT
  // Used when a request has no Host header (HTTP/1.0); fixed once listening.
  let fallbackAuthority = formatAuthority(publicHost(host), requestedPort)

  const direct = options.direct

  /** The direct path; false when the router does not own the request (then `handle` gets it). */
  async function answerDirect(
    routes: DirectRoutes,
    req: IncomingMessage,
    res: ServerResponse,
    href: string,
    headers: Array<[string, string]>,
    body: Buffer | undefined,
  ): Promise<boolean> {
    let url: URL
    try {
      url = new URL(href)
    } catch {
      return false // the fetch path answers an unparseable URL with its 400
    }
    const method = req.method ?? 'GET'
    if (!routes.claims(method, url)) return false
    const input = nodeInput(req, url, href, headers, body)
    let answer
    try {
      answer = await routes.answer(input)
    } catch (error) {
      onError(error, undefined)
      sendJson(res, 500, JSON_INTERNAL_ERROR)
      return true
    }
    if (answer === undefined) return false
    if (res.destroyed) {
      if (answer.kind === 'response') answer.response.body?.cancel().catch(() => {})
      return true
    }
    try {
      await writeAnswer(res, answer, method === 'HEAD', routes.headers?.(input))
    } catch (error) {
      onError(error, undefined)
      if (!res.headersSent) sendJson(res, 500, JSON_INTERNAL_ERROR)
      else res.destroy()
    }
    return true
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const head = readRequestHead(req)

    let body: Buffer | undefined
    if (method !== 'GET' && method !== 'HEAD' && (head.chunked || head.contentLength > 0)) {
      if (head.contentLength > bodyLimit) {
        rejectTooLarge(req, res)
        return
      }
      const result = await readBody(req, bodyLimit)
      if (result.kind === 'aborted') {
        res.destroy()
        return
      }
      if (result.kind === 'too-large') {
        rejectTooLarge(req, res)
        return
      }
      body = result.body
    }

    const href = requestUrl(req.url ?? '/', head.host, fallbackAuthority)
    if (direct !== undefined && (await answerDirect(direct, req, res, href, head.headers, body))) return

    let request: Request
    try {
      request = toFetchRequest(req, href, head.headers, body)
    } catch {
      // Unparseable URL (bad Host header, odd request target...).
      sendJson(res, 400, JSON_BAD_REQUEST, true)
      return
    }

    let response: Response | undefined
    try {
      response = await handle(request)
    } catch (error) {
      onError(error, request)
      sendJson(res, 500, JSON_INTERNAL_ERROR)
      return
    }

    if (res.destroyed) {
      // Client went away while the handler ran.
      response?.body?.cancel().catch(() => {})
      return
    }
    if (response === undefined) {
      sendJson(res, 404, JSON_NOT_FOUND)
      return
    }
    try {
      await writeFetchResponse(res, response, method === 'HEAD')
    } catch (error) {
      onError(error, request)
      if (!res.headersSent) sendJson(res, 500, JSON_INTERNAL_ERROR)
      else res.destroy()
    }
  }

  const server = createServer({ keepAlive: true, noDelay: true, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      // Only reachable through bugs in the bridge itself; never crash.
      onError(error, undefined)
      if (!res.headersSent) sendJson(res, 500, JSON_INTERNAL_ERROR, true)
      else res.destroy()
    })
  })
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS

  // Expect: 100-continue — refuse oversized uploads before the client sends them.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (readRequestHead(req).contentLength > bodyLimit) {
      rejectTooLarge(req, res)
      return
    }
    res.writeContinue()
    server.emit('request', req, res)
  })
  server.on('clientError', onClientError)
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    let taken = false
    try {
      taken = options.upgrade?.handleUpgrade(req, socket, head) ?? false
    } catch (error) {
      onError(error, undefined)
    }
    if (!taken) socket.end(clientErrorResponse(404, JSON_NOT_FOUND), () => socket.destroy())
  })

  await new Promise<void>((resolve, reject) => {
    const onListenError = (error: Error) => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = () => {
      server.off('error', onListenError)
      resolve()
    }
    server.once('error', onListenError)
    server.once('listening', onListening)
    server.listen(requestedPort, host)
  })
  server.on('error', (error) => onError(error, undefined))

  const port = (server.address() as AddressInfo).port
  fallbackAuthority = formatAuthority(publicHost(host), port)

  let closing: Promise<void> | undefined
  return {
    url: `http://${fallbackAuthority}`,
    port,
    host,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        options.upgrade?.close()
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
        force.unref()
        // The callback also fires (with an error) if the server was not
        // listening any more; either way we are closed.
        server.close(() => {
          clearTimeout(force)
          resolve()
        })
        server.closeIdleConnections()
      })
      return closing
    },
  }
}
