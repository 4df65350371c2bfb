import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Room, User } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { openDirectTarget, resolveDirectMessageRoom } from '../src/domain/direct.js'
import { loadHistory, roomMessagesNewestFirst } from '../src/domain/history.js'
import { defineEndpoint, dmPaths } from '../src/endpoint.js'
import { ApiError } from '../src/errors.js'
import { listParams, pageQuery, paginate, sortQuery } from '../src/pagination.js'
import { compareBy, project, queryPredicate } from '../src/query.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { q } from '../src/validation.js'

const historyFields = {
  latest: q.string().optional(),
  oldest: q.string().optional(),
  inclusive: q.boolean().optional(),
  unreads: q.boolean().optional(),
  showThreadMessages: q.boolean().optional(),
  ...pageQuery.integer,
  ...sortQuery,
}

function historyPayload(core: Core, room: Room, user: User, query: z.infer<z.ZodObject<typeof historyFields>>) {
  const { page } = listParams(core, query) // `sort` is validated as the server does, then ignored
  const history = loadHistory(core, room, user, { ...query, offset: page.offset, count: page.count })
  const out: Record<string, unknown> = { messages: history.messages.map((m) => normalizeMessage(core, m, user)) }
  if (query.unreads) {
    out.unreadNotLoaded = history.unreadNotLoaded ?? 0
    if (history.firstUnread) out.firstUnread = normalizeMessage(core, history.firstUnread, user)
  }
  return out
}

/** `dm.history` / `im.history`: a DM's messages, newest first (see `loadHistory`). */
export const dmHistory = defineEndpoint({
  method: 'GET',
  path: dmPaths('history'),
  query: z.strictObject({ roomId: q.nonEmpty(), ...historyFields }),
  handle: ({ core, user, query }) => {
    const target = resolveDirectMessageRoom(core, user, query.roomId)
    if (target.room && !canAccessRoom(core, target.room, user)) throw ApiError.forbidden()
    listParams(core, query)
    // Every check passed: only now may a missing DM be created.
    const { room } = openDirectTarget(core, user, target)
    if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
    return historyPayload(core, room, user, query)
  },
})

const roomLookup = { roomId: q.string().optional(), roomName: q.string().optional() }

/** `channels.history` / `groups.history`: the same semantics for public channels and private groups. */
function roomHistory(kind: 'channels' | 'groups') {
  const type = kind === 'channels' ? 'c' : 'p'
  const noun = kind === 'channels' ? 'channel' : 'group'
  return defineEndpoint({
    method: 'GET',
    path: `/api/v1/${kind}.history`,
    query: z.strictObject({ ...roomLookup, ...historyFields }),
    handle: ({ core, user, query }) => {
      const key = query.roomId || query.roomName
      if (!key) throw ApiError.meteor('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required')
      const room = query.roomId ? core.db.rooms.get(query.roomId) : core.db.rooms.unique('name', query.roomName!)
      const visible = room && room.t === type && (type === 'c' || core.subscription(room._id, user._id))
      if (!visible) throw ApiError.meteor('error-room-not-found', `The required "roomId" or "roomName" param provided does not match any ${noun}`)
      if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
      return historyPayload(core, room, user, query)
    },
  })
}

/** `dm.messages` / `im.messages`: a DM's messages with filters, sort and pagination totals. */
export const dmMessages = defineEndpoint({
  method: 'GET',
  path: dmPaths('messages'),
  query: z.strictObject({
    roomId: q.string().optional(),
    username: q.string().optional(),
    mentionIds: q.string().optional(),
    starredIds: q.string().optional(),
    pinned: q.string().optional(),
    query: z.string().optional(),
    fields: z.string().optional(),
    ...pageQuery.integer,
    ...sortQuery,
  }),
  handle: ({ core, user, query }) => {
    const target = resolveDirectMessageRoom(core, user, query.roomId ?? (query.username ? `@${query.username}` : undefined))
    if (target.room && !canAccessRoom(core, target.room, user)) throw ApiError.forbidden()
    const { page, sort, json } = listParams(core, query)
    const csv = (v: string | undefined) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined
    const mentionIds = csv(query.mentionIds)
    const starredIds = csv(query.starredIds)
    const pinned = query.pinned === 'true'
    // The user query is merged under the endpoint's own filter: the endpoint's keys win.
    const own = ['rid', '_hidden', ...(mentionIds ? ['mentions._id'] : []), ...(starredIds ? ['starred._id'] : []), ...(pinned ? ['pinned'] : [])]
    const userQuery = json.query && Object.fromEntries(Object.entries(json.query).filter(([key]) => !own.includes(key)))
    const custom = queryPredicate(userQuery && Object.keys(userQuery).length > 0 ? userQuery : undefined, query.query)
    // Every check passed: only now may a missing DM be created.
    const { room } = openDirectTarget(core, user, target)
    if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
    let messages
    let total
    if (!mentionIds && !starredIds && !pinned && !custom && !sort) {
      // The common case walks the room index from the newest end: cost ∝ page, not room size.
      const newest = roomMessagesNewestFirst(core, room._id)
      total = newest.total
      messages = newest.at(page.offset, page.count)
    } else {
      const all = core.db.messages
        .sorted('room', room._id)
        .filter(
          (m) =>
            !m._hidden &&
            (!mentionIds || (m.mentions ?? []).some((x) => mentionIds.includes(x._id))) &&
            (!starredIds || (m.starred ?? []).some((x) => starredIds.includes(x._id))) &&
            (!pinned || m.pinned === true) &&
            (!custom || custom(m)),
        )
      all.sort(sort ? compareBy(sort) : compareBy([['ts', -1]]))
      ;({ items: messages, total } = paginate(all, page))
    }
    return {
      messages: messages.map((m) => project(normalizeMessage(core, m, user), json.fields)),
      count: messages.length,
      offset: page.offset,
      total,
    }
  },
})

export const historyEndpoints = [dmHistory, roomHistory('channels'), roomHistory('groups'), dmMessages]
