import { http, type RequestHandler, type WebSocketHandler } from 'msw'
import { Activity } from './activity.js'
import { Clock } from './clock.js'
import { Controls } from './controls.js'
import { Core } from './core.js'
import type { Db } from './db/index.js'
import { readRoom } from './domain/read.js'
import { issueLoginToken } from './domain/users.js'
import { DdpServer } from './realtime/server.js'
import { realtimeHandlers } from './realtime/transports/msw.js'
import { Router } from './router.js'
import type { DirectRoutes } from './http/direct.js'
import { DEFAULT_SEED_DATE, type ScenarioOptions } from './scenario.js'
import { applyTemplate, keepTemplate, templateFor } from './seed-template.js'
import { newestStamp, restoreSnapshot, takeSnapshot, type MockSnapshot } from './snapshot.js'
import { SERVER_DEFAULTS, WORKSPACE_OVERRIDES } from './settings.js'
import { SERVER_PERMISSIONS, WORKSPACE_PERMISSION_OVERRIDES } from './permissions.js'
import { endpoints } from '../handlers/index.js'
import { scenarios, type ScenarioName } from '../seeds/index.js'

export interface RocketChatMockOptions extends ScenarioOptions {
  /** Seed of every random choice: the same seed gives identical data. Default 42. */
  seed?: number
  /** `default` (personas, GENERAL, DMs, history), `empty` (personas and GENERAL only), `large`. */
  scenario?: ScenarioName
  /** Match only this origin (and path prefix); omitted, handlers match `/api/...` on any origin. */
  baseUrl?: string
  /** Workspace settings over the demo workspace's (`{ Message_AllowEditing: false }`). */
  settings?: Record<string, unknown>
  /** Permission → roles over the defaults (`{ 'pin-message': ['admin', 'user'] }`). */
  permissions?: Record<string, string[]>
  /** Freeze the clock at this instant after seeding (default: follow the wall clock). */
  now?: string | Date | number
  /** Realtime (DDP) options: the idle time before the server pings (default 15 000 ms, as Meteor). */
  realtime?: { heartbeatMs?: number }
}

/** The public face of one mock instance. */
export interface RocketChatMock {
  /**
   * MSW handlers for every endpoint: the HTTP routes and the realtime WebSocket (`/websocket`).
   * Pass them to `setupServer` / `setupWorker`; `httpHandlers` is the HTTP part alone (for `getResponse`).
   */
  readonly handlers: Array<RequestHandler | WebSocketHandler>
  readonly httpHandlers: RequestHandler[]
  /** The realtime (DDP) server: sessions, streams, methods; transports connect to it. */
  readonly realtime: DdpServer
  /** The @msw/data collections: users, rooms, subscriptions, messages, trash, settings, permissions. */
  readonly db: Db
  /** The mock's clock: `set(date)`, `advance(ms)`, `resume()`, `useWallClock()`. */
  readonly clock: Clock
  /** Latency, injected faults and the request log. */
  readonly controls: Controls
  /** @internal the state domain functions receive; for advanced tests. */
  readonly core: Core
  /** Simulated activity (off by default): `start({ rooms, personas, everyMs })`, `stop()`. See src/activity.ts. */
  readonly activity: Activity
  readonly seed: number
  readonly scenario: ScenarioName
  /** Every registered `METHOD /api/...` route. */
  routes(): string[]
  /** Whether a request is one of the mock's routes (exact or with path parameters), as `handlers` decide it. */
  matches(request: Request): boolean
  /** Answer one request without any interception (`undefined` if it is not a mock route). */
  fetch(request: Request): Promise<Response | undefined>
  /**
   * The router without fetch objects, for the standalone server's direct path:
   * `startHttpServer({ handle, direct: mock.direct })` (decisions/0010).
   */
  readonly direct: DirectRoutes
  /** Back to the freshly seeded state (same seed, same scenario, same options). */
  reset(): void
  /** Seed again, optionally with another seed or scenario. */
  reseed(next?: { seed?: number; scenario?: ScenarioName }): void
  /** Log a user in without HTTP: `{ userId, authToken }` for `X-User-Id` / `X-Auth-Token`. */
  login(username: string): { userId: string; authToken: string }
  /** Change a workspace setting from now on (`Message_AllowEditing`, …). */
  setSetting(id: string, value: unknown): void
  /** Replace the roles that hold a permission. */
  setPermission(id: string, roles: string[]): void
  /**
   * `username` reads room `roomId` now, as `POST subscriptions.read {rid, readThreads: true}` would:
   * `ls` = now, unread counters and thread unreads cleared, and (with `Message_Read_Receipt_Enabled`)
   * a read receipt for every message they had not seen. Throws if the user is not a member.
   */
  markRead(username: string, roomId: string): void
  /** A JSON-safe copy of the whole database (for persistence and cross-tab sync). */
  snapshot(): MockSnapshot
  /** Replace the database with a snapshot; throws (changing nothing) if it is corrupt or outdated. */
  restore(snapshot: unknown): void
}

