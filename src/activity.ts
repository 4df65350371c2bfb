import { Faker, base, en } from '@faker-js/faker'
import type { Core } from './core.js'
import type { Message, Room, User } from './db/index.js'
import { setReaction } from './domain/actions.js'
import { sendMessage } from './domain/send.js'
import { conversationLine, reactionEmoji } from '../seeds/content.js'

/**
 * Simulated activity: seeded personas post, reply in threads, react, mention and type, on the
 * mock's clock. Every write goes through the same domain functions as the REST endpoints, so
 * unread counters, threads, sync and (later) the stream see it exactly as they see a client.
 *
 * Scheduling is by the clock, not by timers: event `n` is due at a time drawn from the seeded
 * stream, and `runDue()` performs every event whose time has come. The mock calls it before each
 * request it answers and (with `autoRun`) from a one-second timer, so a running clock produces
 * activity by itself while a frozen one produces it exactly when a test moves the clock.
 */
export interface ActivityOptions {
  /** Rooms (ids or names) to be active in. Default: GENERAL. */
  rooms?: string[]
  /**
   * Usernames that act. Default: every member of each room except `admin` and `demo` (the
   * accounts one usually signs in as), so the activity comes from the others.
   */
  personas?: string[]
  /** Mean time between two events, in ms of the mock's clock. Default 5000. */
  everyMs?: number
  /** Drive itself from a timer (default true). False: the caller runs `runDue()` (the playground does, under its cross-tab lock). */
  autoRun?: boolean
}

export type ActivityKind = 'post' | 'mention' | 'question' | 'reply' | 'react'

export interface ActivityEvent {
  kind: ActivityKind
  /** Clock time the event was due at (epoch ms). */
  at: number
  rid: string
  username: string
  /** The message posted, or the one reacted to. */
  messageId: string
  /** The reaction (`react`) */
  emoji?: string
}

export interface ActivityStatus {
  running: boolean
  rooms: string[]
  personas: string[]
  everyMs: number
  /** Events performed since `start`. */
  events: number
  /** Clock time of the next event, when running. */
  nextAt: number | undefined
}

/** How long before a post its author shows as typing (ms of the mock's clock). */
export const TYPING_LEAD_MS = 3_000
/** At most this many events per `runDue()`; a longer jump of the clock skips the rest. */
const MAX_EVENTS_PER_RUN = 50
const DEFAULT_EVERY_MS = 5_000
const TICK_MS = 1_000

interface Planned {
  at: number
  kind: ActivityKind
  rid: string
  username: string
}

export class Activity {
  readonly #core: () => Core
  readonly #seed: () => number
  #faker: Faker | undefined
  #options: Required<Omit<ActivityOptions, 'autoRun'>> | undefined
  #next: Planned | undefined
  #events = 0
  #starts = 0
  #timer: ReturnType<typeof setInterval> | undefined
  readonly #listeners = new Set<(event: ActivityEvent) => void>()

  constructor(core: () => Core, seed: () => number) {
    this.#core = core
    this.#seed = seed
  }

