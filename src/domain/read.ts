import type { Core } from '../core.js'
import type { Message, ReadReceipt, Room, Subscription, User } from '../db/index.js'
import { touchMessage } from './messages.js'
import { touchSubscription } from './rooms.js'
import { userRefOf } from './users.js'

/**
 * Reading a room (`readMessages`, what `subscriptions.read` and `mock.markRead` do), then the
 * Enterprise read-receipt bookkeeping the server runs after it (`ReadReceipt.markMessagesAsRead`).
 */

/**
 * Mark the room read for this user: `ls` = now, counters cleared, `open`; `alert` stays on only
 * while unread threads remain and `readThreads` is false; with `readThreads` the thread unread
 * lists are emptied too. When `Message_Read_Receipt_Enabled`, one receipt is stored per message
 * the user had not seen yet (not their own). Returns the updated subscription.
 */
export function readRoom(core: Core, room: Room, sub: Subscription, user: User, options: { readThreads?: boolean } = {}): Subscription {
  const readThreads = options.readThreads === true
  const lastSeen = sub.ls
  const alert = sub.alert && !readThreads && (sub.tunread?.length ?? 0) > 0
  const now = core.stamp()
  touchSubscription(
    core,
    sub,
    (s) => {
      s.open = true
      s.alert = alert
      s.unread = 0
      s.userMentions = 0
      s.groupMentions = 0
      s.ls = now
      if (readThreads) {
        s.tunread = []
        s.tunreadUser = []
        s.tunreadGroup = []
      }
    },
    now,
  )
  if (core.setting('Message_Read_Receipt_Enabled')) storeReadReceipts(core, room, user, lastSeen ?? sub.ts, now)
  return sub
}

/**
 * `markMessagesAsRead`: receipts for the room's visible messages still flagged `unread` and newer
 * than what the user had seen; then, once every member has a last-seen date, messages older than
 * the earliest one lose their `unread` flag (everyone has read them).
 */
function storeReadReceipts(core: Core, room: Room, user: User, since: Date, now: Date): void {
  if (room.lm && since.getTime() > room.lm.getTime()) return
  const ix = core.db.messages.index('room')
  const list = ix.get(room._id)
  for (let i = ix.upperBoundOf(room._id, since.getTime()); i < list.length; i++) {
    const m = list[i]!
    if (!m.unread || m._hidden || m.u._id === user._id) continue
    if (core.db.readReceipts.unique('messageUser', `${m._id}:${user._id}`)) continue
    core.db.readReceipts.insert(receiptFor(core, m, user._id, now))
  }
  clearUnreadFlags(core, room)
}

function receiptFor(core: Core, message: Message, userId: string, ts: Date): ReadReceipt {
  const receipt: Record<string, unknown> = { _id: core.random.id(), roomId: message.rid, userId, messageId: message._id, ts }
  if (message.t !== undefined) receipt.t = message.t
  if (message.pinned !== undefined) receipt.pinned = message.pinned
  if (message.drid !== undefined) receipt.drid = message.drid
  if (message.tmid !== undefined) receipt.tmid = message.tmid
  return receipt as ReadReceipt
}

/** `setVisibleMessagesAsRead(rid, minimum ls)`: only once every subscription has an `ls`. */
function clearUnreadFlags(core: Core, room: Room): void {
  let until = Infinity
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    if (!sub.ls) return
    until = Math.min(until, sub.ls.getTime())
  }
  if (until === Infinity) return
  const ix = core.db.messages.index('room')
  const list = ix.get(room._id)
  const end = ix.lowerBoundOf(room._id, until)
  for (let i = 0; i < end; i++) {
    const m = list[i]!
    if (m.unread && !m._hidden) touchMessage(core, m, (x) => delete x.unread)
  }
}

/** `ReadReceipt.getReceipts`: a message's receipts, oldest first, each with its reader. */
export function receiptsOf(core: Core, messageId: string) {
  return core.db.readReceipts.sorted('message', messageId).map((r) => {
    const reader = core.db.users.get(r.userId)
    return { ...r, user: reader ? userRefOf(reader) : { _id: r.userId } }
  })
}
