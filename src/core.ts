import { LRUCache } from 'lru-cache'
import { Clock, StampSource, type StampLane } from './clock.js'
import { ChangeFeed, createDb, type Db, type Room, type User } from './db/index.js'
import type { ParsedText } from './domain/parse.js'
import { FileStore } from './files/store.js'
import { Random, type RandomState } from './random.js'
import type { DdpServer } from './realtime/server.js'
import { SERVER_DEFAULTS, type SettingId, type SettingValues } from './settings.js'

/** What the parse cache may keep alive, estimated (texts as UTF-16, trees ~5× their text). */
export const PARSE_CACHE_BYTES = 16 * 1024 * 1024

/**
 * Everything one mock instance owns: its database, clock and random streams. Handlers and
 * domain functions receive it; nothing in the mock keeps state anywhere else.
 */
export class Core {
  /** Every database write, for caches (per write) and the realtime layer (per turn). */
  readonly changes = new ChangeFeed()
  readonly db: Db = createDb(this.changes)
  readonly clock: Clock
  /** Write timestamps: strictly increasing for the whole mock (see `stamp`). */
  readonly stamps: StampSource
  random: Random
  /** The bytes of uploaded files (the `uploads` collection holds their records). */
  readonly files = new FileStore()
  /** The realtime server serving this state (set by the mock; the REST method bridge uses it). */
  realtime: DdpServer | undefined
  /**
   * Memo of parsed message texts (md, mention and channel names, urls), bounded by an estimate
   * of the bytes it keeps alive (text and tree), not by a count: 300 distinct 900 KB edits once
   * grew the heap by 270 MB. Least recently used texts go first.
   */
  readonly parseCache = new LRUCache<string, ParsedText>({
    maxSize: PARSE_CACHE_BYTES,
    sizeCalculation: (_value, text) => 256 + text.length * 12,
  })

  constructor(options: { seed: number; clock?: Clock }) {
    this.random = this.#newRandom(options.seed)
    this.clock = options.clock ?? new Clock()
    this.stamps = new StampSource(this.clock)
  }

  /** Fresh random streams for `seed` (used when the database is seeded again). */
  reseed(seed: number): void {
    this.random = this.#newRandom(seed)
  }

  /** Random streams standing where `state` says (a seed template restored). */
  restoreRandom(state: RandomState): void {
    this.random = Random.at(state, this.#isTaken)
  }

  // Generated ids skip any id already in use (client-supplied ids, restored snapshots).
  readonly #isTaken = (id: string): boolean => {
    const db = this.db
    return db.messages.has(id) || db.trash.has(id) || db.rooms.has(id) || db.subscriptions.has(id) || db.users.has(id)
  }

  #newRandom(seed: number): Random {
    return new Random(seed, this.#isTaken)
  }

  /** The mock's clock, as set by tests (may stand still or move back). For reads and checks. */
  now(): Date {
    return this.clock.date()
  }

  /**
   * The timestamp of a write (`ts` of a new record, `_updatedAt`, `_deletedAt`, `editedAt`): the
   * clock's reading, moved past earlier stamps when the clock has not (see `StampSource`). Message
   * records pass `'message'`: two of them are never stamped alike.
   */
  stamp(lane?: StampLane): Date {
    return new Date(this.stamps.next(lane))
  }

  setting<K extends SettingId>(id: K): SettingValues[K] {
    const record = this.db.settings.get(id)
    return (record ? record.value : SERVER_DEFAULTS[id]) as SettingValues[K]
  }

  /** Global roles plus, when `rid` is given, the room-scoped roles on the user's subscription. */
  hasPermission(user: User, permission: string, rid?: string): boolean {
    const holders = this.db.permissions.get(permission)?.roles
    if (!holders || holders.length === 0) return false
    if (user.roles.some((role) => holders.includes(role))) return true
    if (rid === undefined) return false
    const roles = this.subscription(rid, user._id)?.roles
    return roles?.some((role) => holders.includes(role)) ?? false
  }

  subscription(rid: string, uid: string) {
    return this.db.subscriptions.unique('roomUser', `${rid}:${uid}`)
  }

  /** A user by `_id` or by username (case-insensitive), as most lookups accept either. */
  findUser(idOrUsername: string): User | undefined {
    return this.db.users.get(idOrUsername) ?? this.db.users.unique('username', idOrUsername.toLowerCase())
  }

  /** A room by `_id`, or a channel/group by name. */
  findRoom(idOrName: string): Room | undefined {
    return this.db.rooms.get(idOrName) ?? this.db.rooms.unique('name', idOrName)
  }
}
