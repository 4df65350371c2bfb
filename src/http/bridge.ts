/**
 * node:http <-> WHATWG fetch conversion helpers used by the standalone server.
 *
 * Deliberately small and allocation-conscious: the request URL is assembled
 * with one string concatenation (the `Request` constructor parses it once),
 * headers are copied straight from `rawHeaders` (keeps duplicates and the
 * client's casing-insensitive order), and responses that declare a
 * `Content-Length` (everything built with `HttpResponse.json/text/...`) are
 * written with a single `end(buffer)` call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Parsed facts about the request's framing, gathered while copying headers. */
export interface RequestHeadInfo {
  /** Header pairs ready for `new Headers(...)` / `new Request(..., { headers })`. */
  headers: Array<[string, string]>
  /** Declared `Content-Length`, or `-1` when absent/invalid. */
  contentLength: number
  /** True when the request carries `Transfer-Encoding` (i.e. a chunked body). */
  chunked: boolean
  /** The first `Host` header, if any. */
  host: string | undefined
}

/**
 * Copies `req.rawHeaders` into `[name, value]` pairs and notes
 * `Content-Length` / `Transfer-Encoding` on the way (avoids materialising
 * `req.headers`, which Node builds lazily).
 */
export function readRequestHead(req: IncomingMessage): RequestHeadInfo {
  const raw = req.rawHeaders
  const headers: Array<[string, string]> = new Array(raw.length >> 1)
  let contentLength = -1
  let chunked = false
  let host: string | undefined
  for (let i = 0, j = 0; i < raw.length; i += 2, j++) {
    const name = raw[i] as string
    const value = raw[i + 1] as string
    headers[j] = [name, value]
    const len = name.length
    if (len === 4) {
      if (host === undefined && name.toLowerCase() === 'host') host = value
    } else if (len === 14 && name.toLowerCase() === 'content-length') {
      const n = Number(value)
      contentLength = Number.isSafeInteger(n) && n >= 0 ? n : -1
    } else if (len === 17 && name.toLowerCase() === 'transfer-encoding') {
      chunked = true
    }
  }
  return { headers, contentLength, chunked, host }
}

/** Outcome of reading a request body with a byte limit. */
export type BodyReadResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' }

/**
 * Reads the whole request body into one Buffer, giving up as soon as more
 * than `limit` bytes have arrived. On `too-large` the stream is left flowing
 * with no listeners collecting data (the caller decides how to drain it).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    let chunks: Buffer[] | undefined
    let first: Buffer | undefined
    let total = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onAbort)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > limit) {
        cleanup()
        first = undefined
        chunks = undefined
        resolve({ kind: 'too-large' })
        return
      }
      if (first === undefined) first = chunk
      else (chunks ??= [first]).push(chunk)
    }
    const onEnd = () => {
      cleanup()
      const body = chunks !== undefined ? Buffer.concat(chunks, total) : (first ?? Buffer.alloc(0))
      resolve({ kind: 'ok', body })
    }
    const onAbort = () => {
      cleanup()
      resolve({ kind: 'aborted' })
    }
    const onClose = () => {
      // 'close' before 'end' means the client went away mid-body.
      if (!req.complete) onAbort()
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onAbort)
    req.on('close', onClose)
  })
}

/**
 * Builds the absolute URL for a request target: `http://<Host header or
 * fallbackAuthority><target>`. Absolute-form request targets (proxy style) are used as-is.
 */
export function requestUrl(target: string, host: string | undefined, fallbackAuthority: string): string {
  if (target.charCodeAt(0) === 47 /* '/' */) {
    return `http://${host !== undefined && host !== '' ? host : fallbackAuthority}${target}`
  }
  // absolute-form (`GET http://example.com/x HTTP/1.1`) or something odd that
  // the Request constructor will reject (-> 400).
  return target
}

/** Converts an incoming node request (plus its already-read body) into a `Request`. */
export function toFetchRequest(req: IncomingMessage, url: string, headers: Array<[string, string]>, body: Buffer | undefined): Request {
  const method = req.method ?? 'GET'
  if (body === undefined || method === 'GET' || method === 'HEAD') {
    return new Request(url, { method, headers })
  }
  // Socket buffers are never backed by a SharedArrayBuffer.
  return new Request(url, { method, headers, body: body as Uint8Array<ArrayBuffer> })
}

function noop(): void {}

/** Resolves when the response can take more data, or when it has closed. */
function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/**
 * Flattens response headers into the `[k, v, k, v, ...]` form `writeHead`
 * accepts (keeps every Set-Cookie). With `contentLength`, any Content-Length
 * the handler set is replaced by the real byte count, so a wrong value cannot
 * hang the client.
 */
export function flattenHeaders(headers: Headers, contentLength?: number): string[] {
  const out: string[] = []
  for (const [name, value] of headers) {
    if (contentLength !== undefined && name === 'content-length') out.push(name, String(contentLength))
    else out.push(name, value)
  }
  return out
}

/**
 * Writes a fetch `Response` to a node `ServerResponse`.
 *
 * - `Response.error()` (type "error") is treated as a network error: the
 *   socket is destroyed, like MSW does for intercepted requests.
 * - Responses with `Content-Length` (and responses to HEAD, 204, 304) are
 *   written in one go; everything else is streamed chunk by chunk with
 *   backpressure, headers flushed first (Server-Sent Events work).
 * - A client disconnect cancels the response body stream.
 */
export async function writeFetchResponse(res: ServerResponse, response: Response, isHead: boolean): Promise<void> {
  if (response.type === 'error') {
    res.destroy()
    return
  }
  const status = response.status
  const statusMessage = response.statusText === '' ? undefined : response.statusText
  const body = response.body

  if (body === null || isHead || status === 204 || status === 304) {
    if (body !== null) body.cancel().catch(noop)
    res.writeHead(status, statusMessage, flattenHeaders(response.headers))
    res.end()
    return
  }

  if (response.headers.has('content-length')) {
    const buffer = Buffer.from(await response.arrayBuffer())
    if (res.destroyed) return
    res.writeHead(status, statusMessage, flattenHeaders(response.headers, buffer.byteLength))
    res.end(buffer)
    return
  }

  // Unknown length: stream it (chunked transfer encoding).
  res.writeHead(status, statusMessage, flattenHeaders(response.headers))
  res.flushHeaders()
  const reader = body.getReader()
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(noop)
  }
  res.once('close', onClose)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) {
        reader.cancel().catch(noop)
        return
      }
      if (!res.write(value)) await waitForDrain(res)
    }
    if (!res.destroyed) res.end()
  } catch (error) {
    // Headers are already out; the only honest signal left is a cut connection.
    res.destroy()
    throw error
  } finally {
    res.off('close', onClose)
  }
}
