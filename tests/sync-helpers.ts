/**
 * A client replica of a few rooms (and of the viewer's room list and subscriptions), kept up to
 * date only through the sync endpoints, the way Rocket.Chat's clients do it: a snapshot from the
 * full reads, then deltas from `chat.syncMessages` (lastUpdate or cursor mode),
 * `chat.syncThreadsList`, `chat.syncThreadMessages`, `rooms.get` and `subscriptions.get` with
 * `updatedSince`.
 *
 * The replica follows the simplest correct client rule and nothing more: each view's cursor is
 * the newest stamp (`_updatedAt`, `_deletedAt`, or a cursor the mock returned) it has received
 * in that view, compared strictly (`>`), with no overlap and no retries; cursor pages are
 * followed one `cursor.next` at a time, and may be interleaved with writes (`page`). The mock's
 * stamps strictly increase (decisions/0007), which is what makes this lossless.
 */
import { expect } from 'vitest'
import type { ApiOptions, ApiResponse } from './helpers.js'

export type Doc = Record<string, any> & { _id: string }

export interface ReplicaRoom {
  rid: string
  /** `c`, `p` or `d`: which history endpoint gives the full read. */
  t: 'c' | 'p' | 'd'
}

export type SyncMode = { kind: 'lastUpdate' } | { kind: 'cursor'; count: number }

export interface ReplicaState {
  /** rid → message id → message (as `chat.syncMessages` / history render it for the viewer). */
  rooms: Record<string, Record<string, Doc>>
  /** rid → root id → thread root (client-normalised: `starred` reduced to the viewer's entry). */
  threads: Record<string, Record<string, Doc>>
  /** root id → reply id → reply. */
  threadMessages: Record<string, Record<string, Doc>>
  /** The viewer's rooms (`rooms.get`) and subscriptions (`subscriptions.get`), by id. */
  roomList: Record<string, Doc>
  subscriptions: Record<string, Doc>
}

type Api = (path: string, options?: ApiOptions) => Promise<ApiResponse>

const FAR_FUTURE = '2999-01-01T00:00:00.000Z'

/** The newest of `cursor` and the stamps (`_updatedAt`, `_deletedAt`) of `docs`. */
function newest(cursor: number, docs: readonly Doc[], keys: readonly string[] = ['_updatedAt', '_deletedAt']): number {
  let out = cursor
  for (const doc of docs) {
    for (const key of keys) {
      const value = doc[key]
      if (typeof value === 'string') out = Math.max(out, Date.parse(value))
    }
  }
  return out
}

interface Cursors {
  /** chat.syncMessages per room: UPDATED and DELETED cursors (lastUpdate mode uses the older). */
  updated: Record<string, number>
  deleted: Record<string, number>
  threads: Record<string, number>
  threadMessages: Record<string, number>
  rooms: number
  subscriptions: number
}

export class Replica {
  readonly state: ReplicaState = { rooms: {}, threads: {}, threadMessages: {}, roomList: {}, subscriptions: {} }
  readonly cursors: Cursors = { updated: {}, deleted: {}, threads: {}, threadMessages: {}, rooms: 0, subscriptions: 0 }
  /** Requests this replica sent, for budget checks. */
  requests = 0

  constructor(
    private readonly api: Api,
    readonly viewer: { username: string; userId: string },
    readonly rooms: readonly ReplicaRoom[],
  ) {}

  /** Start from the full reads; every view's cursor is the newest stamp the reads showed. */
  async snapshot(_now?: number): Promise<void> {
    const full = await fullRead(this.call, this.viewer.userId, this.rooms)
    Object.assign(this.state, full)
    const all = [
      ...Object.values(full.rooms).flatMap((r) => Object.values(r)),
      ...Object.values(full.threads).flatMap((r) => Object.values(r)),
      ...Object.values(full.threadMessages).flatMap((r) => Object.values(r)),
      ...Object.values(full.roomList),
      ...Object.values(full.subscriptions),
    ]
    // No write runs during the snapshot: the newest stamp it showed bounds every view.
    const start = newest(0, all)
    for (const room of this.rooms) {
      this.cursors.updated[room.rid] = start
      this.cursors.deleted[room.rid] = start
      this.cursors.threads[room.rid] = start
    }
    for (const tmid of Object.keys(full.threadMessages)) this.cursors.threadMessages[tmid] = start
    this.cursors.rooms = start
    this.cursors.subscriptions = start
  }

