import { HttpResponse, delay } from 'msw'
import type { Controls } from './controls.js'
import type { Core } from './core.js'
import type { AnyEndpoint, EndpointContext } from './endpoint.js'
import { ApiError, errors } from './errors.js'
import { userForToken } from './domain/users.js'
import { parseQueryString, validate } from './validation.js'
import type { User } from './db/index.js'

/** The headers of every JSON answer besides its length (the server's `no-store` pair). */
export const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const

/** A request as the router reads it, whatever carried it (a fetch `Request`, node:http). */
export interface RouterInput {
  method: string
  url: URL
  /** A header value (name in lower case), or null. */
  header(name: string): string | null
  /** The whole body as text ('' when there is none). */
  text(): Promise<string>
  /** The request as a fetch `Request` (built on demand by the direct path). */
  request(): Request
}

/** What the router answers: an envelope as JSON text, a handler's own `Response`, or a network error. */
export type RouterAnswer = { kind: 'json'; status: number; body: string } | { kind: 'response'; response: Response } | { kind: 'network-error' }

const NETWORK_ERROR: RouterAnswer = { kind: 'network-error' }

function fetchInput(request: Request, url: URL): RouterInput {
  return {
    method: request.method,
    url,
    header: (name) => request.headers.get(name),
    text: () => request.text(),
    request: () => request,
  }
}

/** `{...payload, success: true}` as JSON text. */
function envelope(payload: Record<string, unknown>): string {
  return JSON.stringify({ ...payload, success: true })
}

/** The MSW path's `Response`: what `HttpResponse.json` built before (same headers, same length). */
function toResponse(answer: RouterAnswer): Response {
  if (answer.kind === 'response') return answer.response
  if (answer.kind === 'network-error') return HttpResponse.error()
  const headers = new Headers(JSON_HEADERS)
  headers.set('Content-Length', String(new Blob([answer.body]).size))
  return new HttpResponse(answer.body, { status: answer.status, headers })
}

/**
 * The one place every request goes through, in the server's order: route lookup, injected
 * fault, rate limit, authentication (401 before any validation), permission gate (403), query
 * then body validation, the endpoint's action, the envelope, error mapping, latency, the log.
 */
interface RouteMatch {
  endpoint: AnyEndpoint
  method: string
  path: string
  /** `METHOD /declared/path` (with `:rid`, not the caller's value): faults, rate limits and the log key on it. */
  routeKey: string
  params: Record<string, string>
}

/** A declared path with `:name` segments, split once. */
interface PatternRoute {
  endpoint: AnyEndpoint
  routeKey: string
  /** Literal segments as written; `null` where a parameter goes. */
  segments: Array<string | null>
  names: string[]
  /** The literal text before the first parameter: a cheap first test. */
  prefix: string
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>

export class Router {
  readonly #routes = new Map<string, AnyEndpoint>()
  /** Every `METHOD /path` as declared (exact and parameterised). */
  readonly #declared = new Set<string>()
  /** Routes with path parameters, by method; only tried when the exact lookup misses. */
  readonly #patterns = new Map<string, PatternRoute[]>()
  readonly #rate = new Map<string, { start: number; calls: number }>()
  #rateSwept = -Infinity

  constructor(
    private readonly core: () => Core,
    private readonly controls: Controls,
    endpoints: readonly AnyEndpoint[],
    private readonly basePath = '',
  ) {
    for (const endpoint of endpoints) {
      for (const path of endpoint.paths) {
        const key = `${endpoint.method} ${path}`
        if (this.#declared.has(key)) throw new Error(`Endpoint registered twice: ${key}`)
        this.#declared.add(key)
        if (path.includes('/:')) this.#addPattern(endpoint, path, key)
        else this.#routes.set(key, endpoint)
      }
    }
  }

  /** Every registered `METHOD /api/...`. */
  routes(): string[] {
    return [...this.#declared]
  }

  /** Whether a request is one of ours (the MSW predicate: anything else stays unhandled). */
  matches(request: Request): boolean {
    return this.#route(new URL(request.url), request.method) !== undefined
  }

  #addPattern(endpoint: AnyEndpoint, path: string, routeKey: string): void {
    const names: string[] = []
    const segments = path.split('/').map((segment) => (segment.startsWith(':') ? (names.push(segment.slice(1)), null) : segment))
    const list = this.#patterns.get(endpoint.method) ?? []
    list.push({ endpoint, routeKey, segments, names, prefix: path.slice(0, path.indexOf('/:') + 1) })
    this.#patterns.set(endpoint.method, list)
  }

  #route(url: URL, rawMethod: string): RouteMatch | undefined {
    let path = url.pathname
    if (this.basePath) {
      if (!path.startsWith(this.basePath)) return undefined
      path = path.slice(this.basePath.length)
    }
    const method = rawMethod === 'HEAD' ? 'GET' : rawMethod
    const routeKey = `${method} ${path}`
    const endpoint = this.#routes.get(routeKey)
    if (endpoint) return { endpoint, method, path, routeKey, params: NO_PARAMS }
    const patterns = this.#patterns.get(method)
    return patterns && matchPattern(patterns, method, path)
  }

