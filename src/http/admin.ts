import { z } from 'zod'
import type { RocketChatMock } from '../mock.js'
import { scenarios } from '../../seeds/index.js'
import { SERVER_DEFAULTS } from '../settings.js'

/** Where the admin API lives: outside `/api`, so no Rocket.Chat route can collide with it. */
export const ADMIN_PREFIX = '/__admin'

type Handle = (request: Request) => Promise<Response | undefined>

/** A switch another part of the mock may provide (`mock.activity.start/stop`): simulated traffic. */
interface ActivitySwitch {
  start(options?: Record<string, unknown>): unknown
  stop(): unknown
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

/**
 * A setting the mock knows keeps the JSON type of its default (a boolean stays a boolean, a
 * size a number, a list a string), so no admin call can put a value in that the endpoints
 * reading it cannot handle. Unknown settings take any JSON value.
 */
function checkSettingType(id: string, value: unknown): void {
  if (!Object.hasOwn(SERVER_DEFAULTS, id)) return
  const expected = jsonType(SERVER_DEFAULTS[id as keyof typeof SERVER_DEFAULTS])
  const actual = jsonType(value)
  if (expected !== actual) throw new AdminError(400, `${id}: must be ${expected === 'array' ? 'an array' : `a ${expected}`}, got ${actual}`)
  if (expected === 'number' && !Number.isFinite(value)) throw new AdminError(400, `${id}: must be a finite number`)
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } })

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new AdminError(400, 'The body must be JSON')
  }
}

/** Zod's first issue as `field: message` (the admin API's 400 text). */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const where = issue.path.length ? issue.path.join('.') : 'body'
  throw new AdminError(400, `${where}: ${issue.message}`)
}

/** ±8.64e15 ms is the range a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15
const instant = z.union([z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date'), z.number().int().min(-MAX_DATE_MS).max(MAX_DATE_MS)])
const reseedBody = z.strictObject({
  seed: z.number().int().nonnegative().optional(),
  scenario: z.enum(Object.keys(scenarios) as [string, ...string[]]).optional(),
})
const clockBody = z
  .strictObject({
    set: instant.optional(),
    // A century either way: beyond that the clock would leave the range a Date can hold.
    advance: z.number().int().min(-3.2e12).max(3.2e12).optional(),
    wall: z.literal(true).optional(),
    resume: z.literal(true).optional(),
  })
  .refine((b) => Object.keys(b).length === 1, 'give exactly one of set, advance, wall, resume')
const latencyBody = z.strictObject({ ms: z.number().int().nonnegative().max(60_000) })
const faultBody = z.strictObject({
  endpoint: z.string().regex(/^(\*|(GET|POST|PUT|DELETE) \/\S+)$/, 'must be "*" or "METHOD /path", e.g. "GET /api/v1/me"'),
  status: z.union([z.number().int().min(100).max(599), z.literal('network')]),
  times: z.union([z.number().int().positive(), z.literal('always')]).optional(),
  body: z.record(z.string(), z.unknown()).optional(),
})
const settingsBody = z.record(z.string().min(1), z.unknown())
const settingBody = z.strictObject({ value: z.unknown().refine((v) => v !== undefined, 'is required') })
const permissionBody = z.strictObject({ roles: z.array(z.string().min(1)) })
const loginBody = z.strictObject({ username: z.string().min(1) })
const activityBody = z.looseObject({ action: z.enum(['start', 'stop']) })

interface Route {
  method: string
  /** Path after the prefix; `:id` takes one segment. */
  path: string
  run: (ctx: { request: Request; params: Record<string, string> }) => Promise<unknown> | unknown
}

/**
 * The in-process `mock.*` controls over HTTP, for test suites that drive the standalone server
 * from another language or process: reset/reseed, clock, latency, faults, settings, permissions,
 * the request log, snapshot/restore and "log in as". Bad input is a 400 `{ success: false, error }`
 * naming the field; an unknown admin route a 404, a known one with another method a 405.
 */