  /** Start (or restart with new options). Throws on an unknown room or persona, changing nothing. */
  start(options: ActivityOptions = {}): ActivityStatus {
    const core = this.#core()
    const everyMs = options.everyMs ?? DEFAULT_EVERY_MS
    if (!Number.isFinite(everyMs) || everyMs < 10) throw new RangeError(`everyMs must be a number ≥ 10, got ${String(options.everyMs)}`)
    const rooms = (options.rooms ?? ['GENERAL']).map((idOrName) => {
      const room = core.findRoom(idOrName)
      if (!room) throw new Error(`Unknown room "${idOrName}"`)
      return room._id
    })
    if (rooms.length === 0) throw new Error('rooms must name at least one room')
    const personas = (options.personas ?? []).map((name) => {
      const user = core.findUser(name)
      if (!user) throw new Error(`Unknown user "${name}"`)
      return user.username
    })
    this.stop()
    this.#options = { rooms, personas, everyMs }
    // Same seed, same events: the stream depends on the mock's seed and how often it was started.
    this.#faker = new Faker({ locale: [en, base] })
    this.#faker.seed(this.#seed() * 31 + ++this.#starts)
    this.#events = 0
    this.#next = this.#plan(core.clock.now())
    if (options.autoRun !== false) {
      this.#timer = setInterval(() => this.runDue(), Math.min(TICK_MS, everyMs))
      // Never keep a Node process alive for the simulation alone.
      ;(this.#timer as { unref?: () => void }).unref?.()
    }
    return this.status()
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#options = undefined
    this.#next = undefined
  }

  get running(): boolean {
    return this.#options !== undefined
  }

  status(): ActivityStatus {
    return {
      running: this.running,
      rooms: this.#options?.rooms ?? [],
      personas: this.#options?.personas ?? [],
      everyMs: this.#options?.everyMs ?? DEFAULT_EVERY_MS,
      events: this.#events,
      nextAt: this.#next?.at,
    }
  }

  /** Whether an event is due now (cheap; the playground checks it before taking its lock). */
  due(): boolean {
    return this.#next !== undefined && this.#next.at <= this.#core().clock.now()
  }

  /** Perform every event that is due; returns them in order. */
  runDue(): ActivityEvent[] {
    const done: ActivityEvent[] = []
    if (!this.#next) return done
    const core = this.#core()
    const now = core.clock.now()
    while (this.#next && this.#next.at <= now) {
      if (done.length === MAX_EVENTS_PER_RUN) {
        // The clock jumped far ahead: carry on from now rather than replay the whole gap.
        this.#next = this.#plan(now)
        break
      }
      const planned = this.#next
      this.#next = this.#plan(planned.at)
      const event = this.#perform(core, planned)
      if (event) {
        done.push(event)
        this.#events++
      }
    }
    for (const event of done) for (const listener of this.#listeners) listener(event)
    return done
  }

  /** Personas typing now: the author of the next post, for `TYPING_LEAD_MS` before it. */
  typing(): Array<{ rid: string; username: string }> {
    const next = this.#next
    if (!next || next.kind === 'react') return []
    const now = this.#core().clock.now()
    return now >= next.at - TYPING_LEAD_MS && now < next.at ? [{ rid: next.rid, username: next.username }] : []
  }

  /** Called after each performed event (for the stream, the playground's save). */
  onEvent(listener: (event: ActivityEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The next event: when (from `after`), what, where and by whom — all from the seeded stream. */
  #plan(after: number): Planned | undefined {
    const options = this.#options
    const f = this.#faker
    if (!options || !f) return undefined
    const core = this.#core()
    const at = after + Math.round(options.everyMs * f.number.float({ min: 0.5, max: 1.5 }))
    const rid = f.helpers.arrayElement(options.rooms)
    const actors = this.#actors(core, rid)
    const roll = f.number.int(99)
    const kind: ActivityKind = roll < 40 ? 'post' : roll < 55 ? 'mention' : roll < 65 ? 'question' : roll < 85 ? 'reply' : 'react'
    const username = actors.length > 0 ? f.helpers.arrayElement(actors) : ''
    return { at, kind, rid, username }
  }

  #actors(core: Core, rid: string): string[] {
    const options = this.#options!
    const members = core.db.subscriptions.sorted('room', rid).map((s) => s.u.username)
    if (options.personas.length > 0) return options.personas.filter((u) => members.includes(u))
    return members.filter((u) => u !== 'admin' && u !== 'demo')
  }

  /** One event through the domain; `undefined` when it cannot happen (room gone, no rights). */
  #perform(core: Core, planned: Planned): ActivityEvent | undefined {
    const f = this.#faker!
    const room = core.db.rooms.get(planned.rid)
    const user = planned.username ? core.findUser(planned.username) : undefined
    if (!room || !user || !core.subscription(room._id, user._id)) return undefined
    const base = { at: planned.at, rid: room._id, username: user.username }
    try {
      if (planned.kind === 'react' || planned.kind === 'reply') {
        const target = recentRoot(core, room, user)
        if (target && planned.kind === 'react') {
          const emoji = reactionEmoji(f)
          setReaction(core, target, user, emoji, true)
          return { ...base, kind: 'react', messageId: target._id, emoji }
        }
        if (target) {
          const reply = sendMessage(core, user, room._id, { msg: conversationLine(f, 'answer'), tmid: target._id })
          return { ...base, kind: 'reply', messageId: reply._id }
        }
      }
      const kind = planned.kind === 'mention' || planned.kind === 'question' ? planned.kind : 'post'
      const others = core.db.subscriptions
        .sorted('room', room._id)
        .map((s) => s.u.username)
        .filter((u) => u !== user.username)
      const mention = kind === 'mention' && others.length > 0 ? f.helpers.arrayElement(others) : undefined
      const previous = core.db.messages.sorted('room', room._id)
      let msg = conversationLine(f, kind === 'question' ? 'question' : 'statement', mention)
      // Never the same line twice in a row.
      if (previous.at(-1)?.msg === msg) msg = `Also, ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`
      const message = sendMessage(core, user, room._id, { msg })
      return { ...base, kind, messageId: message._id }
    } catch {
      // Refused like a client would be (read-only room, muted, settings): skip this one.
      return undefined
    }
  }
}

/** One of the room's last few top-level messages by someone else (what people answer or react to). */
function recentRoot(core: Core, room: Room, user: User): Message | undefined {
  const recent = core.db.messages.sorted('room', room._id)
  for (let i = recent.length - 1, seen = 0; i >= 0 && seen < 10; i--) {
    const m = recent[i]!
    if (m.tmid !== undefined || m.t !== undefined || m._hidden) continue
    seen++
    if (m.u._id !== user._id) return m
  }
  return undefined
}
