import { Collection, Query, type HookEventMap } from '@msw/data'
import type { Emitter } from 'rettime'
import { TypedEvent } from 'rettime'
import type { z } from 'zod'
import type { ChangeFeed } from './change-feed.js'
import { SortedGroups, type GroupSpec, type Keyed } from './sorted-groups.js'

/**
 * An @msw/data `Collection` whose records live in a Map by `_id` with declared secondary indexes.
 *
 * @msw/data's own storage scans an array on every lookup and wraps each record with a UUID and a
 * Map (≈9 µs and ≈1.4 KB per record, 2.9× a plain object): fine for fixtures, not for a room with
 * 100k messages. This subclass keeps the public API (`create`, `findFirst`, `findMany`, `update`,
 * `delete`, `count`, `all`, `hooks`, @msw/data `Query` predicates) over plain zod-parsed records,
 * and adds synchronous O(1)/O(log n) methods for the domain layer: `get`, `insert`, `patch`,
 * `remove`, `sorted`, `unique`. See decisions/0001-indexed-collections.md.
 */
export interface IndexedCollectionOptions<T> {
  schema: z.ZodType<T>
  /** Sorted secondary indexes: `messages.sorted('room', rid)` → that room's messages by `ts`. */
  sorted?: Record<string, GroupSpec<T>>
  /** Unique secondary keys: `users.unique('username', 'alice')`. */
  unique?: Record<string, (record: T) => string | undefined>
}

/**
 * The record as @msw/data's `where()` sees it: declared keys only. Loose zod objects carry an index
 * signature, and @msw/data's condition type maps it to `undefined`, which rejects every real key
 * (`where({ rid: 'GENERAL' })` would not type-check).
 */
type Queryable<T> = 0 extends 1 & T
  ? T
  : T extends Date | RegExp | ((...args: never[]) => unknown)
    ? T
    : T extends readonly unknown[]
      ? { [I in keyof T]: Queryable<T[I]> }
      : T extends object
        ? { [K in keyof T as string extends K ? never : number extends K ? never : K]: Queryable<T[K]> }
        : T
type Predicate<T> = ((query: Query<Queryable<T>>) => Query<Queryable<T>>) | Query<Queryable<T>>
interface FindOptions {
  take?: number
  skip?: number
  orderBy?: Record<string, unknown> | Array<Record<string, unknown>>
}
type Hooks<T> = Emitter<HookEventMap<z.ZodType<T>>>

// Runtime parent is @msw/data's Collection; the static type is narrowed to what we keep of it,
// because our records are plain objects (no @msw/data primary-key symbols).
const CollectionBase = Collection as unknown as new (options: { schema: unknown }) => { hooks: unknown }

export class IndexedCollection<T extends Keyed> extends CollectionBase {
  declare hooks: Hooks<T>
  readonly #schema: z.ZodType<T>
  readonly #byId = new Map<string, T>()
  readonly #sorted = new Map<string, SortedGroups<T>>()
  readonly #unique = new Map<string, { key: (record: T) => string | undefined; map: Map<string, T> }>()
  #name = ''
  #feed: ChangeFeed | undefined

  constructor(options: IndexedCollectionOptions<T>) {
    super({ schema: options.schema })
    this.#schema = options.schema
    for (const [name, spec] of Object.entries(options.sorted ?? {})) this.#sorted.set(name, new SortedGroups(spec))
    for (const [name, key] of Object.entries(options.unique ?? {})) this.#unique.set(name, { key, map: new Map() })
  }

  /** Report every insert/patch/remove of this collection, under `name`, to the database's feed. */
  attach(name: string, feed: ChangeFeed): void {
    this.#name = name
    this.#feed = feed
  }

  // ---- synchronous domain API -------------------------------------------------------------

  get(id: string): T | undefined {
    return this.#byId.get(id)
  }

  has(id: string): boolean {
    return this.#byId.has(id)
  }

  /** Records of one group of a sorted index, oldest first. Read-only view; do not mutate. */
  sorted(index: string, group: string): readonly T[] {
    return this.#index(index).get(group)
  }

  /** The sorted index itself, for range searches (`upperBoundOf`…). */
  index(index: string): SortedGroups<T> {
    return this.#index(index)
  }

  unique(index: string, key: string): T | undefined {
    const entry = this.#unique.get(index)
    if (!entry) throw new Error(`Unknown unique index "${index}"`)
    return entry.map.get(key)
  }

