/**
 * A typed client for the standalone server's admin API (`rocketchat-msw serve`, under `/__admin`),
 * for end-to-end suites that run the mock in another process:
 *
 *   const admin = createAdminClient('http://127.0.0.1:3100')
 *   beforeEach(() => admin.reset())
 *
 * Every method throws an `AdminApiError` (with the server's status and message) on a non-2xx answer.
 */
import type { MockSnapshot } from './snapshot.js'
import type { RequestLogEntry } from './controls.js'

export interface AdminClientOptions {
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch
  /** The admin prefix (default `/__admin`). */
  prefix?: string
}

export interface MockState {
  seed: number
  scenario: string
}

export interface ClockState {
  /** The mock's current time, ISO. */
  now: string
  frozen: boolean
}

export interface FaultView {
  endpoint: string
  status: number | 'network'
  remaining: number | 'always'
  body?: Record<string, unknown>
}

export interface FaultInput {
  /** `METHOD /path` of one route as declared (`POST /api/v1/rooms.media/:rid`), or `*`. */
  endpoint: string
  status: number | 'network'
  /** How many requests to affect (default 1), or `'always'` until cleared. */
  times?: number | 'always'
  body?: Record<string, unknown>
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'AdminApiError'
  }
}

type Strip<T> = Omit<T, 'success'>

export function createAdminClient(baseUrl: string, options: AdminClientOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch
  const root = `${baseUrl.replace(/\/$/, '')}${options.prefix ?? '/__admin'}`

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await doFetch(`${root}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    })
    const text = await response.text()
    let parsed: Record<string, unknown> = {}
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    } catch {
      throw new AdminApiError(response.status, `Not an admin API answer: ${text.slice(0, 200)}`)
    }
    if (!response.ok) throw new AdminApiError(response.status, typeof parsed.error === 'string' ? parsed.error : `HTTP ${response.status}`)
    const { success: _success, ...rest } = parsed
    return rest as T
  }

  return {
    /** Seed, scenario and the list of admin routes. */
    info: () => call<MockState & { routes: string[] }>('GET', ''),
    /** Back to the freshly seeded state (same seed and scenario); faults, log and rate limits cleared. */
    reset: () => call<MockState>('POST', '/reset'),
    /** Seed again, optionally with another seed or scenario. */
    reseed: (next: { seed?: number; scenario?: string } = {}) => call<MockState>('POST', '/reseed', next),
    clock: {
      get: () => call<ClockState>('GET', '/clock'),
      /** Freeze the clock at this instant (ISO text or epoch ms). */
      set: (instant: string | number | Date) => call<ClockState>('POST', '/clock', { set: instant instanceof Date ? instant.toISOString() : instant }),
      advance: (ms: number) => call<ClockState>('POST', '/clock', { advance: ms }),
      /** Follow the wall clock again. */
      wall: () => call<ClockState>('POST', '/clock', { wall: true }),
      /** Run on from the frozen instant. */
      resume: () => call<ClockState>('POST', '/clock', { resume: true }),
    },
    latency: {
      get: async () => (await call<{ ms: number }>('GET', '/latency')).ms,
      set: async (ms: number) => (await call<{ ms: number }>('PUT', '/latency', { ms })).ms,
    },
    faults: {
      list: async () => (await call<{ faults: FaultView[] }>('GET', '/faults')).faults,
      inject: async (fault: FaultInput) => (await call<{ faults: FaultView[] }>('POST', '/faults', fault)).faults,
      clear: async () => void (await call('DELETE', '/faults')),
    },
    settings: {
      all: async () => (await call<{ settings: Record<string, unknown> }>('GET', '/settings')).settings,
      get: async (id: string) => (await call<{ _id: string; value: unknown }>('GET', `/settings/${encodeURIComponent(id)}`)).value,
      set: async (id: string, value: unknown) => void (await call('PUT', `/settings/${encodeURIComponent(id)}`, { value })),
      /** Several at once: `{ Message_AllowEditing: false, FileUpload_MaxFileSize: 1024 }`. */
      update: async (values: Record<string, unknown>) => (await call<{ settings: Record<string, unknown> }>('PUT', '/settings', values)).settings,
    },
    permissions: {
      all: async () => (await call<{ permissions: Record<string, string[]> }>('GET', '/permissions')).permissions,
      /** Replace the roles that hold a permission. */
      set: async (id: string, roles: string[]) => void (await call('PUT', `/permissions/${encodeURIComponent(id)}`, { roles })),
    },
    requests: {
      /** The most recent requests the mock answered (oldest first, at most 500). */
      list: async () => (await call<{ requests: RequestLogEntry[] }>('GET', '/requests')).requests,
      clear: async () => void (await call('DELETE', '/requests')),
    },
    snapshot: () => call<Strip<MockSnapshot>>('GET', '/snapshot'),
    restore: (snapshot: MockSnapshot | Strip<MockSnapshot>) => call<MockState>('PUT', '/snapshot', snapshot),
    /** Credentials of a persona for `X-User-Id` / `X-Auth-Token`, without going through `login`. */
    loginAs: (username: string) => call<{ userId: string; authToken: string }>('POST', '/login', { username }),
    /** Simulated activity, when the server has it (501 otherwise). */
    activity: {
      start: (options: Record<string, unknown> = {}) => call<{ action: 'start'; result: unknown }>('POST', '/activity', { ...options, action: 'start' }),
      stop: () => call<{ action: 'stop'; result: unknown }>('POST', '/activity', { action: 'stop' }),
    },
  }
}

export type AdminClient = ReturnType<typeof createAdminClient>