  /** Answer a request, or `undefined` when it is not one of ours (MSW then tries other handlers). */
  async handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url)
    const route = this.#route(url, request.method)
    if (!route) return undefined
    const answer = await this.#answer(route, url, fetchInput(request, url))
    return toResponse(answer)
  }

  /**
   * The direct path (the standalone server, decisions/0010): the same pipeline as `handle`,
   * fed by a transport-neutral request and answering a JSON string instead of a `Response`, so
   * node:http can write it without building a `Request`/`Response` pair per request.
   */
  async answer(input: RouterInput): Promise<RouterAnswer | undefined> {
    const route = this.#route(input.url, input.method)
    if (!route) return undefined
    return this.#answer(route, input.url, input)
  }

  /** Whether `answer` takes this request (the direct path's claim). */
  claims(url: URL, method: string): boolean {
    return this.#route(url, method) !== undefined
  }

  async #answer(route: RouteMatch, url: URL, input: RouterInput): Promise<RouterAnswer> {
    const { endpoint, method, path, routeKey, params } = route
    const started = performance.now()
    const controls = this.controls
    if (controls.latencyMs > 0) await delay(controls.latencyMs)
    const core = this.core()
    let user: User | undefined
    let answer: RouterAnswer
    const fault = controls.takeFault(routeKey)
    if (fault?.status === 'network') {
      controls.record({ method, endpoint: path, status: 'network', durationMs: performance.now() - started, at: core.now().toISOString() })
      return NETWORK_ERROR
    }
    try {
      if (fault) throw new ApiError(fault.status, (fault.body as never) ?? faultBody(fault.status))
      const userId = input.header('x-user-id')
      const token = input.header('x-auth-token')
      if (userId && token) user = userForToken(core, userId, token)
      this.#rateLimit(core, routeKey, user, input)
      if (endpoint.auth && !user) throw errors.notLoggedIn()
      if (endpoint.permissions && user) {
        for (const permission of endpoint.permissions) if (!core.hasPermission(user, permission)) throw errors.permissionRequired()
      }
      const legacy = endpoint.legacyValidation === true
      const query = endpoint.query ? validate(endpoint.query, parseQueryString(url.searchParams), 'query', legacy) : {}
      const body = endpoint.body ? validate(endpoint.body, await readBody(input), 'body', legacy) : {}
      const context = { core, user: user as User, authToken: token ?? undefined, query, body, params, origin: url.origin } as EndpointContext<unknown, unknown>
      // Built only for a handler that reads the raw request (uploads); the direct path makes it then.
      Object.defineProperty(context, 'request', { get: () => input.request(), enumerable: true })
      let result = endpoint.handle(context)
      if (result instanceof Promise) result = await result
      answer = result instanceof Response ? { kind: 'response', response: result } : { kind: 'json', status: 200, body: envelope(result) }
    } catch (error) {
      answer = toErrorAnswer(error)
    } finally {
      // Whatever this request wrote, the next write is stamped after it.
      core.stamps.settle()
    }
    controls.record({
      method,
      endpoint: path,
      status: answer.kind === 'json' ? answer.status : answer.kind === 'response' ? answer.response.status : 'network',
      durationMs: performance.now() - started,
      at: core.now().toISOString(),
      userId: user?._id,
    })
    return answer
  }

  /** `API_Enable_Rate_Limiter`: N calls per window per route and caller; admins/bots bypass. */
  #rateLimit(core: Core, routeKey: string, user: User | undefined, input: RouterInput): void {
    if (!core.setting('API_Enable_Rate_Limiter')) return
    if (user && core.hasPermission(user, 'api-bypass-rate-limit')) return
    const limit = core.setting('API_Enable_Rate_Limiter_Limit_Calls_Default')
    const windowMs = core.setting('API_Enable_Rate_Limiter_Limit_Time_Default')
    const caller = user?._id ?? input.header('x-forwarded-for') ?? 'anonymous'
    const key = `${routeKey}|${caller}`
    const now = core.clock.now()
    // Once per window, forget the callers whose window has passed: the map stays as large as the
    // callers of one window (20k distinct `X-Forwarded-For` once kept +8.5 MB for good).
    if (Math.abs(now - this.#rateSwept) >= windowMs) {
      for (const [k, e] of this.#rate) if (Math.abs(now - e.start) >= windowMs) this.#rate.delete(k)
      this.#rateSwept = now
    }
    let entry = this.#rate.get(key)
    if (!entry || now - entry.start >= windowMs) this.#rate.set(key, (entry = { start: now, calls: 0 }))
    entry.calls += 1
    if (entry.calls > limit) throw errors.tooManyRequests(Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000)))
  }

  resetRateLimits(): void {
    this.#rate.clear()
    this.#rateSwept = -Infinity
  }
}

