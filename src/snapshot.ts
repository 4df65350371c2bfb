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
  return s as MockSnapshot
}

function encode(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() }
  if (Array.isArray(value)) return value.map(encode)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = encode(child)
    return out
  }
  return value
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode)
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '$date' && typeof (value as { $date: unknown }).$date === 'number') {
      return new Date((value as { $date: number }).$date)
    }
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
      out[key] = decode(child)
    }
    return out
  }
  return value
}