export function createAdminApi(mock: RocketChatMock, options: { prefix?: string } = {}): Handle {
  const prefix = options.prefix ?? ADMIN_PREFIX
  const activity = () => (mock as RocketChatMock & { activity?: ActivitySwitch }).activity
  const state = () => ({ seed: mock.seed, scenario: mock.scenario })
  const clockState = () => ({ now: mock.clock.date().toISOString(), frozen: mock.clock.frozen })
  // `remaining: Infinity` has no JSON form: such a fault reads `"always"`.
  const faults = () => mock.controls.faults.map((f) => ({ ...f, remaining: f.remaining === Infinity ? 'always' : f.remaining }))

  const routes: Route[] = [
    { method: 'GET', path: '', run: () => ({ ...state(), routes: routes.map((r) => `${r.method} ${prefix}${r.path}`) }) },
    { method: 'POST', path: '/reset', run: () => (mock.reset(), state()) },
    {
      method: 'POST',
      path: '/reseed',
      run: async ({ request }) => {
        const body = parse(reseedBody, await readJson(request))
        mock.reseed(body as Parameters<RocketChatMock['reseed']>[0])
        return state()
      },
    },
    { method: 'GET', path: '/clock', run: clockState },
    {
      method: 'POST',
      path: '/clock',
      run: async ({ request }) => {
        const body = parse(clockBody, await readJson(request))
        if (body.set !== undefined) mock.clock.set(body.set)
        else if (body.advance !== undefined) mock.clock.advance(body.advance)
        else if (body.wall) mock.clock.useWallClock()
        else mock.clock.resume()
        return clockState()
      },
    },
    { method: 'GET', path: '/latency', run: () => ({ ms: mock.controls.latencyMs }) },
    {
      method: 'PUT',
      path: '/latency',
      run: async ({ request }) => {
        mock.controls.latencyMs = parse(latencyBody, await readJson(request)).ms
        return { ms: mock.controls.latencyMs }
      },
    },
    { method: 'GET', path: '/faults', run: () => ({ faults: faults() }) },
    {
      method: 'POST',
      path: '/faults',
      run: async ({ request }) => {
        const body = parse(faultBody, await readJson(request))
        mock.controls.injectFault({
          endpoint: body.endpoint,
          status: body.status,
          times: body.times === 'always' ? Infinity : (body.times ?? 1),
          ...(body.body ? { body: body.body } : {}),
        })
        return { faults: faults() }
      },
    },
    { method: 'DELETE', path: '/faults', run: () => (mock.controls.clearFaults(), { faults: [] }) },
    { method: 'GET', path: '/settings', run: () => ({ settings: Object.fromEntries(mock.db.settings.all().map((s) => [s._id, s.value])) }) },
    {
      method: 'GET',
      path: '/settings/:id',
      run: ({ params }) => {
        const setting = mock.db.settings.get(params.id!)
        if (!setting) throw new AdminError(404, `No setting "${params.id}"`)
        return { _id: setting._id, value: setting.value }
      },
    },
    {
      method: 'PUT',
      path: '/settings',
      run: async ({ request }) => {
        const body = parse(settingsBody, await readJson(request))
        // Check all before changing any: a refused call changes nothing.
        for (const [id, value] of Object.entries(body)) checkSettingType(id, value)
        for (const [id, value] of Object.entries(body)) mock.setSetting(id, value)
        return { settings: Object.fromEntries(Object.keys(body).map((id) => [id, mock.db.settings.get(id)?.value])) }
      },
    },
    {
      method: 'PUT',
      path: '/settings/:id',
      run: async ({ request, params }) => {
        const { value } = parse(settingBody, await readJson(request))
        checkSettingType(params.id!, value)
        mock.setSetting(params.id!, value)
        return { _id: params.id, value }
      },
    },
    { method: 'GET', path: '/permissions', run: () => ({ permissions: Object.fromEntries(mock.db.permissions.all().map((p) => [p._id, p.roles])) }) },
    {
      method: 'PUT',
      path: '/permissions/:id',
      run: async ({ request, params }) => {
        const { roles } = parse(permissionBody, await readJson(request))
        mock.setPermission(params.id!, roles)
        return { _id: params.id, roles }
      },
    },
    { method: 'GET', path: '/requests', run: () => ({ requests: mock.controls.log() }) },
    { method: 'DELETE', path: '/requests', run: () => (mock.controls.clearLog(), { requests: [] }) },
    { method: 'GET', path: '/snapshot', run: () => mock.snapshot() },
    {
      method: 'PUT',
      path: '/snapshot',
      run: async ({ request }) => {
        const body = await readJson(request)
        try {
          mock.restore(body)
        } catch (error) {
          throw new AdminError(400, `Snapshot refused: ${(error as Error).message}`)
        }
        return state()
      },
    },
    {
      method: 'POST',
      path: '/login',
      run: async ({ request }) => {
        const { username } = parse(loginBody, await readJson(request))
        try {
          return mock.login(username)
        } catch {
          throw new AdminError(404, `No user "${username}"`)
        }
      },
    },
    {
      method: 'POST',
      path: '/activity',
      run: async ({ request }) => {
        const { action, ...rest } = parse(activityBody, await readJson(request))
        const sw = activity()
        if (!sw) throw new AdminError(501, 'This mock has no activity switch')
        try {
          return { action, result: (action === 'start' ? sw.start(rest) : sw.stop()) ?? null }
        } catch (error) {
          // `start` refuses bad options (unknown rooms or personas, everyMs < 10) with a sentence.
          if (error instanceof RangeError || error instanceof TypeError) throw new AdminError(400, error.message)
          throw error
        }
      },
    },
  ]

  const compiled = routes.map((route) => ({ route, parts: route.path.split('/') }))

  function find(path: string, method: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    const parts = path.split('/')
    let other = false
    for (const { route, parts: pattern } of compiled) {
      if (pattern.length !== parts.length) continue
      const params: Record<string, string> = {}
      const ok = pattern.every((segment, i) => {
        if (segment.startsWith(':')) return parts[i] !== '' && ((params[segment.slice(1)] = decodeURIComponent(parts[i]!)), true)
        return segment === parts[i]
      })
      if (!ok) continue
      if (route.method === method) return { route, params }
      other = true
    }
    return other ? 'method' : undefined
  }

  return async (request) => {
    const url = new URL(request.url)
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined
    const path = url.pathname.slice(prefix.length).replace(/\/$/, '')
    const method = request.method === 'HEAD' ? 'GET' : request.method
    try {
      const found = find(path, method)
      if (found === undefined) throw new AdminError(404, `Unknown admin route ${method} ${url.pathname}`)
      if (found === 'method') throw new AdminError(405, `${method} is not allowed on ${url.pathname}`)
      const result = await found.route.run({ request, params: found.params })
      return json({ ...(result as object), success: true })
    } catch (error) {
      if (error instanceof AdminError) return json({ success: false, error: error.message }, error.status)
      if (error instanceof URIError) return json({ success: false, error: 'Malformed path' }, 400)
      throw error
    }
  }
}
