import { z } from 'zod'
import type { Core } from '../src/core.js'
import { startDiscussion } from '../src/domain/discussions.js'
import { leaveRoom, markUnread, setFavorite } from '../src/domain/membership.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { roomErrors } from '../src/errors-rooms.js'
import { serializeRoom } from '../src/serialize/room.js'
import { toWire } from '../src/serialize/wire.js'
import { b, q } from '../src/validation.js'
import { roomRefBody } from './room-lookup.js'

/** `findRoomByIdOrName` of `rooms.*`: any room type, by id or name. */
function findRoom(core: Core, ref: { roomId?: string | undefined; roomName?: string | undefined }) {
  if (!ref.roomId?.trim() && !ref.roomName?.trim()) throw errors.roomInfoParamMissing()
  const room = ref.roomId ? core.db.rooms.get(ref.roomId) : core.db.rooms.unique('name', ref.roomName!)
  if (!room) throw errors.roomInfoNotFound()
  return room
}

/** `POST rooms.leave`: leave any channel or group (`leaveRoom`'s rules). */
export const roomsLeave = defineEndpoint({
  method: 'POST',
  path: '/api/v1/rooms.leave',
  body: z.looseObject(roomRefBody),
  handle: ({ core, user, body }) => {
    leaveRoom(core, findRoom(core, body), user)
    return {}
  },
})

/** `POST rooms.favorite`: `{roomId|roomName, favorite}` → the caller's subscription `f`. */
export const roomsFavorite = defineEndpoint({
  method: 'POST',
  path: '/api/v1/rooms.favorite',
  body: z.looseObject({ ...roomRefBody, favorite: b.boolean().optional() }),
  handle: ({ core, user, body }) => {
    if (body.favorite === undefined) throw roomErrors.favoriteRequired()
    setFavorite(core, findRoom(core, body), user, body.favorite)
    return {}
  },
})

const optionalText = z.unknown().optional()

/** `POST rooms.createDiscussion`: the route's checks in order, then `createDiscussion`. */
export const roomsCreateDiscussion = defineEndpoint({
  method: 'POST',
  path: '/api/v1/rooms.createDiscussion',
  body: z.looseObject({
    prid: optionalText,
    pmid: optionalText,
    t_name: optionalText,
    reply: optionalText,
    users: z.unknown().optional(),
    encrypted: z.unknown().optional(),
    topic: optionalText,
  }),
  handle: ({ core, user, body }) => {
    if (!body.prid) throw roomErrors.discussionPridRequired()
    if (!body.t_name) throw roomErrors.discussionNameRequired()
    if (body.users !== undefined && !Array.isArray(body.users)) throw roomErrors.discussionUsersNotArray()
    if (body.encrypted !== undefined && typeof body.encrypted !== 'boolean') throw roomErrors.discussionEncryptedNotBoolean()
    const text = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v))
    const room = startDiscussion(core, user, {
      prid: text(body.prid)!,
      pmid: text(body.pmid),
      title: text(body.t_name)!,
      reply: text(body.reply),
      users: (Array.isArray(body.users) ? body.users : []).filter((u): u is string => typeof u === 'string' && u.length > 0),
      topic: text(body.topic),
    })
    return { discussion: { rid: room._id, inserted: true, ...serializeRoom(core, room, user) } }
  },
})

/** `GET subscriptions.getOne`: the caller's subscription of `roomId`, or `null`. */
export const subscriptionsGetOne = defineEndpoint({
  method: 'GET',
  path: '/api/v1/subscriptions.getOne',
  query: z.strictObject({ roomId: q.string() }),
  handle: ({ core, user, query }) => {
    if (!query.roomId) throw roomErrors.getOneRoomIdRequired()
    const sub = core.subscription(query.roomId, user._id)
    return { subscription: sub ? toWire(sub) : null }
  },
})

const unreadMessage = z.strictObject({ _id: b.string() })

/** `POST subscriptions.unread`: `{roomId}` or `{firstUnreadMessage: {_id}}`. */
export const subscriptionsUnread = defineEndpoint({
  method: 'POST',
  path: '/api/v1/subscriptions.unread',
  body: z.union([z.strictObject({ roomId: b.string() }), z.strictObject({ firstUnreadMessage: unreadMessage })]),
  handle: ({ core, user, body }) => {
    if ('roomId' in body && body.roomId) markUnread(core, user, { roomId: body.roomId })
    else if ('firstUnreadMessage' in body && body.firstUnreadMessage._id) markUnread(core, user, { messageId: body.firstUnreadMessage._id })
    else throw roomErrors.unreadNotAllowed()
    return {}
  },
})

export const roomActionEndpoints = [roomsLeave, roomsFavorite, roomsCreateDiscussion, subscriptionsGetOne, subscriptionsUnread]
