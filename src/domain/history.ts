import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'

export interface HistoryParams {
  latest?: string | undefined
  oldest?: string | undefined
  inclusive?: boolean | undefined
  offset: number
  count: number
  unreads?: boolean | undefined
  showThreadMessages?: boolean | undefined
}

export interface History {
  messages: Message[]
  unreadNotLoaded?: number
  firstUnread?: Message
}

/**
 * `loadMessageHistory` (dm/channels/groups.history): newest first, `ts` before `latest` (default
 * now) and after `oldest`, hidden copies and hidden system types left out, thread-only replies
 * left out unless asked for. Walks the room's `ts` index from `latest` backwards, so a page costs
 * what it returns, not what the room holds.
 */
export function loadHistory(core: Core, room: Room, viewer: User, params: HistoryParams): History {
  // "Now" includes every write stamped so far (stamps may run ahead of a frozen clock).
  const latest = params.latest === undefined ? Math.max(core.clock.now(), core.stamps.last) : Date.parse(params.latest)
  const oldest = params.oldest === undefined ? -Infinity : Date.parse(params.oldest)
  // An unparseable date matches nothing, as a Mongo query with an invalid Date does.
  if (Number.isNaN(latest) || Number.isNaN(oldest)) return { messages: [] }
  const ix = core.db.messages.index('room')
  const list = ix.get(room._id)
  // Without `latest` the bound is "now": a message stamped this very millisecond (the norm with a
  // frozen clock) is included; only future-dated ones (client `ts` ahead of the clock) are not.
  const end = params.inclusive || params.latest === undefined ? ix.upperBoundOf(room._id, latest) : ix.lowerBoundOf(room._id, latest)
  const hiddenTypes = new Set(core.setting('Hide_System_Messages'))
  const visible = (m: Message) => !m._hidden && !(m.t !== undefined && hiddenTypes.has(m.t)) && (params.showThreadMessages || !m.tmid || m.tshow === true)

  const messages: Message[] = []
  let skipped = 0
  for (let i = end - 1; i >= 0 && messages.length < params.count; i--) {
    const m = list[i]!
    const ts = m.ts.getTime()
    if (params.inclusive ? ts < oldest : ts <= oldest) break
    if (!visible(m)) continue
    if (skipped < params.offset) {
      skipped++
      continue
    }
    messages.push(m)
  }
  const result: History = { messages }
  if (params.unreads) {
    const ls = core.subscription(room._id, viewer._id)?.ls?.getTime()
    let unreadNotLoaded = 0
    let firstUnread: Message | undefined
    if (ls !== undefined) {
      const oldestLoaded = messages.length > 0 ? messages[messages.length - 1]!.ts.getTime() : Infinity
      for (let i = ix.upperBoundOf(room._id, ls); i < end; i++) {
        const m = list[i]!
        if (!visible(m)) continue
        firstUnread ??= m
        if (m.ts.getTime() < oldestLoaded) unreadNotLoaded++
        else break
      }
    }
    result.unreadNotLoaded = unreadNotLoaded
    if (firstUnread) result.firstUnread = firstUnread
  }
  return result
}

/** Messages of a room, newest first, not hidden: the default order of the list endpoints. */
export function roomMessagesNewestFirst(core: Core, rid: string): { total: number; at: (offset: number, count: number) => Message[] } {
  const list = core.db.messages.sorted('room', rid)
  const hidden = core.db.messages.sorted('roomHidden', rid).length
  return {
    total: list.length - hidden,
    at(offset, count) {
      const out: Message[] = []
      let skipped = 0
      for (let i = list.length - 1; i >= 0 && out.length < count; i--) {
        const m = list[i]!
        if (m._hidden) continue
        if (skipped++ < offset) continue
        out.push(m)
      }
      return out
    },
  }
}
