import { HttpResponse, delay } from 'msw'
import type { Controls } from './controls.js'
import type { Core } from './core.js'
import type { AnyEndpoint } from './endpoint.js'
import { ApiError, errors } from './errors.js'
import { userForToken } from './domain/users.js'
import { parseQueryString, validate } from './validation.js'
import type { User } from './db/index.js'

const HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

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
    const segments = path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? (names.push(segment.slice(1)), null) : segment))
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
    const { endpoint, method, path, routeKey, params } = route

    const started = performance.now()
    const controls = this.controls
    if (controls.latencyMs > 0) await delay(controls.latencyMs)
    const core = this.core()
    let user: User | undefined
    let response: Response
    const fault = controls.takeFault(routeKey)
    if (fault?.status === 'network') {
      controls.record({ method, endpoint: path, status: 'network', durationMs: performance.now() - started, at: core.now().toISOString() })
      return HttpResponse.error()
    }
    try {
      if (fault) throw new ApiError(fault.status, (fault.body as never) ?? faultBody(fault.status))
      const userId = request.headers.get('x-user-id')
      const token = request.headers.get('x-auth-token')
      if (userId && token) user = userForToken(core, userId, token)
      this.#rateLimit(core, routeKey, user, request)
      if (endpoint.auth && !user) throw errors.notLoggedIn()
      if (endpoint.permissions && user) {
        for (const permission of endpoint.permissions) if (!core.hasPermission(user, permission)) throw errors.permissionRequired()
      }
      const legacy = endpoint.legacyValidation === true
      const query = endpoint.query ? validate(endpoint.query, parseQueryString(url.searchParams), 'query', legacy) : {}
      const body = endpoint.body ? validate(endpoint.body, await readBody(request), 'body', legacy) : {}
      let result = endpoint.handle({ core, user: user as User, authToken: token ?? undefined, query, body, params, origin: url.origin, request })
      if (result instanceof Promise) result = await result
      response = result instanceof Response ? result : HttpResponse.json({ ...result, success: true }, { headers: HEADERS })
    } catch (error) {
      response = toErrorResponse(error)
    } finally {
      // Whatever this request wrote, the next write is stamped after it.
      core.stamps.settle()
    }
    controls.record({
      method,
      endpoint: path,
      status: response.status,
      durationMs: performance.now() - started,
      at: core.now().toISOString(),
      userId: user?._id,
    })
    return response
  }

  /** `API_Enable_Rate_Limiter`: N calls per window per route and caller; admins/bots bypass. */
  #rateLimit(core: Core, routeKey: string, user: User | undefined, request: Request): void {
    if (!core.setting('API_Enable_Rate_Limiter')) return
    if (user && core.hasPermission(user, 'api-bypass-rate-limit')) return
    const limit = core.setting('API_Enable_Rate_Limiter_Limit_Calls_Default')
    const windowMs = core.setting('API_Enable_Rate_Limiter_Limit_Time_Default')
    const caller = user?._id ?? request.headers.get('x-forwarded-for') ?? 'anonymous'
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

function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return HttpResponse.json(error.body, { status: error.status, headers: HEADERS })
  // A bug in the mock, never a client's fault: make it loud rather than pretend it was a 400.
  console.error('[rocketchat-msw] unexpected error', error)
  return HttpResponse.json({ success: false, error: 'Internal server error' }, { status: 500, headers: HEADERS })
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
async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? ''
  let text: string
  try {
    text = await request.text()
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
