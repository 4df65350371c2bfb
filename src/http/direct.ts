/**
 * The direct HTTP path (decisions/0010): requests the mock's router owns go from node:http
 * straight to `Router.answer` — the same endpoint definitions, auth, validation, envelopes,
 * faults and log as every other mode — without msw's handler matching and without a fetch
 * `Request`/`Response` pair per request. The JSON text is written to the socket as it is, with
 * the header block computed once per status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpResponse } from 'msw'
import type { RouterAnswer, RouterInput } from '../router.js'
import { toFetchRequest, writeFetchResponse } from './bridge.js'

/** What the server needs of a mock for the direct path (`mock.direct`). */
export interface DirectRoutes {
  /** Whether the router answers this request (the mock's MSW predicate, without a `Request`). */
  claims(method: string, url: URL): boolean
  answer(input: RouterInput): Promise<RouterAnswer | undefined>
  /** Headers added to every direct answer (the CLI's CORS headers), or undefined. */
  headers?(input: RouterInput): Record<string, string> | undefined
}

// Bodies are decoded as `Request.text()` does (UTF-8, a leading BOM dropped, bad bytes replaced).
const utf8 = new TextDecoder()

/** A `RouterInput` over a node request whose body has been read. */
export function nodeInput(req: IncomingMessage, url: URL, href: string, headers: Array<[string, string]>, body: Buffer | undefined): RouterInput {
  const method = req.method ?? 'GET'
  return {
    method,
    url,
    header: (name) => headerValue(req.rawHeaders, name),
    text: async () => (body === undefined || method === 'GET' || method === 'HEAD' ? '' : utf8.decode(body)),
    request: () => toFetchRequest(req, href, headers, body),
  }
}

/** `Headers.get` over `rawHeaders`: every value of the name joined by ", " (null when absent). */
function headerValue(raw: string[], name: string): string | null {
  let value: string | null = null
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!
    if (key.length === name.length && key.toLowerCase() === name) value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`
  }
  return value
}

/** The status line text the MSW path sends (msw's table, which differs from node's for a few codes). */
const statusTexts = new Map<number, string>()
function statusText(status: number): string {
  let text = statusTexts.get(status)
  if (text === undefined) statusTexts.set(status, (text = new HttpResponse(null, { status }).statusText))
  return text
}

/**
 * Write a router answer. JSON: one `writeHead` with the precomputed pairs plus the length, one
 * `end(text)` (node encodes the string into the socket write; no Buffer of the body is made here).
 * A handler's own `Response` goes through the fetch bridge; a network fault cuts the connection.
 */
export async function writeAnswer(res: ServerResponse, answer: RouterAnswer, isHead: boolean, extra?: Record<string, string>): Promise<void> {
  if (answer.kind === 'network-error') {
    res.destroy()
    return
  }
  if (answer.kind === 'response') {
    let response = answer.response
    if (extra) {
      try {
        for (const [name, value] of Object.entries(extra)) response.headers.set(name, value)
      } catch {
        // Immutable headers (a fetched response): copy it.
        response = new Response(response.body, response)
        for (const [name, value] of Object.entries(extra)) response.headers.set(name, value)
      }
    }
    await writeFetchResponse(res, response, isHead)
    return
  }
  // The MSW path's header set, in the order its `Headers` iterate (sorted by name).
  const pairs = [
    'cache-control',
    'no-store',
    'content-length',
    String(Buffer.byteLength(answer.body)),
    'content-type',
    'application/json',
    'pragma',
    'no-cache',
  ]
  if (extra) for (const [name, value] of Object.entries(extra)) pairs.push(name.toLowerCase(), value)
  res.writeHead(answer.status, statusText(answer.status) || undefined, pairs)
  if (isHead) res.end()
  else res.end(answer.body)
}
