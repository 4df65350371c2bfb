import type { Core } from '../core.js'
import type { User } from '../db/index.js'
import { ApiError } from '../errors.js'
import type { DdpConnection } from './connection.js'
import * as EJSON from './ejson.js'
import { subscribeToChanges } from './events.js'
import { MatchError } from './check.js'
import { MeteorError, ddpErrors } from './meteor-error.js'
import { methods, type MethodContext } from './methods/index.js'
import { ownUserFields } from '../serialize/realtime.js'
import { Presence } from './presence.js'
import { DdpSession, type DdpSubscription } from './session.js'
import { PLAIN_PUBLICATIONS, streams } from './streams.js'

export interface DdpServerOptions {
  /** Idle time before the server pings, and how long it then waits for any frame (Meteor: 15 s). */
  heartbeatMs?: number
  /** Largest accepted frame, in characters (default 1,000,000, as the HTTP body limit). */
  maxFrameBytes?: number
}

export type MethodOutcome = { result: unknown } | { error: MeteorError }

/**
 * The realtime server of one mock: DDP sessions, the method table, stream subscriptions and
 * their fan-out. Transport-agnostic: a transport calls `connect(connection)` and feeds the
 * returned session its frames. Stream events come from one place, the database's change feed
 * (`events.ts`); the typing relay is the only event a client writes.
 */
export class DdpServer {
  readonly heartbeatMs: number
  readonly maxFrameBytes: number
  readonly sessions = new Set<DdpSession>()
  readonly presence = new Presence(this)
  /** stream name → event name → subscriptions. */
  readonly #streamSubs = new Map<string, Map<string, Set<DdpSubscription>>>()
  #sessionCount = 0
  #stopChanges: (() => void) | undefined

  constructor(
    readonly core: () => Core,
    options: DdpServerOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000
    this.maxFrameBytes = options.maxFrameBytes ?? 1_000_000
  }

  /** A transport opened a connection: a new session (it waits for `connect`). */
  connect(connection: DdpConnection): DdpSession {
    const session = new DdpSession(this, connection)
    this.sessions.add(session)
    if (this.sessions.size === 1) this.#stopChanges = subscribeToChanges(this)
    return session
  }

  /** The session is gone: drop its subscriptions. */
  forget(session: DdpSession): void {
    if (!this.sessions.delete(session)) return
    for (const sub of session.subscriptions.values()) this.unsubscribe(sub)
    session.subscriptions.clear()
    this.presence.forget(session)
    // Nobody listens: stop paying for change bookkeeping.
    if (this.sessions.size === 0) {
      this.#stopChanges?.()
      this.#stopChanges = undefined
    }
  }

  /** Close every session (the server stops). */
  closeAll(): void {
    for (const session of [...this.sessions]) session.close(1001, 'Server stopping')
  }

  newSessionId(): string {
    // Session ids need not be secret or seeded: a counter in the Random.id alphabet's shape.
    this.#sessionCount += 1
    return `s${this.#sessionCount.toString(36).padStart(16, '0')}`.slice(-17)
  }

  ownUserFields(user: User): Record<string, unknown> {
    return ownUserFields(this.core(), user)
  }

  /** Run a method for a session (or for the REST bridge's caller). Never throws. */
  call(session: MethodContext['session'], name: string, params: unknown[]): MethodOutcome {
    const method = Object.hasOwn(methods, name) ? methods[name] : undefined
    if (!method) return { error: ddpErrors.methodNotFound(name) }
    const core = this.core()
    try {
      const user = session.userId === undefined ? undefined : core.db.users.get(session.userId)
      const result = method({ core, server: this, session, user }, params)
      return { result }
    } catch (error) {
      return { error: toMeteorError(error) }
    } finally {
      // Like a REST request, the next write is stamped after everything this method wrote.
      core.stamps.settle()
      // The method's writes become events before its result reaches anyone else.
      core.changes.flush()
    }
  }

