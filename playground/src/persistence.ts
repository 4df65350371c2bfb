/**
 * Where the playground keeps the mock's database between reloads, and how tabs tell each other
 * about a change: one IndexedDB record (`{ rev, savedAt, tab, json }`) and one BroadcastChannel.
 *
 * `rev` is incremented inside the IndexedDB transaction that writes it, so every tab agrees on
 * which save is the newest. The snapshot is stored as a JSON string (what `mock.snapshot()`
 * promises to be safe for), so a damaged record fails in `JSON.parse` or `mock.restore()` — both
 * of which the runtime turns into a fresh seed with a notice.
 */
export interface StoredState {
  rev: number
  savedAt: string
  tab: string
  json: string
}

export interface ChangeMessage {
  type: 'saved'
  rev: number
  tab: string
  /** `write`: ordinary change; `reset`: the database was replaced (reset, reseed, cleared). */
  kind: ChangeKind
}

export type ChangeKind = 'write' | 'reset'

const STORE = 'state'
const KEY = 'snapshot'

export class SnapshotStore {
  readonly #db: IDBDatabase
  readonly #channel: BroadcastChannel | undefined

  private constructor(db: IDBDatabase, channel: BroadcastChannel | undefined) {
    this.#db = db
    this.#channel = channel
  }

  /** Opens (or creates) the database `name`; the BroadcastChannel gets the same name. */
  static async open(name: string): Promise<SnapshotStore> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1)
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE)
      }
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'))
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'))
    })
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined
    return new SnapshotStore(db, channel)
  }

  /** The stored record, or `undefined`. Anything that is not a record-shaped object is returned as-is for the caller to refuse. */
  async load(): Promise<unknown> {
    const tx = this.#db.transaction(STORE, 'readonly')
    return request<unknown>(tx.objectStore(STORE).get(KEY))
  }

  /** Writes `json` as the next revision (atomically: above the stored one and `floor`); resolves with it. */
  async save(json: string, tab: string, floor = 0): Promise<number> {
    const tx = this.#db.transaction(STORE, 'readwrite')
    const store = tx.objectStore(STORE)
    const previous = await request<unknown>(store.get(KEY))
    const rev = Math.max(isStoredState(previous) && Number.isFinite(previous.rev) ? previous.rev : 0, floor) + 1
    const record: StoredState = { rev, savedAt: new Date().toISOString(), tab, json }
    store.put(record, KEY)
    await done(tx)
    return rev
  }

  /**
   * Writes `json` as revision `rev` in one synchronous step (no read first): for `pagehide`, when
   * there is no time left for the read-then-write of `save`. The caller holds the write lock.
   * Transactions on one store commit in creation order, so this lands after any save in flight.
   */
  saveNow(json: string, tab: string, rev: number): void {
    const tx = this.#db.transaction(STORE, 'readwrite')
    const record: StoredState = { rev, savedAt: new Date().toISOString(), tab, json }
    tx.objectStore(STORE).put(record, KEY)
    tx.commit?.()
  }

  /** Stores anything under the key (tests use it to plant a damaged record). */
  async putRaw(value: unknown): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).put(value, KEY)
    await done(tx)
  }

  async clear(): Promise<void> {
    const tx = this.#db.transaction(STORE, 'readwrite')
    tx.objectStore(STORE).delete(KEY)
    await done(tx)
  }

  broadcast(message: ChangeMessage): void {
    this.#channel?.postMessage(message)
  }

  onMessage(listener: (message: ChangeMessage) => void): void {
    this.#channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data as Partial<ChangeMessage> | null
      if (data && data.type === 'saved' && typeof data.rev === 'number' && typeof data.tab === 'string') {
        listener({ type: 'saved', rev: data.rev, tab: data.tab, kind: data.kind === 'reset' ? 'reset' : 'write' })
      }
    })
  }

  get crossTab(): boolean {
    return this.#channel !== undefined
  }
}

export function isStoredState(value: unknown): value is StoredState {
  if (!value || typeof value !== 'object') return false
  const v = value as Partial<StoredState>
  return typeof v.rev === 'number' && typeof v.json === 'string'
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}
