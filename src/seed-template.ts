import type { Core } from './core.js'
import type { Db, Message } from './db/index.js'
import type { RandomState } from './random.js'

/**
 * A seeded database kept aside, so `reset()` and a new mock with the same seed and options copy
 * it instead of running faker and the scenario again (decisions/0010). The records here are
 * private copies nobody can reach; every use copies them again.
 */
export interface SeedTemplate {
  collections: ReadonlyArray<readonly [keyof Db, readonly unknown[]]>
  random: RandomState
  records: number
}

/** Templates of up to this many records are kept (the `large` scenario is not: it would double its memory). */
export const TEMPLATE_MAX_RECORDS = 20_000
/** Distinct seeds × options kept per process, least recently used dropped first. */
const TEMPLATE_LIMIT = 16
const templates = new Map<string, SeedTemplate>()

export function templateFor(key: string): SeedTemplate | undefined {
  const template = templates.get(key)
  if (template) {
    templates.delete(key)
    templates.set(key, template)
  }
  return template
}

/** Keep the freshly seeded state of `core` under `key` (nothing when it is too large). */
export function keepTemplate(key: string, core: Core): void {
  let records = 0
  for (const collection of Object.values(core.db)) records += collection.count()
  // Uploaded bytes live beside the database; a scenario that stores some is seeded for real.
  if (records > TEMPLATE_MAX_RECORDS || Object.keys(core.files.toJSON()).length > 0) return
  const collections = (Object.keys(core.db) as Array<keyof Db>).map((name) => [name, core.db[name].all().map(copy)] as const)
  templates.set(key, { collections, random: core.random.state(), records })
  if (templates.size > TEMPLATE_LIMIT) templates.delete(templates.keys().next().value!)
}

/** Replace the database and random streams of `core` with copies of the template's. */
export function applyTemplate(core: Core, template: SeedTemplate): void {
  for (const [name, records] of template.collections) (core.db[name] as { load(records: readonly unknown[]): void }).load(records.map(copy))
  // A room's lastMessage is the message record itself (as seeding leaves it); re-link it.
  for (const room of core.db.rooms.all()) {
    const last = room.lastMessage as Message | undefined
    if (last) room.lastMessage = core.db.messages.get(last._id) ?? last
  }
  core.restoreRandom(template.random)
}

/**
 * A deep copy of plain stored data (objects, arrays, Dates), keys in the same order and
 * `undefined` values kept. Hand-written: `structuredClone` is several times slower on many small
 * records, and the records hold nothing else.
 */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (Array.isArray(value)) {
    const out = new Array(value.length)
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i])
    return out as T
  }
  const out: Record<string, unknown> = {}
  for (const key in value) {
    const child = copy((value as Record<string, unknown>)[key])
    if (key === '__proto__') Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true })
    else out[key] = child
  }
  return out as T
}