  /** Apply every delta since the last sync (`_now` is ignored: cursors are stamps). */
  async sync(_now: number, mode: SyncMode): Promise<void> {
    for (const room of this.rooms) {
      if (mode.kind === 'lastUpdate') await this.#roomByLastUpdate(room.rid)
      else {
        while (await this.page(room.rid, 'UPDATED', mode.count));
        while (await this.page(room.rid, 'DELETED', mode.count));
      }
      await this.#threads(room.rid)
    }
    await this.#roomList()
    await this.#subscriptions()
  }

  /** One cursor page of `chat.syncMessages`; whether there are more (`cursor.next` not null). */
  async page(rid: string, type: 'UPDATED' | 'DELETED', count: number): Promise<boolean> {
    const room = (this.state.rooms[rid] ??= {})
    const cursors = type === 'UPDATED' ? this.cursors.updated : this.cursors.deleted
    const at = cursors[rid] ?? 0
    const res = await this.call('chat.syncMessages', { query: { roomId: rid, type, next: String(at), count } })
    const { updated, deleted, cursor } = res.body.result
    if (type === 'UPDATED') {
      expect(deleted).toStrictEqual([])
      for (const m of updated as Doc[]) {
        expect(Date.parse(m._updatedAt)).toBeGreaterThan(at)
        room[m._id] = m
      }
      cursors[rid] = cursor.next === null ? newest(at, updated, ['_updatedAt']) : Number(cursor.next)
    } else {
      expect(updated).toStrictEqual([])
      for (const d of deleted as Doc[]) {
        expect(Date.parse(d._deletedAt)).toBeGreaterThan(at)
        delete room[d._id]
      }
      cursors[rid] = cursor.next === null ? newest(at, deleted, ['_deletedAt']) : Number(cursor.next)
    }
    expect(cursors[rid]).toBeGreaterThanOrEqual(at)
    return cursor.next !== null
  }

  /** The same views read in full from the server now. */
  fullRead(): Promise<ReplicaState> {
    return fullRead(this.call, this.viewer.userId, this.rooms)
  }

  readonly call: Api = async (path, options = {}) => {
    this.requests++
    const res = await this.api(path, { as: this.viewer.username, ...options })
    if (res.status !== 200) throw new Error(`${path} ${JSON.stringify(options.query)} → ${res.status} ${JSON.stringify(res.body)}`)
    return res
  }

  async #roomByLastUpdate(rid: string): Promise<void> {
    // One cursor for both lists: the older of the two (re-applying a change is harmless).
    const since = Math.min(this.cursors.updated[rid] ?? 0, this.cursors.deleted[rid] ?? 0)
    const res = await this.call('chat.syncMessages', { query: { roomId: rid, lastUpdate: new Date(since).toISOString() } })
    const room = (this.state.rooms[rid] ??= {})
    expect(Object.keys(res.body.result)).toStrictEqual(['updated', 'deleted'])
    for (const m of res.body.result.updated as Doc[]) room[m._id] = m
    for (const d of res.body.result.deleted as Array<{ _id: string }>) delete room[d._id]
    const seen = newest(since, [...res.body.result.updated, ...res.body.result.deleted])
    // lastUpdate has no limit: everything after `since` up to `seen` was delivered.
    this.cursors.updated[rid] = Math.max(this.cursors.updated[rid] ?? 0, seen)
    this.cursors.deleted[rid] = Math.max(this.cursors.deleted[rid] ?? 0, seen)
  }

  async #threads(rid: string): Promise<void> {
    const since = this.cursors.threads[rid] ?? 0
    const threads = (this.state.threads[rid] ??= {})
    const known = Object.keys(threads)
    const res = await this.call('chat.syncThreadsList', { query: { rid, updatedSince: new Date(since).toISOString() } })
    for (const root of res.body.threads.update as Doc[]) {
      // Edit-history copies carry `tcount` too; a client never shows `_hidden` documents.
      if (root._hidden === true) delete threads[root._id]
      else threads[root._id] = clientView(root, this.viewer.userId)
    }
    for (const root of res.body.threads.remove as Doc[]) {
      expect(root.__collection__).toBe('message')
      delete threads[root._id]
    }
    this.cursors.threads[rid] = newest(since, [...res.body.threads.update, ...res.body.threads.remove])
    for (const tmid of known) if (!threads[tmid]) delete this.state.threadMessages[tmid]
    for (const tmid of Object.keys(threads)) {
      // A thread new to the replica got all its replies after the list's previous cursor.
      const from = this.cursors.threadMessages[tmid] ?? since
      const replies = (this.state.threadMessages[tmid] ??= {})
      const delta = await this.call('chat.syncThreadMessages', { query: { tmid, updatedSince: new Date(from).toISOString() } })
      for (const m of delta.body.messages.update as Doc[]) replies[m._id] = m
      for (const m of delta.body.messages.remove as Doc[]) delete replies[m._id]
      this.cursors.threadMessages[tmid] = newest(from, [...delta.body.messages.update, ...delta.body.messages.remove])
    }
  }

  async #roomList(): Promise<void> {
    const since = this.cursors.rooms
    const res = await this.call('rooms.get', { query: { updatedSince: new Date(since).toISOString() } })
    for (const room of res.body.update as Doc[]) this.state.roomList[room._id] = room
    for (const removed of res.body.remove as Doc[]) delete this.state.roomList[removed._id]
    this.cursors.rooms = newest(since, [...res.body.update, ...res.body.remove])
  }

  async #subscriptions(): Promise<void> {
    const since = this.cursors.subscriptions
    const res = await this.call('subscriptions.get', { query: { updatedSince: new Date(since).toISOString() } })
    for (const sub of res.body.update as Doc[]) this.state.subscriptions[sub._id] = sub
    for (const removed of res.body.remove as Doc[]) delete this.state.subscriptions[removed._id]
    this.cursors.subscriptions = newest(since, [...res.body.update, ...res.body.remove])
  }
}

