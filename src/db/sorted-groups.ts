/**
 * Records grouped by a key (a room id, a thread id…) and kept sorted by a number (a timestamp),
 * ties broken by `_id`. Appends in time order — the common case — are O(1); other inserts and
 * removals are a binary search plus one splice.
 */
export interface Keyed {
  _id: string
}

export interface GroupSpec<T> {
  /** The group a record belongs to, or undefined to leave it out of this index. */
  group(record: T): string | undefined
  /** The sort key inside the group (usually epoch ms). */
  order(record: T): number
  /** Order of records with equal keys (must not change while a record is filed); default `_id`. */
  tie?(a: T, b: T): number
}

export class SortedGroups<T extends Keyed> {
  readonly #groups = new Map<string, T[]>()

  constructor(readonly spec: GroupSpec<T>) {}

  /** The sorted records of one group (oldest first). Do not mutate. */
  get(group: string): readonly T[] {
    return this.#groups.get(group) ?? EMPTY
  }

  groups(): IterableIterator<string> {
    return this.#groups.keys()
  }

  insert(record: T): void {
    const group = this.spec.group(record)
    if (group === undefined) return
    let list = this.#groups.get(group)
    if (!list) this.#groups.set(group, (list = []))
    const order = this.spec.order(record)
    const last = list[list.length - 1]
    if (!last || this.#compare(this.spec.order(last), last, order, record) <= 0) {
      list.push(record)
      return
    }
    list.splice(this.#lowerBound(list, order, record), 0, record)
  }

  /** Remove a record filed under `group`/`order` (its values when it was inserted). */
  remove(record: T, group: string | undefined, order: number): void {
    if (group === undefined) return
    const list = this.#groups.get(group)
    if (!list) return
    let i = this.#lowerBound(list, order, record)
    if (list[i]?._id !== record._id) i = list.findIndex((r) => r._id === record._id)
    if (i < 0) return
    list.splice(i, 1)
    if (list.length === 0) this.#groups.delete(group)
  }

  /** First index in `list` whose (order, tie) is >= that of `record` filed under `order`. */
  #lowerBound(list: readonly T[], order: number, record: T): number {
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const r = list[mid]!
      if (this.#compare(this.spec.order(r), r, order, record) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  #compare(orderA: number, a: T, orderB: number, b: T): number {
    if (orderA !== orderB) return orderA < orderB ? -1 : 1
    if (this.spec.tie) return this.spec.tie(a, b)
    return a._id < b._id ? -1 : a._id > b._id ? 1 : 0
  }

  /** Index of the first record with order > `order` (for "newer than" cursors). */
  upperBoundOf(group: string, order: number): number {
    return this.#bound(group, order, true)
  }

  /** Index of the first record with order >= `order`. */
  lowerBoundOf(group: string, order: number): number {
    return this.#bound(group, order, false)
  }

  #bound(group: string, order: number, strictlyAfter: boolean): number {
    const list = this.get(group)
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const value = this.spec.order(list[mid]!)
      if (value < order || (strictlyAfter && value === order)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  clear(): void {
    this.#groups.clear()
  }
}

const EMPTY: readonly never[] = Object.freeze([])
