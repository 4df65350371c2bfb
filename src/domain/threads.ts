import type { Core } from '../core.js'
import { paginate, type Page } from '../pagination.js'
import type { Message, Room, User } from '../db/index.js'
import { compareBy, type Sort } from '../query.js'
import { touchMessage } from './messages.js'
import { touchSubscription } from './rooms.js'

/**
 * Threads as the server keeps them: a root is any message with `tcount` (set by its first
 * reply, possibly back to 0 after deletions); `replies` lists its followers; a follower's
 * subscription lists the roots with unread replies in `tunread` (+ `tunreadUser`/`tunreadGroup`).
 */

/** The message a follow/unfollow acts on: a reply stands for its root (`tmid || _id`). */
function followTarget(core: Core, message: Message): Message | undefined {
  return core.db.messages.get(message.tmid ?? message._id)
}

/**
 * `follow`: `$addToSet replies: uid` on the root. Works on any message (it does not create
 * `tcount`); every model write bumps `_updatedAt`, so an already-following caller still moves it.
 */
export function followMessage(core: Core, message: Message, user: User): void {
  const target = followTarget(core, message)
  if (!target) return
  touchMessage(core, target, (m) => {
    if (!m.replies?.includes(user._id)) m.replies = [...(m.replies ?? []), user._id]
  })
}

/** `unfollow`: pull the root id from the caller's unread-thread lists, then `$pull replies: uid`. */
export function unfollowMessage(core: Core, message: Message, user: User): void {
  const tmid = message.tmid ?? message._id
  const sub = core.subscription(message.rid, user._id)
  if (sub) {
    touchSubscription(core, sub, (s) => {
      if (s.tunread) s.tunread = s.tunread.filter((id) => id !== tmid)
      if (s.tunreadUser) s.tunreadUser = s.tunreadUser.filter((id) => id !== tmid)
      if (s.tunreadGroup) s.tunreadGroup = s.tunreadGroup.filter((id) => id !== tmid)
    })
  }
  const target = core.db.messages.get(tmid)
  if (!target) return
  touchMessage(core, target, (m) => {
    if (m.replies) m.replies = m.replies.filter((id) => id !== user._id)
  })
}

export interface ThreadListFilter {
  type?: 'following' | 'unread' | undefined
  /** Case-insensitive substring of `msg` (the server's `new RegExp(escapeRegExp(text), 'i')`). */
  text?: string | undefined
  /** The caller's `query`, already stripped of the keys the endpoint sets itself. */
  custom?: ((record: unknown) => boolean) | undefined
  /** The caller's `sort`; undefined means the server's default `{tlm: -1}`. */
  sort?: Sort | undefined
}

/**
 * `chat.getThreadsList`'s filter over a room's thread roots (`tcount` exists, including 0 and
 * `rm` tombstones, hidden copies excluded), sorted by `sort` or `{tlm: -1}`. Walks the room's
 * `roomThreads` index, so the cost is the number of threads, not of messages.
 */
export function listThreads(core: Core, room: Room, user: User, filter: ThreadListFilter): Message[] {
  let roots: readonly Message[] = core.db.messages.sorted('roomThreads', room._id)
  let unread: Set<string> | undefined
  if (filter.type === 'unread') {
    // `_id ∈ tunread`: look the few ids up instead of scanning every root (kept in `ts` order).
    unread = new Set(core.subscription(room._id, user._id)?.tunread ?? [])
    roots = [...unread]
      .map((id) => core.db.messages.get(id))
      .filter((m): m is Message => m !== undefined && m.rid === room._id && m.tcount !== undefined)
      .sort((a, b) => a.ts.getTime() - b.ts.getTime() || (a._id < b._id ? -1 : 1))
  }
  const needle = filter.text ? new RegExp(escapeRegExp(filter.text), 'i') : undefined
  const out: Message[] = []
  for (const m of roots) {
    if (m._hidden === true) continue
    if (filter.type === 'following' && !m.replies?.includes(user._id)) continue
    if (unread && !unread.has(m._id)) continue
    if (needle && !needle.test(m.msg)) continue
    if (filter.custom && !filter.custom(m)) continue
    out.push(m)
  }
  if (filter.sort) {
    // A caller's sort (even `{}`) replaces the default; ties keep the natural (insertion) order.
    if (filter.sort.length > 0) out.sort(compareBy(filter.sort))
    return out
  }
  // Default `{tlm: -1}`; for equal `tlm` the newer root first (Array#sort is stable).
  out.reverse()
  out.sort(compareBy([['tlm', -1]]))
  return out
}

/**
 * One page of `listThreads`. Without a filter or a caller's sort (what clients ask for) it walks
 * the `roomThreadsByReply` index from the newest reply, so the cost is the page, not every root.
 */
export function listThreadsPage(
  core: Core,
  room: Room,
  user: User,
  filter: ThreadListFilter,
  page: Page,
): { items: Message[]; count: number; offset: number; total: number } {
  if (filter.type || filter.text || filter.custom || filter.sort) {
    return paginate(listThreads(core, room, user, filter), page)
  }
  const roots = core.db.messages.sorted('roomThreadsByReply', room._id)
  const items: Message[] = []
  let total = 0
  for (let i = roots.length - 1; i >= 0; i--) {
    const m = roots[i]!
    if (m._hidden === true) continue
    if (total >= page.offset && items.length < page.count) items.push(m)
    total++
  }
  return { items, count: items.length, offset: page.offset, total }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * `chat.getThreadMessages`: every message whose `tmid` is this id (the root itself is not
 * included; `rm` tombstones and `Message_KeepHistory` copies are), oldest first unless `sort`.
 */
export function threadMessages(core: Core, tmid: string, sort?: Sort): readonly Message[] {
  const replies = core.db.messages.sorted('thread', tmid)
  if (!sort || sort.length === 0) return replies
  return [...replies].sort(compareBy(sort))
}

/**
 * `readThread`: the thread no longer counts as unread for this user (its id leaves `tunread*`);
 * the room keeps its alert only while other unread threads or messages remain.
 */
export function readThread(core: Core, user: User, root: Message): void {
  const sub = core.subscription(root.rid, user._id)
  if (!sub) return
  const tmid = root._id
  const listed = sub.tunread?.includes(tmid) || sub.tunreadUser?.includes(tmid) || sub.tunreadGroup?.includes(tmid)
  if (!listed) return
  touchSubscription(core, sub, (s) => {
    s.tunread = (s.tunread ?? []).filter((id) => id !== tmid)
    s.tunreadUser = (s.tunreadUser ?? []).filter((id) => id !== tmid)
    s.tunreadGroup = (s.tunreadGroup ?? []).filter((id) => id !== tmid)
    if (s.tunread.length === 0 && s.unread === 0) s.alert = false
  })
}