/**
 * What a client shows of a thread root: `chat.getThreadsList` normalises (`starred` reduced to the
 * caller's entry), `chat.syncThreadsList` does not, so the client does it itself.
 */
export function clientView(doc: Doc, viewerId: string): Doc {
  if (!Array.isArray(doc.starred)) return doc
  return { ...doc, starred: doc.starred.filter((s: { _id: string }) => s._id === viewerId) }
}

const HISTORY: Record<ReplicaRoom['t'], string> = { c: 'channels.history', p: 'groups.history', d: 'dm.history' }

/** The viewer's rooms and subscriptions; per room: history (thread replies included), threads list, each thread's replies. */
export async function fullRead(call: Api, viewerId: string, rooms: readonly ReplicaRoom[]): Promise<ReplicaState> {
  const state: ReplicaState = { rooms: {}, threads: {}, threadMessages: {}, roomList: {}, subscriptions: {} }
  state.roomList = byId((await call('rooms.get')).body.update)
  state.subscriptions = byId((await call('subscriptions.get')).body.update)
  for (const room of rooms) {
    const history = await call(HISTORY[room.t], {
      query: { roomId: room.rid, count: 0, latest: FAR_FUTURE, showThreadMessages: true },
    })
    state.rooms[room.rid] = byId(history.body.messages)
    const list = await call('chat.getThreadsList', { query: { rid: room.rid, count: 0 } })
    expect(list.body.total).toBe(list.body.threads.length)
    state.threads[room.rid] = byId((list.body.threads as Doc[]).map((d) => clientView(d, viewerId)))
    for (const root of list.body.threads as Doc[]) {
      const replies = await call('chat.getThreadMessages', { query: { tmid: root._id, count: 0 } })
      state.threadMessages[root._id] = byId(replies.body.messages)
    }
  }
  return state
}

function byId(docs: Doc[]): Record<string, Doc> {
  const out: Record<string, Doc> = {}
  for (const doc of docs) {
    if (out[doc._id]) throw new Error(`Duplicate _id ${doc._id} in one list`)
    out[doc._id] = doc
  }
  return out
}

/** The state with every map's keys sorted, for a readable diff. */
export function canonical(state: ReplicaState): ReplicaState {
  const sortKeys = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return {
    rooms: sortKeys(Object.fromEntries(Object.entries(state.rooms).map(([k, v]) => [k, sortKeys(v)]))),
    threads: sortKeys(Object.fromEntries(Object.entries(state.threads).map(([k, v]) => [k, sortKeys(v)]))),
    threadMessages: sortKeys(Object.fromEntries(Object.entries(state.threadMessages).map(([k, v]) => [k, sortKeys(v)]))),
    roomList: sortKeys(state.roomList),
    subscriptions: sortKeys(state.subscriptions),
  }
}
