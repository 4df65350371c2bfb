/**
 * The mock's notion of "now". Domain code never calls `Date.now()`: it asks the clock, so tests
 * can pin time to the millisecond (`set`) and move it (`advance`), and seeds are reproducible.
 *
 * Running clock: follows the wall clock from an offset. Frozen clock: stays put until moved.
 * Every reading stays inside the range a `Date` can hold; values that would leave it (or are not
 * numbers/dates at all) are refused with a `RangeError`/`TypeError` before anything changes.
 */
export interface ClockOptions {
  /** Start frozen at this instant instead of following the wall clock. */
  frozenAt?: Date | string | number
}

/** ECMAScript's time value range: ±100,000,000 days around the epoch. */
export const MAX_TIME = 8.64e15

export class Clock {
  #offset = 0
  #frozen: number | undefined

  constructor(options: ClockOptions = {}) {
    if (options.frozenAt !== undefined) this.#frozen = toEpoch(options.frozenAt, 'clock.set')
  }

  /** Current time as epoch milliseconds. */
  now(): number {
    return this.#frozen ?? Date.now() + this.#offset
  }

  /** Current time as a fresh Date. */
  date(): Date {
    return new Date(this.now())
  }

  /** Freeze the clock at `instant` (until `advance`, `set` or `resume`). */
  set(instant: Date | string | number): void {
    this.#frozen = toEpoch(instant, 'clock.set')
  }

  /** Move time forward (or back, with a negative value) by `ms`, frozen or running. */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms)) {
      throw new TypeError(`clock.advance expects a finite number of milliseconds, got ${describe(ms)}`)
    }
    const target = this.now() + ms
    if (Math.abs(target) > MAX_TIME) {
      throw new RangeError(`clock.advance(${ms}) would move the clock to ${target}, outside the range of a Date (±${MAX_TIME} ms around 1970)`)
    }
    if (this.#frozen !== undefined) this.#frozen += ms
    else this.#offset += ms
  }

  /** Follow the wall clock again, with no offset. */
  useWallClock(): void {
    this.#frozen = undefined
    this.#offset = 0
  }

  /** Let the clock run again from its current reading. */
  resume(): void {
    if (this.#frozen === undefined) return
    this.#offset = this.#frozen - Date.now()
    this.#frozen = undefined
  }

  get frozen(): boolean {
    return this.#frozen !== undefined
  }
}

/** Records whose stamps must never tie: a room's messages and its trash are paged by them. */
export type StampLane = 'message' | 'other'

/**
 * The single source of write timestamps (`ts` of new records, `_updatedAt`, `_deletedAt`,
 * `editedAt`, …), in whole milliseconds (decisions/0007):
 * - the first stamp after a request (or after the source starts) is strictly after every stamp
 *   issued before, whether the clock is frozen, running or was moved back: a client whose cursor
 *   is the newest stamp it saw never misses a later write;
 * - within one request, records of different collections share the stamp (they are one write,
 *   seen together), but two message records (a reply and its root, an edit and its history copy)
 *   never do, because `chat.syncMessages` pages a room's changes with a strict cursor.
 */
export class StampSource {
  #last = -Infinity
  #fresh = true
  readonly #used = new Set<StampLane>()

  constructor(private readonly clock: Clock) {}

  /** A stamp (epoch ms) for a write in `lane`. */
  next(lane: StampLane = 'other'): number {
    const reading = Math.floor(this.clock.now())
    if (reading > this.#last) {
      this.#last = reading
      this.#used.clear()
    } else if (this.#fresh || (lane === 'message' && this.#used.has(lane))) {
      this.#last += 1
      this.#used.clear()
    }
    this.#fresh = false
    this.#used.add(lane)
    return this.#last
  }

  /** A request ended: the next stamp is strictly after every stamp issued so far. */
  settle(): void {
    this.#fresh = true
  }

  /** The newest stamp issued (or seen in restored data); -Infinity before the first. */
  get last(): number {
    return this.#last
  }

  /** Never issue a stamp at or before `ms` (records restored from a snapshot carry their own). */
  observe(ms: number): void {
    if (ms > this.#last) this.#last = Math.floor(ms)
    this.#fresh = true
  }

  /** Forget every stamp (a database seeded again starts from the clock alone). */
  reset(): void {
    this.#last = -Infinity
    this.#fresh = true
    this.#used.clear()
  }
}

function toEpoch(instant: Date | string | number, method: string): number {
  let ms: number
  if (instant instanceof Date) ms = instant.getTime()
  else if (typeof instant === 'number') ms = instant
  else if (typeof instant === 'string') ms = Date.parse(instant)
  else throw new TypeError(`${method} expects a Date, an ISO date string or epoch milliseconds, got ${describe(instant)}`)
  if (!Number.isFinite(ms)) throw new TypeError(`${method} expects a valid date, got ${describe(instant)}`)
  if (Math.abs(ms) > MAX_TIME) throw new RangeError(`${method}(${describe(instant)}) is outside the range of a Date (±${MAX_TIME} ms around 1970)`)
  return ms
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof Date) return 'an invalid Date'
  if (typeof value === 'number') return String(value)
  if (value === null) return 'null'
  return typeof value
}