  /** `ready`, a bare `nosub` (`silent`), or the error of a refused subscription. */
  subscribe(sub: DdpSubscription): 'ready' | 'silent' | MeteorError {
    if (PLAIN_PUBLICATIONS.has(sub.name)) return 'ready'
    if (sub.name === 'stream-user-presence') return this.presence.subscribe(sub)
    const stream = Object.hasOwn(streams, sub.name) ? streams[sub.name] : undefined
    if (!stream) return ddpErrors.subscriptionNotFound(sub.name)
    const [eventName, options] = sub.params
    if (typeof eventName !== 'string' || eventName.length === 0) return new MeteorError('invalid-event-name')
    const args =
      options !== null && typeof options === 'object' && Array.isArray((options as { args?: unknown }).args) ? (options as { args: unknown[] }).args : []
    let allowed: boolean
    try {
      allowed = stream.canRead(this.core(), sub.session.user, eventName, args)
    } catch {
      allowed = false
    }
    if (!allowed) return ddpErrors.notAllowed()
    sub.eventName = eventName
    // `useCollection: true` asks for the event name as a document of the stream's collection.
    if (options !== null && typeof options === 'object' && (options as { useCollection?: unknown }).useCollection === true) {
      sub.session.send({ msg: 'added', collection: sub.name, id: 'id', fields: { eventName } })
    }
    let events = this.#streamSubs.get(sub.name)
    if (!events) this.#streamSubs.set(sub.name, (events = new Map()))
    let set = events.get(eventName)
    if (!set) events.set(eventName, (set = new Set()))
    set.add(sub)
    return 'ready'
  }

  unsubscribe(sub: DdpSubscription): void {
    if (sub.name === 'stream-user-presence') {
      // Re-running subscriptions on login keeps the watched set; only a real unsub drops it.
      return
    }
    if (sub.eventName === undefined) return
    const events = this.#streamSubs.get(sub.name)
    const set = events?.get(sub.eventName)
    set?.delete(sub)
    if (set && set.size === 0) events!.delete(sub.eventName)
  }

  /** Whether anyone listens to this stream event (so the caller can skip building a payload). */
  hasListeners(stream: string, eventName: string): boolean {
    return (this.#streamSubs.get(stream)?.get(eventName)?.size ?? 0) > 0
  }

  /**
   * Send a stream event to its subscribers. `args` is the payload, or a function of the viewer
   * returning it (or `undefined`: this viewer may not see the event). The frame is encoded once
   * per distinct viewer.
   */
  emit(
    stream: string,
    eventName: string,
    args: unknown[] | ((viewer: User | undefined) => unknown[] | undefined),
    options: { except?: DdpSession } = {},
  ): void {
    const set = this.#streamSubs.get(stream)?.get(eventName)
    if (!set || set.size === 0) return
    const frames = new Map<string, string | undefined>()
    const core = this.core()
    for (const sub of set) {
      const session = sub.session
      if (session === options.except) continue
      const key = session.userId ?? ''
      let frame = frames.get(key)
      if (!frames.has(key)) {
        const viewer = session.userId === undefined ? undefined : core.db.users.get(session.userId)
        const payload = typeof args === 'function' ? args(viewer) : args
        frame = payload === undefined ? undefined : EJSON.stringify({ msg: 'changed', collection: stream, id: 'id', fields: { eventName, args: payload } })
        frames.set(key, frame)
      }
      if (frame !== undefined) session.sendRaw(frame)
    }
  }
}

/**
 * How errors reach a DDP client: a Meteor.Error passes; the REST layer's errors are the same
 * Meteor.Errors the server's methods throw (`errorType` is the code, `error` "<reason> [<code>]");
 * anything else, `check()` failures included, is sanitised to 500 "Internal server error".
 */
export function toMeteorError(error: unknown): MeteorError {
  if (error instanceof MeteorError) return error
  if (error instanceof ApiError) {
    const body = error.body
    const text = typeof body.error === 'string' ? body.error : undefined
    const code = typeof body.errorType === 'string' ? body.errorType : text?.match(/\[([^\]]+)\]$/)?.[1]
    if (code !== undefined && text !== undefined) {
      const reason = text.endsWith(`[${code}]`) ? text.slice(0, -code.length - 2).trim() : text
      return new MeteorError(code, reason === '' ? undefined : reason, body.details)
    }
    return ddpErrors.internal()
  }
  if (!(error instanceof MatchError)) console.error('[rocketchat-msw] DDP method failed', error)
  return ddpErrors.internal()
}