  /** Validate and store a new record. Throws if the values break the schema or the id is taken. */
  insert(values: unknown): T {
    const record = this.#parse(values)
    if (this.#byId.has(record._id)) throw new Error(`Duplicate _id "${record._id}"`)
    this.#add(record)
    if (this.hooks.listenerCount('create') > 0) this.hooks.emit(new TypedEvent('create', { data: { record, initialValues: values } }) as never)
    if (this.#feed?.active) this.#feed.wrote(this.#name, 'insert', record as never)
    return record
  }

  /** Change a stored record in place and re-file it in every index whose key moved. */
  patch(record: T, change: (record: T) => void): T {
    const sortedKeys = [...this.#sorted.values()].map((ix) => [ix.spec.group(record), ix.spec.order(record)] as const)
    const uniqueKeys = [...this.#unique.values()].map((ix) => ix.key(record))
    const feed = this.#feed?.active ? this.#feed : undefined
    feed?.willUpdate(this.#name, record as never)
    change(record)
    let i = 0
    for (const ix of this.#sorted.values()) {
      const [group, order] = sortedKeys[i++]!
      if (group !== ix.spec.group(record) || order !== ix.spec.order(record)) {
        ix.remove(record, group, order)
        ix.insert(record)
      }
    }
    i = 0
    for (const ix of this.#unique.values()) {
      const before = uniqueKeys[i++]
      const after = ix.key(record)
      if (before !== after) {
        if (before !== undefined && ix.map.get(before) === record) ix.map.delete(before)
        if (after !== undefined) ix.map.set(after, record)
      }
    }
    feed?.wrote(this.#name, 'update', record as never)
    return record
  }

  /** Remove a stored record from the collection and every index. */
  remove(record: T): void {
    if (this.#byId.get(record._id) !== record) return
    if (this.hooks.listenerCount('delete') > 0) this.hooks.emit(new TypedEvent('delete', { data: { deletedRecord: record } }) as never)
    this.#drop(record)
    if (this.#feed?.active) this.#feed.wrote(this.#name, 'remove', record as never)
  }

  // ---- @msw/data Collection API ------------------------------------------------------------

  async create(initialValues: unknown): Promise<T> {
    const record = this.#parse(initialValues)
    if (this.hooks.listenerCount('create') > 0) {
      await this.hooks.emitAsPromise(new TypedEvent('create', { data: { record, initialValues } }) as never)
    }
    if (this.#byId.has(record._id)) throw new Error(`Duplicate _id "${record._id}"`)
    this.#add(record)
    return record
  }

  async createMany(count: number, factory: (index: number) => unknown): Promise<T[]> {
    const out: T[] = []
    for (let i = 0; i < count; i++) out.push(await this.create(factory(i)))
    return out
  }

  findFirst(predicate?: Predicate<T>): T | undefined {
    if (!predicate) return this.#byId.values().next().value
    const query = toQuery(predicate)
    for (const record of this.#byId.values()) if (query.test(record)) return record
    return undefined
  }

  /** Filters, then sorts, then applies `skip`/`take` (so a page of a sorted result is right). */
  findMany(predicate?: Predicate<T>, options: FindOptions = {}): T[] {
    const query = predicate ? toQuery(predicate) : undefined
    let results = query ? [...this.#byId.values()].filter((r) => query.test(r)) : [...this.#byId.values()]
    if (options.orderBy) results.sort(comparator(options.orderBy))
    if (options.skip || options.take !== undefined) {
      const start = options.skip ?? 0
      results = results.slice(start, options.take === undefined ? undefined : start + options.take)
    }
    return results
  }

  async update(predicate: Predicate<T> | T, options: { data: (draft: T) => void | Promise<void> }): Promise<T | undefined> {
    const prev = isRecordLike<T>(predicate) ? this.#byId.get(predicate._id) : this.findFirst(predicate as Predicate<T>)
    if (!prev) return undefined
    return this.#replace(prev, options.data)
  }

  async updateMany(predicate: Predicate<T>, options: { data: (draft: T) => void | Promise<void> }): Promise<T[]> {
    const out: T[] = []
    for (const prev of this.findMany(predicate)) out.push(await this.#replace(prev, options.data))
    return out
  }

  delete(predicate: Predicate<T> | T): T | undefined {
    const record = isRecordLike<T>(predicate) ? this.#byId.get(predicate._id) : this.findFirst(predicate as Predicate<T>)
    if (record) this.remove(record)
    return record
  }

  deleteMany(predicate: Predicate<T>): T[] {
    const records = this.findMany(predicate)
    for (const record of records) this.remove(record)
    return records
  }

  /**
   * Replace every record at once (snapshot restore). All values are validated first; if any
   * fails, nothing changes and the error names the first bad record.
   */
  replaceAll(values: readonly unknown[]): void {
    const records = values.map((value, i) => {
      const result = this.#schema.safeParse(value)
      if (!result.success) throw new Error(`Record ${i} does not match the schema: ${result.error.message}`)
      return result.data
    })
    const ids = new Set(records.map((r) => r._id))
    if (ids.size !== records.length) throw new Error('Duplicate _id in the records')
    this.clear()
    for (const record of records) this.#add(record)
  }

  /** Replace every record with trusted ones (copies of a seed template): no validation, no events. */
  load(records: readonly T[]): void {
    this.clear()
    for (const record of records) this.#add(record)
  }

  /** Validate values without storing them (throws like `insert`). */
  check(values: unknown): T {
    return this.#parse(values)
  }

  count(): number {
    return this.#byId.size
  }

  all(): T[] {
    return [...this.#byId.values()]
  }

  clear(): void {
    this.#byId.clear()
    for (const ix of this.#sorted.values()) ix.clear()
    for (const ix of this.#unique.values()) ix.map.clear()
  }

  // ---- internals ---------------------------------------------------------------------------

  #index(name: string): SortedGroups<T> {
    const ix = this.#sorted.get(name)
    if (!ix) throw new Error(`Unknown sorted index "${name}"`)
    return ix
  }

  #parse(values: unknown): T {
    const result = this.#schema.safeParse(values)
    if (!result.success) throw new Error(`Record does not match the schema: ${result.error.message}`)
    return result.data
  }

  #add(record: T): void {
    this.#byId.set(record._id, record)
    for (const ix of this.#sorted.values()) ix.insert(record)
    for (const ix of this.#unique.values()) {
      const key = ix.key(record)
      if (key !== undefined) ix.map.set(key, record)
    }
  }

  #drop(record: T): void {
    this.#byId.delete(record._id)
    for (const ix of this.#sorted.values()) ix.remove(record, ix.spec.group(record), ix.spec.order(record))
    for (const ix of this.#unique.values()) {
      const key = ix.key(record)
      if (key !== undefined && ix.map.get(key) === record) ix.map.delete(key)
    }
  }

  /** The public `update`: change a copy, validate it, then swap it in (no partial writes). */
  async #replace(prev: T, data: (draft: T) => void | Promise<void>): Promise<T> {
    const draft = structuredClone(prev)
    await data(draft)
    const next = this.#parse(draft)
    if (this.hooks.listenerCount('update') > 0) {
      this.hooks.emit(new TypedEvent('update', { data: { prevRecord: prev, nextRecord: next, path: [], prevValue: prev, nextValue: next } }) as never)
    }
    this.#drop(prev)
    this.#add(next)
    return next
  }
}

function toQuery<T>(predicate: Predicate<T>): { test(record: T): boolean } {
  const query = predicate instanceof Query ? predicate : predicate(new Query<Queryable<T>>())
  // A stored record has every declared key, so it is a valid `Queryable<T>`.
  return { test: (record) => query.test(record as unknown as Queryable<T>) }
}

function isRecordLike<T extends Keyed>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && !(value instanceof Query) && typeof (value as Keyed)._id === 'string'
}

function comparator(orderBy: FindOptions['orderBy']): (a: unknown, b: unknown) => number {
  const criteria: Array<[string[], 'asc' | 'desc']> = []
  const walk = (node: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      if (value === 'asc' || value === 'desc') criteria.push([[...path, key], value])
      else if (value && typeof value === 'object') walk(value as Record<string, unknown>, [...path, key])
    }
  }
  for (const entry of Array.isArray(orderBy) ? orderBy : [orderBy ?? {}]) walk(entry, [])
  const get = (record: unknown, path: string[]) => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], record)
  return (a, b) => {
    for (const [path, direction] of criteria) {
      const left = get(a, path) as number | string
      const right = get(b, path) as number | string
      if (left > right) return direction === 'asc' ? 1 : -1
      if (left < right) return direction === 'asc' ? -1 : 1
    }
    return 0
  }
}
