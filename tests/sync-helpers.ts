/**
 * A client replica of a few rooms, kept up to date only through the sync endpoints, the way a
 * mobile client does it: a snapshot from the full reads, then deltas from `chat.syncMessages`
 * (lastUpdate or cursor mode), `chat.syncThreadsList` and `chat.syncThreadMessages`.
 *
 * Two rules make a client correct against the server's strictly-greater (`$gt`, millisecond)
 * comparisons, and this replica follows them:
 * - it asks for changes since one millisecond *before* its last sync, because a write in the same
 *   millisecond as the sync, after it, has `_updatedAt` equal to the sync time; re-applying an
 *   already-seen change is harmless (every delta carries whole documents);
 * - in cursor mode it overlaps pages the same way (`next = cursor.next - 1`) and grows `count`
 *   when a page cannot advance (more than `count` changes in one millisecond). DELETED pages are
 *   ordered by `_updatedAt` while their cursor is a `_deletedAt` (the server's query), so a
 *   DELETED page is only trusted when it is the last one (`cursor.next === null`); otherwise the
 *   replica asks again with a larger `count`.
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
}

type Api = (path: string, options?: ApiOptions) => Promise<ApiResponse>

const FAR_FUTURE = '2999-01-01T00:00:00.000Z'

export class Replica {
  readonly state: ReplicaState = { rooms: {}, threads: {}, threadMessages: {} }
  /** Server time (epoch ms) of the last snapshot or sync. */
  syncedAt = 0
  /** Requests this replica sent, for budget checks. */
  requests = 0

  constructor(
    private readonly api: Api,
    readonly viewer: { username: string; userId: string },
    readonly rooms: readonly ReplicaRoom[],
  ) {}

  /** Start from the full reads at server time `now`. */
  async snapshot(now: number): Promise<void> {
    const full = await fullRead(this.call, this.viewer.userId, this.rooms)
    Object.assign(this.state, full)
    this.syncedAt = now
  }

  /** Apply every delta since the last sync; `now` is the server time of this sync. */
  async sync(now: number, mode: SyncMode): Promise<void> {
    const since = this.syncedAt - 1
    for (const room of this.rooms) {
      if (mode.kind === 'lastUpdate') await this.#roomByLastUpdate(room.rid, since)
      else await this.#roomByCursor(room.rid, since, mode.count)
      await this.#threads(room.rid, since)
    }
    this.syncedAt = now
  }

  /** The same three views read in full from the server now. */
  fullRead(): Promise<ReplicaState> {
    return fullRead(this.call, this.viewer.userId, this.rooms)
  }

  readonly call: Api = async (path, options = {}) => {
    this.requests++
    const res = await this.api(path, { as: this.viewer.username, ...options })
    if (res.status !== 200) throw new Error(`${path} ${JSON.stringify(options.query)} → ${res.status} ${JSON.stringify(res.body)}`)
    return res
  }

  async #roomByLastUpdate(rid: string, since: number): Promise<void> {
    const res = await this.call('chat.syncMessages', { query: { roomId: rid, lastUpdate: new Date(since).toISOString() } })
    const room = (this.state.rooms[rid] ??= {})
    expect(Object.keys(res.body.result)).toStrictEqual(['updated', 'deleted'])
    for (const m of res.body.result.updated as Doc[]) room[m._id] = m
    for (const d of res.body.result.deleted as Array<{ _id: string }>) delete room[d._id]
  }

  async #roomByCursor(rid: string, since: number, initialCount: number): Promise<void> {
    const room = (this.state.rooms[rid] ??= {})
    // UPDATED: pages ascending by `_updatedAt`, overlapped by one millisecond.
    let at = since
    let count = initialCount
    for (let guard = 0; ; guard++) {
      if (guard > 10_000) throw new Error('UPDATED paging does not end')
      const res = await this.call('chat.syncMessages', { query: { roomId: rid, type: 'UPDATED', next: String(at), count } })
      const { updated, deleted, cursor } = res.body.result
      expect(deleted).toStrictEqual([])
      for (const m of updated as Doc[]) room[m._id] = m
      if (cursor.next === null) break
      const nextAt = Number(cursor.next) - 1
      if (nextAt <= at) count *= 2
      else at = nextAt
    }
    // DELETED: one page holding everything after `since` (see the file comment).
    count = initialCount
    for (let guard = 0; ; guard++) {
      if (guard > 64) throw new Error('DELETED paging does not end')
      const res = await this.call('chat.syncMessages', { query: { roomId: rid, type: 'DELETED', next: String(since), count } })
      const { updated, deleted, cursor } = res.body.result
      expect(updated).toStrictEqual([])
      if (cursor.next !== null) {
        count *= 2
        continue
      }
      for (const d of deleted as Array<{ _id: string; _deletedAt: string }>) {
        expect(Date.parse(d._deletedAt)).toBeGreaterThan(since)
        delete room[d._id]
      }
      break
    }
  }

  async #threads(rid: string, since: number): Promise<void> {
    const updatedSince = new Date(since).toISOString()
    const threads = (this.state.threads[rid] ??= {})
    const known = Object.keys(threads)
    const res = await this.call('chat.syncThreadsList', { query: { rid, updatedSince } })
    for (const root of res.body.threads.update as Doc[]) {
      // Edit-history copies carry `tcount` too; a client never shows `_hidden` documents.
      if (root._hidden === true) delete threads[root._id]
      else threads[root._id] = clientView(root, this.viewer.userId)
    }
    for (const root of res.body.threads.remove as Doc[]) {
      expect(root.__collection__).toBe('message')
      delete threads[root._id]
    }
    for (const tmid of known) if (!threads[tmid]) delete this.state.threadMessages[tmid]
    for (const tmid of Object.keys(threads)) {
      // A thread new to the replica got all its replies after the last sync: the delta is all of it.
      const replies = (this.state.threadMessages[tmid] ??= {})
      const delta = await this.call('chat.syncThreadMessages', { query: { tmid, updatedSince } })
      for (const m of delta.body.messages.update as Doc[]) replies[m._id] = m
      for (const m of delta.body.messages.remove as Doc[]) delete replies[m._id]
    }
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

/** Room history (everything, thread replies included), threads list, and each thread's replies. */
export async function fullRead(call: Api, viewerId: string, rooms: readonly ReplicaRoom[]): Promise<ReplicaState> {
  const state: ReplicaState = { rooms: {}, threads: {}, threadMessages: {} }
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
  }
}
