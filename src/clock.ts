/**
 * The mock's notion of "now". Domain code never calls `Date.now()`: it asks the clock, so tests
 * can pin time to the millisecond (`set`) and move it (`advance`), and seeds are reproducible.
 *
 * Running clock: follows the wall clock from an offset. Frozen clock: stays put until moved.
 */
export interface ClockOptions {
  /** Start frozen at this instant instead of following the wall clock. */
  frozenAt?: Date | string | number
}

export class Clock {
  #offset = 0
  #frozen: number | undefined

  constructor(options: ClockOptions = {}) {
    if (options.frozenAt !== undefined) this.#frozen = toEpoch(options.frozenAt)
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
    this.#frozen = toEpoch(instant)
  }

  /** Move time forward (or back, with a negative value) by `ms`, frozen or running. */
  advance(ms: number): void {
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

function toEpoch(instant: Date | string | number): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant)
  if (!Number.isFinite(ms)) throw new TypeError(`Invalid date: ${String(instant)}`)
  return ms
}
