import type { User } from '../db/index.js'
import type { DdpConnection } from './connection.js'
import { CLOSE } from './connection.js'
import * as EJSON from './ejson.js'
import type { DdpServer } from './server.js'

/** DDP versions a client may ask for, best first (Meteor's `SUPPORTED_DDP_VERSIONS`). */
const SUPPORTED_VERSIONS = ['1', 'pre2', 'pre1']

/** One live subscription of a session. */
export interface DdpSubscription {
  readonly id: string
  readonly name: string
  readonly params: unknown[]
  readonly session: DdpSession
  /** The stream event name (`GENERAL`, `<uid>/rooms-changed`, …) for stream subscriptions. */
  eventName?: string
}

/**
 * One DDP session over one connection: Meteor's `livedata_server` rules for the handshake,
 * heartbeats, protocol errors, methods and subscriptions. Frames are handled strictly in order,
 * one at a time (every method runs synchronously against the in-memory state).
 */
export class DdpSession {
  readonly id: string
  /** The logged-in user's id, and the resume token the login used. */
  userId: string | undefined
  token: string | undefined
  readonly subscriptions = new Map<string, DdpSubscription>()
  readonly isSession = true
  #connected = false
  #closed = false
  #idle: ReturnType<typeof setTimeout> | undefined
  #awaitingPong: ReturnType<typeof setTimeout> | undefined

  constructor(
    readonly server: DdpServer,
    readonly connection: DdpConnection,
  ) {
    this.id = server.newSessionId()
    this.#armHeartbeat()
  }

  get user(): User | undefined {
    return this.userId === undefined ? undefined : this.server.core().db.users.get(this.userId)
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Send one DDP message (EJSON-encoded). A failing transport closes the session, never throws. */
  send(message: Record<string, unknown>): void {
    this.sendRaw(EJSON.stringify(message))
  }

  sendRaw(text: string): void {
    if (this.#closed) return
    try {
      this.connection.send(text)
    } catch {
      this.close()
    }
  }

  /** The transport received a text frame. */
  receive(text: string): void {
    if (this.#closed) return
    this.#armHeartbeat()
    if (text.length > this.server.maxFrameBytes) {
      this.close(CLOSE.tooBig, 'Frame too large')
      return
    }
    let frame: unknown
    try {
      frame = EJSON.parse(text)
    } catch (error) {
      this.send(error instanceof EJSON.EjsonError ? { msg: 'error', reason: 'Parse error' } : { msg: 'error', reason: 'Bad request' })
      return
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame) || typeof (frame as { msg?: unknown }).msg !== 'string') {
      const offending = frame !== null && typeof frame === 'object' ? { offendingMessage: frame } : {}
      this.send({ msg: 'error', reason: 'Bad request', ...offending })
      return
    }
    this.#dispatch(frame as Record<string, unknown> & { msg: string })
  }

  #dispatch(frame: Record<string, unknown> & { msg: string }): void {
    if (!this.#connected) {
      if (frame.msg === 'connect') this.#connect(frame)
      else this.send({ msg: 'error', reason: 'Must connect first', offendingMessage: frame })
      return
    }
    switch (frame.msg) {
      case 'connect':
        this.send({ msg: 'error', reason: 'Already connected', offendingMessage: frame })
        return
      case 'ping':
        this.send(typeof frame.id === 'string' ? { msg: 'pong', id: frame.id } : { msg: 'pong' })
        return
      case 'pong':
        return
      case 'method':
        this.#method(frame)
        return
      case 'sub':
        this.#sub(frame)
        return
      case 'unsub':
        this.#unsub(frame)
        return
      default:
        this.send({ msg: 'error', reason: 'Bad request', offendingMessage: frame })
    }
  }

  #connect(frame: Record<string, unknown>): void {
    const { version, support } = frame
    const supportOk = Array.isArray(support) && support.every((v) => typeof v === 'string')
    if (typeof version !== 'string' || !supportOk || !(support as string[]).includes(version)) {
      this.send({ msg: 'failed', version: SUPPORTED_VERSIONS[0] })
      this.close(CLOSE.normal)
      return
    }
    const best = SUPPORTED_VERSIONS.find((v) => (support as string[]).includes(v)) ?? SUPPORTED_VERSIONS[0]
    if (best !== version) {
      this.send({ msg: 'failed', version: best })
      this.close(CLOSE.normal)
      return
    }
    this.#connected = true
    this.send({ msg: 'connected', session: this.id })
  }