/**
 * Segment-by-segment match of `/api/v1/rooms.media/abc` against `/api/v1/rooms.media/:rid`
 * (hand-written: a dozen lines, and the exact-path Map above stays the fast path). A parameter
 * matches one non-empty segment, percent-decoded as the server's router does.
 */
function matchPattern(patterns: readonly PatternRoute[], method: string, path: string): RouteMatch | undefined {
  let parts: string[] | undefined
  outer: for (const pattern of patterns) {
    if (!path.startsWith(pattern.prefix)) continue
    parts ??= path.split('/')
    const segments = pattern.segments
    if (segments.length !== parts.length) continue
    let params: Record<string, string> | undefined
    let n = 0
    for (let i = 0; i < parts.length; i++) {
      const literal = segments[i]
      const part = parts[i]!
      if (literal !== null) {
        if (literal !== part) continue outer
        continue
      }
      const value = safeDecode(part)
      if (value === undefined || value === '') continue outer
      ;(params ??= {})[pattern.names[n++]!] = value
    }
    return { endpoint: pattern.endpoint, method, path, routeKey: pattern.routeKey, params: params ?? NO_PARAMS }
  }
  return undefined
}

function safeDecode(part: string): string | undefined {
  if (!part.includes('%')) return part
  try {
    return decodeURIComponent(part)
  } catch {
    return undefined
  }
}

function toErrorAnswer(error: unknown): RouterAnswer {
  if (error instanceof ApiError) return { kind: 'json', status: error.status, body: JSON.stringify(error.body) }
  // A bug in the mock, never a client's fault: make it loud rather than pretend it was a 400.
  console.error('[rocketchat-msw] unexpected error', error)
  return { kind: 'json', status: 500, body: '{"success":false,"error":"Internal server error"}' }
}

function faultBody(status: number): { success: false } & Record<string, unknown> {
  if (status === 401) return errors.notLoggedIn().body
  if (status === 429) return errors.tooManyRequests(60).body
  if (status === 403) return ApiError.forbidden().body
  if (status >= 500) return { success: false, error: 'Internal server error' }
  return { success: false, error: `Injected fault ${status}` }
}

/**
 * Body parsing as the server does it: JSON, or url-encoded form fields; anything unparseable
 * becomes `{}` (and then fails validation with the usual messages). So does JSON nested deeper
 * than MongoDB stores (100 levels): the server could never save it, and the mock, which keeps
 * unknown message keys as sent, would fail to serialise it on every later read of the room.
 */
async function readBody(input: RouterInput): Promise<unknown> {
  const type = input.header('content-type') ?? ''
  let text: string
  try {
    text = await input.text()
  } catch {
    return {}
  }
  if (text === '') return {}
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text))
  if (!type.includes('json')) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && !nestedDeeperThan(parsed, MAX_BODY_DEPTH) ? parsed : {}
  } catch {
    return {}
  }
}

/** MongoDB's limit on nested documents and arrays ("no more than 100 levels of nesting"). */
const MAX_BODY_DEPTH = 100

/** Whether objects/arrays nest deeper than `max` levels (the value itself is level 1); iterative. */
function nestedDeeperThan(value: object, max: number): boolean {
  const stack: Array<{ node: object; depth: number }> = [{ node: value, depth: 1 }]
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.depth > max) return true
    for (const child of Object.values(item.node)) if (child !== null && typeof child === 'object') stack.push({ node: child, depth: item.depth + 1 })
  }
  return false
}
