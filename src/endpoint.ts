import type { z } from 'zod'
import type { Core } from './core.js'
import type { User } from './db/index.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface EndpointContext<Q, B, Authed extends boolean = true> {
  core: Core
  /** The caller (present on every authenticated endpoint). */
  user: Authed extends true ? User : User | undefined
  /** The caller's plain `X-Auth-Token`. */
  authToken: string | undefined
  query: Q
  body: B
  /** The origin the request came in on (`http://localhost:3100`): links the mock emits use it. */
  origin: string
  request: Request
  /** Path parameters (`/api/v1/rooms.media/:rid` → `{ rid }`, `method.call/:method`); `{}` on exact paths. */
  params: Record<string, string>
}

/** What a handler returns: a payload (sent as `{...payload, success: true}`) or a finished Response. */
export type EndpointResult = Record<string, unknown> | Response

/**
 * A handler may be async when it must read the request itself (multipart uploads): it must then
 * finish every read before its first write, so a refused request changes nothing.
 */
export type EndpointReturn = EndpointResult | Promise<EndpointResult>

/**
 * An endpoint is data: method, path(s), the zod schemas of its input, and a `handle` that reads
 * like the server's action (find, guard, domain call, return payload). Auth, validation,
 * envelopes, errors, rate limits, latency, faults and the request log live in `router.ts`.
 */
export interface Endpoint<Q = unknown, B = unknown, Authed extends boolean = boolean> {
  method: HttpMethod
  /**
   * `/api/v1/dm.history`; several paths register aliases (`dm.*` and `im.*`) with one definition.
   * A segment `:name` is a path parameter (`/api/v1/rooms.media/:rid`), handed over in `params`.
   */
  paths: readonly string[]
  auth: Authed
  query?: z.ZodType<Q> | undefined
  body?: z.ZodType<B> | undefined
  /** `permissionsRequired`: missing any → 403 before validation. */
  permissions?: readonly string[] | undefined
  /**
   * The route is still on the server's older style (`addRoute` with `validateParams`): schema
   * failures read `"<ajv message> [invalid-params]"` with `errorType: invalid-params`.
   */
  legacyValidation?: boolean | undefined
  handle: (ctx: EndpointContext<Q, B, Authed>) => EndpointReturn
}

export function defineEndpoint<Q = Record<string, never>, B = Record<string, never>, Authed extends boolean = true>(definition: {
  method: HttpMethod
  path: string | readonly string[]
  auth?: Authed
  query?: z.ZodType<Q>
  body?: z.ZodType<B>
  permissions?: readonly string[]
  legacyValidation?: boolean
  handle: (ctx: EndpointContext<Q, B, Authed>) => EndpointReturn
}): Endpoint<Q, B, Authed> {
  return {
    method: definition.method,
    paths: typeof definition.path === 'string' ? [definition.path] : definition.path,
    auth: (definition.auth ?? true) as Authed,
    query: definition.query,
    body: definition.body,
    permissions: definition.permissions,
    legacyValidation: definition.legacyValidation,
    handle: definition.handle,
  }
}

/** `/api/v1/dm.<name>` and `/api/v1/im.<name>`: one registration, two names. */
export function dmPaths(name: string): readonly string[] {
  return [`/api/v1/dm.${name}`, `/api/v1/im.${name}`]
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds endpoints of every contract; each is checked where it is declared
export type AnyEndpoint = Endpoint<any, any, any>