/** What seeding depends on: the seed, the scenario and every option but `now` and `baseUrl`. */
function templateKey(seed: number, scenario: ScenarioName, options: RocketChatMockOptions): string {
  const { now: _now, baseUrl: _baseUrl, seed: _seed, scenario: _scenario, ...rest } = options
  return JSON.stringify([seed, scenario, rest, rest.seedDate instanceof Date ? rest.seedDate.getTime() : null])
}

/**
 * A stateful Rocket.Chat Messaging API on MSW. One instance owns its database, clock and RNG;
 * `handlers` serve it in a service worker, in `setupServer`, or behind the HTTP server.
 */
export function createRocketChatMock(options: RocketChatMockOptions = {}): RocketChatMock {
  let seed = options.seed ?? 42
  let scenario: ScenarioName = options.scenario ?? 'default'
  if (!(scenario in scenarios)) throw new Error(`Unknown scenario "${scenario}" (known: ${Object.keys(scenarios).join(', ')})`)
  const clock = new Clock()
  const core = new Core({ seed, clock })
  const controls = new Controls()
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined
  const basePath = base ? base.pathname.replace(/\/$/, '') : ''
  const router = new Router(() => core, controls, endpoints, basePath)
  const activity = new Activity(
    () => core,
    () => seed,
  )
  const origin = base?.origin
  // One handler for every route: a predicate (a Map lookup) instead of ~70 path matches per
  // request; requests it does not claim stay unhandled, so MSW reports them.
  const ours = (href: string) => origin === undefined || href.startsWith(`${origin}/`)
  const httpHandlers: RequestHandler[] = [
    http.all(
      ({ request }) => ours(request.url) && router.matches(request),
      ({ request }) => {
        // Simulated events that came due on the mock's clock happen before the request is answered.
        if (activity.running) activity.runDue()
        return router.handle(request)
      },
    ),
  ]
  const realtime = new DdpServer(() => core, options.realtime)
  core.realtime = realtime
  const handlers = [...httpHandlers, ...realtimeHandlers(realtime, origin, basePath)]

  function seedDatabase(): void {
    activity.stop()
    core.changes.muted(() => seedAll())
  }
  function seedAll(): void {
    core.files.clear()
    core.parseCache.clear()
    core.stamps.reset()
    router.resetRateLimits()
    controls.clearFaults()
    controls.clearLog()
    // The same seed and options seeded before (by this mock or another): copy that state.
    const key = templateKey(seed, scenario, options)
    const template = templateFor(key)
    if (template && !hasCreateHooks()) {
      applyTemplate(core, template)
      // The next write is stamped after everything the copied state holds, as after a restore.
      core.stamps.observe(newestStamp(core))
      setClockAfterSeeding()
      return
    }
    for (const collection of Object.values(core.db)) collection.clear()
    core.reseed(seed)
    clock.set(options.seedDate ?? DEFAULT_SEED_DATE)
    const settings = { ...SERVER_DEFAULTS, ...WORKSPACE_OVERRIDES, ...options.settings }
    for (const [id, value] of Object.entries(settings)) core.db.settings.insert({ _id: id, value })
    const permissions = { ...SERVER_PERMISSIONS, ...WORKSPACE_PERMISSION_OVERRIDES, ...options.permissions }
    // `_updatedAt` is what `permissions.listAll?updatedSince=` compares.
    for (const [id, roles] of Object.entries(permissions)) core.db.permissions.insert({ _id: id, roles, _updatedAt: core.now() })
    scenarios[scenario](core, options)
    setClockAfterSeeding()
    if (!hasCreateHooks()) keepTemplate(key, core)
  }
  function setClockAfterSeeding(): void {
    if (options.now !== undefined) clock.set(options.now)
    else clock.useWallClock()
  }
  // @msw/data `create` hooks hear every seeded insert: with one attached, seed for real.
  function hasCreateHooks(): boolean {
    return Object.values(core.db).some((collection) => collection.hooks.listenerCount('create') > 0)
  }
  seedDatabase()
  let restores = 0

  return {
    handlers,
    httpHandlers,
    realtime,
    db: core.db,
    clock,
    controls,
    activity,
    /** @internal the state handed to domain functions; for advanced use in tests. */
    core,
    get seed() {
      return seed
    },
    get scenario() {
      return scenario
    },
    /** Every registered `METHOD /api/...` route. */
    routes: () => router.routes(),
    matches: (request: Request) => router.matches(request),
    /** Answer one request without any interception (what the HTTP server and fast tests use). */
    fetch: (request: Request) => router.handle(request),
    direct: {
      claims: (method, url) => ours(url.href) && router.claims(url, method),
      answer: (input) => {
        if (activity.running) activity.runDue()
        return router.answer(input)
      },
    },
    /** Back to the freshly seeded state (same seed, same scenario). */
    reset(): void {
      seedDatabase()
    },
    /** Seed again, optionally with another seed or scenario. */
    reseed(next: { seed?: number; scenario?: ScenarioName } = {}): void {
      if (next.scenario && !(next.scenario in scenarios)) throw new Error(`Unknown scenario "${next.scenario}"`)
      seed = next.seed ?? seed
      scenario = next.scenario ?? scenario
      seedDatabase()
    },
    /** Log a user in without HTTP: `{ userId, authToken }` for `X-User-Id` / `X-Auth-Token`. */
    login(username: string): { userId: string; authToken: string } {
      const user = core.findUser(username)
      if (!user) throw new Error(`No user "${username}" in this scenario`)
      return { userId: user._id, authToken: issueLoginToken(core, user) }
    },
    /** Change a workspace setting from now on (`Message_AllowEditing`, …). */
    setSetting(id: string, value: unknown): void {
      const existing = core.db.settings.get(id)
      if (existing) core.db.settings.patch(existing, (s) => (s.value = value))
      else core.db.settings.insert({ _id: id, value })
    },
    /** Replace the roles that hold a permission. */
    setPermission(id: string, roles: string[]): void {
      const existing = core.db.permissions.get(id)
      if (existing) {
        core.db.permissions.patch(existing, (p) => {
          p.roles = [...roles]
          p._updatedAt = core.now()
        })
      } else core.db.permissions.insert({ _id: id, roles: [...roles], _updatedAt: core.now() })
    },
    /** `username` reads `roomId` now (see the interface): subscription read, read receipts recorded. */
    markRead(username: string, roomId: string): void {
      const user = core.findUser(username)
      if (!user) throw new Error(`No user "${username}" in this scenario`)
      const room = core.findRoom(roomId)
      const sub = room && core.subscription(room._id, user._id)
      if (!room || !sub) throw new Error(`"${username}" is not a member of room "${roomId}"`)
      readRoom(core, room, sub, user, { readThreads: true })
    },
    snapshot(): MockSnapshot {
      return takeSnapshot(core, { seed, scenario })
    },
    restore(snapshot: unknown): void {
      const restored = restoreSnapshot(core, snapshot)
      // A new id stream: the restored records were made by the old one.
      core.random.reseedIds(restored.seed + core.db.messages.count() + core.db.trash.count() + ++restores)
      seed = restored.seed
      if (restored.scenario in scenarios) scenario = restored.scenario as ScenarioName
    },
  }
}
