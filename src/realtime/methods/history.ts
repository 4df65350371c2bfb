import type { Core } from '../../core.js'
import type { Message, User } from '../../db/index.js'
import { canAccessRoom } from '../../domain/access.js'
import { loadHistory as history } from '../../domain/history.js'
import { readThread, threadMessages } from '../../domain/threads.js'
import { viewMessage } from '../../serialize/message.js'
import { check, isDate, isNumber, isObject, isOptional, isString, isBoolean } from '../check.js'
import { MeteorError } from '../meteor-error.js'
import type { Method } from './context.js'

function viewAll(core: Core, messages: readonly Message[], viewer: User): Message[] {
  return messages.map((m) => viewMessage(core, m, viewer))
}

function hiddenTypes(core: Core): Set<string> {
  return new Set(core.setting('Hide_System_Messages'))
}

/**
 * `loadHistory [rid, end?, limit=20, ls?, showThreadMessages=true]`: messages before `end`,
 * newest first; with `ls`, `firstUnread` and `unreadNotLoaded`. `false` when the room cannot be read.
 */
export const loadHistory: Method = ({ core, user }, [rid, end, limit, ls, showThreadMessages]) => {
  check(
    isString(rid) && isOptional(end, isDate) && isOptional(limit, isNumber) && isOptional(ls, isDate) && isOptional(showThreadMessages, isBoolean),
    'loadHistory params',
  )
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'loadHistory' })
  const room = core.db.rooms.get(rid)
  if (!room || !canAccessRoom(core, room, user)) return false
  const count = Math.max(0, Math.trunc((limit as number | undefined) ?? 20))
  const page = history(core, room, user, {
    latest: end instanceof Date ? end.toISOString() : undefined,
    offset: 0,
    count,
    showThreadMessages: showThreadMessages !== false,
  })
  const out: Record<string, unknown> = { messages: viewAll(core, page.messages, user) }
  if (ls instanceof Date) {
    const oldestLoaded = page.messages.at(-1)?.ts.getTime() ?? Infinity
    let firstUnread: Message | undefined
    let unreadNotLoaded = 0
    if (oldestLoaded > ls.getTime()) {
      const ix = core.db.messages.index('room')
      const list = ix.get(rid)
      const hidden = hiddenTypes(core)
      for (let i = ix.upperBoundOf(rid, ls.getTime()); i < list.length; i++) {
        const m = list[i]!
        if (m._hidden || (m.t !== undefined && hidden.has(m.t))) continue
        if (m.ts.getTime() >= oldestLoaded) break
        firstUnread ??= m
        unreadNotLoaded++
      }
    }
    if (firstUnread) out.firstUnread = viewMessage(core, firstUnread, user)
    out.unreadNotLoaded = unreadNotLoaded
  }
  return out
}

/** `loadNextMessages [rid, end?, limit=20]`: messages after `end`, oldest first. */
export const loadNextMessages: Method = ({ core, user }, [rid, end, limit]) => {
  check(isString(rid) && isOptional(end, isDate) && isOptional(limit, isNumber), 'loadNextMessages params')
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'loadNextMessages' })
  const room = core.db.rooms.get(rid)
  if (!room || !canAccessRoom(core, room, user)) return false
  const count = Math.max(0, Math.trunc((limit as number | undefined) ?? 20))
  const ix = core.db.messages.index('room')
  const list = ix.get(rid)
  const hidden = hiddenTypes(core)
  const out: Message[] = []
  const start = end instanceof Date ? ix.upperBoundOf(rid, end.getTime()) : 0
  for (let i = start; i < list.length && out.length < count; i++) {
    const m = list[i]!
    if (m._hidden || (m.t !== undefined && hidden.has(m.t))) continue
    out.push(m)
  }
  return { messages: viewAll(core, out, user) }
}

/**
 * `loadSurroundingMessages [{_id, rid?}, limit=50]`: ⌈(limit−1)/2⌉ messages before (newest
 * first), the message, ⌊(limit−1)/2⌋ after (oldest first), as the server concatenates them.
 */
export const loadSurroundingMessages: Method = ({ core, user }, [message, limit]) => {
  check(isObject(message) && isString(message._id) && isOptional(limit, isNumber), 'loadSurroundingMessages params')
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'loadSurroundingMessages' })
  const target = core.db.messages.get(message._id)
  if (!target) return false
  const room = core.db.rooms.get(target.rid)
  if (!room || !canAccessRoom(core, room, user)) return false
  const total = Math.max(1, Math.trunc((limit as number | undefined) ?? 50))
  const beforeCount = Math.ceil((total - 1) / 2)
  const afterCount = Math.floor((total - 1) / 2)
  const list = core.db.messages.sorted('room', target.rid)
  const at = list.indexOf(target)
  const hidden = hiddenTypes(core)
  const visible = (m: Message) => !m._hidden && !(m.t !== undefined && hidden.has(m.t))
  const before: Message[] = []
  let i = at - 1
  for (; i >= 0 && before.length < beforeCount; i--) if (visible(list[i]!)) before.push(list[i]!)
  let moreBefore = false
  for (; i >= 0 && !moreBefore; i--) moreBefore = visible(list[i]!)
  const after: Message[] = []
  let j = at + 1
  for (; j < list.length && after.length < afterCount; j++) if (visible(list[j]!)) after.push(list[j]!)
  let moreAfter = false
  for (; j < list.length && !moreAfter; j++) moreAfter = visible(list[j]!)
  return { messages: viewAll(core, [...before, target, ...after], user), moreBefore, moreAfter }
}

/** `getThreadMessages [{tmid, limit?, skip?}]`: `[root, …replies newest first]`; marks the thread read. */
export const getThreadMessages: Method = ({ core, user }, [options]) => {
  check(isObject(options) && isString(options.tmid) && isOptional(options.limit, isNumber) && isOptional(options.skip, isNumber), 'getThreadMessages params')
  const limit = options.limit as number | undefined
  if (limit !== undefined && limit > 100) throw new MeteorError('error-not-allowed', 'max limit: 100', { method: 'getThreadMessages' })
  if (!core.setting('Threads_enabled')) throw new MeteorError('error-not-allowed', 'Threads Disabled', { method: 'getThreadMessages' })
  const root = core.db.messages.get(options.tmid)
  if (!root?.tcount) return []
  const room = core.db.rooms.get(root.rid)
  if (!user || !room || !canAccessRoom(core, room, user)) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'getThreadMessages' })
  readThread(core, user, root)
  const skip = Math.max(0, Math.trunc((options.skip as number | undefined) ?? 0))
  const replies = [...threadMessages(core, root._id)].filter((m) => !m._hidden).reverse()
  const page = replies.slice(skip, limit === undefined ? undefined : skip + Math.max(0, Math.trunc(limit)))
  return viewAll(core, [root, ...page], user)
}