  #method(frame: Record<string, unknown>): void {
    const { id, method, params, randomSeed } = frame
    if (
      typeof id !== 'string' ||
      typeof method !== 'string' ||
      (params !== undefined && !Array.isArray(params)) ||
      (randomSeed !== undefined && typeof randomSeed !== 'string')
    ) {
      this.send({ msg: 'error', reason: 'Malformed method invocation', offendingMessage: frame })
      return
    }
    const outcome = this.server.call(this, method, (params as unknown[] | undefined) ?? [])
    const result: Record<string, unknown> = { msg: 'result', id }
    if ('error' in outcome) result.error = outcome.error.toJSON()
    else if (outcome.result !== undefined) result.result = outcome.result
    this.send(result)
    this.send({ msg: 'updated', methods: [id] })
  }

  #sub(frame: Record<string, unknown>): void {
    const { id, name, params } = frame
    if (typeof id !== 'string' || typeof name !== 'string' || (params !== undefined && !Array.isArray(params))) {
      this.send({ msg: 'error', reason: 'Malformed subscription', offendingMessage: frame })
      return
    }
    // A `sub` reusing an active id is ignored, as Meteor does.
    if (this.subscriptions.has(id)) return
    const sub: DdpSubscription = { id, name, params: (params as unknown[] | undefined) ?? [], session: this }
    const outcome = this.server.subscribe(sub)
    if (outcome === 'ready') {
      this.subscriptions.set(id, sub)
      this.send({ msg: 'ready', subs: [id] })
    } else if (outcome === 'silent') {
      this.send({ msg: 'nosub', id })
    } else {
      this.send({ msg: 'nosub', id, error: outcome.toJSON() })
    }
  }

  #unsub(frame: Record<string, unknown>): void {
    const { id } = frame
    if (typeof id !== 'string') {
      this.send({ msg: 'error', reason: 'Bad request', offendingMessage: frame })
      return
    }
    const sub = this.subscriptions.get(id)
    if (sub) {
      this.subscriptions.delete(id)
      this.server.unsubscribe(sub)
      if (sub.name === 'stream-user-presence') this.server.presence.unsubscribe(sub)
    }
    this.send({ msg: 'nosub', id })
  }

  /**
   * The session's user changed (login, logout): every active subscription runs again; refused
   * ones end with `nosub` + error, the rest are confirmed in one `ready`.
   */
  setUser(userId: string | undefined, token: string | undefined): void {
    const previous = this.userId
    this.userId = userId
    this.token = token
    if (previous === userId) return
    if (previous !== undefined) this.send({ msg: 'removed', collection: 'users', id: previous })
    const ready: string[] = []
    for (const sub of [...this.subscriptions.values()]) {
      this.server.unsubscribe(sub)
      const outcome = this.server.subscribe(sub)
      if (outcome === 'ready') ready.push(sub.id)
      else {
        this.subscriptions.delete(sub.id)
        this.send(outcome === 'silent' ? { msg: 'nosub', id: sub.id } : { msg: 'nosub', id: sub.id, error: outcome.toJSON() })
      }
    }
    if (ready.length > 0) this.send({ msg: 'ready', subs: ready })
    const user = this.user
    if (user) this.send({ msg: 'added', collection: 'users', id: user._id, fields: this.server.ownUserFields(user) })
  }

  /** Close the connection and forget the session (idempotent). */
  close(code?: number, reason?: string): void {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#idle)
    clearTimeout(this.#awaitingPong)
    this.server.forget(this)
    try {
      this.connection.close(code, reason)
    } catch {
      // The socket is already gone.
    }
  }

  /** Meteor's heartbeat: after `heartbeatMs` without any inbound frame, ping; no answer in as long, close. */
  #armHeartbeat(): void {
    const interval = this.server.heartbeatMs
    if (!(interval > 0)) return
    clearTimeout(this.#idle)
    clearTimeout(this.#awaitingPong)
    this.#awaitingPong = undefined
    this.#idle = unref(
      setTimeout(() => {
        this.send({ msg: 'ping' })
        this.#awaitingPong = unref(setTimeout(() => this.close(CLOSE.normal, 'Heartbeat timeout'), interval))
      }, interval),
    )
  }
}

/** Timers must never keep a test process or the CLI alive. */
function unref<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
