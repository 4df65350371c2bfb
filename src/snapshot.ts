import type { Core } from './core.js'
import type { Db, Message } from './db/index.js'
import { FileStore } from './files/store.js'

/** Bump when the stored shape changes: an older snapshot is then refused and the mock reseeds. */
export const SNAPSHOT_VERSION = 2

export interface MockSnapshot {
  version: number
  seed: number
  scenario: string
  collections: Record<string, unknown[]>
  /** Uploaded files' bytes by upload id, base64 (seeded files are regenerated, not stored). */
  files?: Record<string, string>
}

/**
 * A JSON-safe copy of the whole database (dates as `{ $date: epochMs }`), for persistence across
 * reloads and for syncing tabs. `restoreSnapshot` validates everything before it replaces anything.
 */
export function takeSnapshot(core: Core, meta: { seed: number; scenario: string }): MockSnapshot {
  const collections: Record<string, unknown[]> = {}
  for (const [name, collection] of Object.entries(core.db)) collections[name] = collection.all().map(encode)
  return { version: SNAPSHOT_VERSION, seed: meta.seed, scenario: meta.scenario, collections, files: core.files.toJSON() }
}

export function restoreSnapshot(core: Core, snapshot: unknown): MockSnapshot {
  if (!snapshot || typeof snapshot !== 'object') throw new Error('Snapshot is not an object')
  const s = snapshot as Partial<MockSnapshot>
  if (s.version !== SNAPSHOT_VERSION) throw new Error(`Snapshot version ${String(s.version)} is not ${SNAPSHOT_VERSION}`)
  if (typeof s.seed !== 'number' || typeof s.scenario !== 'string' || !s.collections || typeof s.collections !== 'object') {
    throw new Error('Snapshot is missing seed, scenario or collections')
  }
  const names = Object.keys(core.db) as Array<keyof Db>
  const decoded = new Map<keyof Db, unknown[]>()
  for (const name of names) {
    const records = s.collections[name]
    if (!Array.isArray(records)) throw new Error(`Snapshot has no "${name}" collection`)
    const values = records.map(decode)
    // Validate every collection before touching any, so a bad snapshot changes nothing.
    for (const value of values) core.db[name].check(value)
    decoded.set(name, values)
  }
  const files = FileStore.decode(s.files)
  for (const name of names) core.db[name].replaceAll(decoded.get(name)!)
  core.files.replaceAll(files)
  // A room's lastMessage is the message record itself; re-link it.
  for (const room of core.db.rooms.all()) {
    const last = room.lastMessage as Message | undefined
    if (last) room.lastMessage = core.db.messages.get(last._id) ?? last
  }
  core.parseCache.clear()
  // New writes must be stamped after everything restored, or sync clients would skip them.
  core.stamps.observe(newestStamp(core))
  return s as MockSnapshot
}

/** The newest write stamp in the database (`_updatedAt`, `ts`, `_deletedAt`). */
export function newestStamp(core: Core): number {
  let newest = -Infinity
  for (const collection of Object.values(core.db)) {
    for (const record of collection.all() as Array<Record<string, unknown>>) {
      for (const key of ['_updatedAt', 'ts', '_deletedAt']) {
        const value = record[key]
        if (value instanceof Date && value.getTime() > newest) newest = value.getTime()
      }
    }
  }
  return newest
}

/**
 * Dates become `{ $date: epochMs }`. A stored object that only looks like one of the markers
 * (a client may send `attachments: [{ "$date": 0 }]`, which the mock keeps as sent) is wrapped
 * as `{ $escape: {...} }`, so every snapshot the mock produces restores to the same records.
 */
function encode(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() }
  if (Array.isArray(value)) return value.map(encode)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) if (child !== undefined) setOwn(out, key, encode(child))
    return isMarker(out) ? { $escape: out } : out
  }
  return value
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode)
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (isMarker(record) && typeof record.$date === 'number') return new Date(record.$date)
    const escaped = isMarker(record) && record.$escape && typeof record.$escape === 'object' && !Array.isArray(record.$escape)
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(escaped ? (record.$escape as Record<string, unknown>) : record)) setOwn(out, key, decode(child))
    return out
  }
  return value
}

function isMarker(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record)
  return keys.length === 1 && (keys[0] === '$date' || keys[0] === '$escape')
}

/** An own, enumerable property even for `__proto__`: never the prototype, never dropped. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}
