/**
 * The database's one commit point. Every `insert`, `patch` and `remove` of an indexed collection
 * is reported here, so whatever a write came from (a REST handler, a DDP method, a seed replayed
 * by the panel, a `mock.*` helper, simulated activity) it is seen the same way — as Rocket.Chat's
 * watchers once read MongoDB's change stream.
 *
 * Two kinds of listener:
 * - `onWrite` hears each write synchronously (caches that must never serve a stale record);
 * - `subscribe` hears one batch per synchronous turn: the domain's writes for one request all
 *   happen in one turn, so a batch is "everything this request changed", with each record in its
 *   final state and its state before the turn (`before`, a shallow copy). The realtime layer turns
 *   batches into stream events.
 * Nothing is recorded while nobody listens (seeding 100k messages pays one branch per write).
 */
export type ChangeOp = 'insert' | 'update' | 'remove'

export interface Change<T = Record<string, unknown>> {
  collection: string
  /** The net effect of the turn: an insert then patches is an `insert`, anything then a remove is a `remove`. */
  op: ChangeOp
  /** The record as it is now (for a `remove`, as it was when removed). */
  record: T
  /** A shallow copy of the record before its first write of the turn (`update` only). */
  before?: T
}

type WriteListener = (collection: string, op: ChangeOp, record: Record<string, unknown>) => void
type BatchListener = (batch: readonly Change[]) => void

export class ChangeFeed {
  readonly #writeListeners = new Set<WriteListener>()
  readonly #batchListeners = new Set<BatchListener>()
  #pending = new Map<Record<string, unknown>, Change>()
  #scheduled = false
  #muted = 0

  /** Whether anyone listens (collections skip the bookkeeping otherwise). */
  get active(): boolean {
    return this.#muted === 0 && (this.#batchListeners.size > 0 || this.#writeListeners.size > 0)
  }

  /** Called by a collection before it changes a record in place (so `before` can be kept). */
  willUpdate(collection: string, record: Record<string, unknown>): void {
    if (this.#batchListeners.size === 0 || this.#pending.has(record)) return
    this.#pending.set(record, { collection, op: 'update', record, before: { ...record } })
    this.#schedule()
  }

  /** Called by a collection after a write. */
  wrote(collection: string, op: ChangeOp, record: Record<string, unknown>): void {
    for (const listener of this.#writeListeners) listener(collection, op, record)
    if (this.#batchListeners.size === 0) return
    const pending = this.#pending.get(record)
    if (!pending) {
      this.#pending.set(record, { collection, op, record })
      this.#schedule()
    } else if (op === 'remove') {
      // Inserted and removed in one turn: nobody ever saw it.
      if (pending.op === 'insert') this.#pending.delete(record)
      else pending.op = 'remove'
    }
  }

  onWrite(listener: WriteListener): () => void {
    this.#writeListeners.add(listener)
    return () => this.#writeListeners.delete(listener)
  }

  subscribe(listener: BatchListener): () => void {
    this.#batchListeners.add(listener)
    return () => this.#batchListeners.delete(listener)
  }

  /** Run `fn` without reporting its writes (reseeding, restoring a snapshot). */
  muted<R>(fn: () => R): R {
    this.#muted += 1
    try {
      return fn()
    } finally {
      this.#muted -= 1
    }
  }

  /** Deliver the pending batch now (tests and transports that need events before they answer). */
  flush(): void {
    this.#scheduled = false
    if (this.#pending.size === 0) return
    const batch = [...this.#pending.values()]
    this.#pending = new Map()
    for (const listener of this.#batchListeners) {
      try {
        listener(batch)
      } catch (error) {
        // A listener's bug must not break the write that triggered it.
        console.error('[rocketchat-msw] change listener failed', error)
      }
    }
  }

  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    queueMicrotask(() => this.flush())
  }
}
