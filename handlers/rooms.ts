import { z } from 'zod'
import { canAccessRoom } from '../src/domain/access.js'
import { roomsChangedSince, subscriptionsChangedSince } from '../src/domain/user-rooms.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { serializeRoom } from '../src/serialize/room.js'
import { q } from '../src/validation.js'

/** `updatedSince` as the bootstrap endpoints parse it (any `Date.parse`-able text). */
function parseSince(raw: string | undefined, invalid: () => Error): number | undefined {
  if (raw === undefined) return undefined
  const ms = Date.parse(raw)
  if (Number.isNaN(ms)) throw invalid()
  return ms
}

/** `GET rooms.get`: the caller's rooms; with `updatedSince`, only changed ones plus deletions. */
export const roomsGet = defineEndpoint({
  method: 'GET',
  path: '/api/v1/rooms.get',
  query: z.looseObject({ updatedSince: z.string().optional() }),
  handle: ({ core, user, query }) => {
    const since = parseSince(query.updatedSince, errors.updatedSinceInvalid)
    const { update, remove } = roomsChangedSince(core, user, since)
    return { update: update.map((room) => serializeRoom(core, room, user)), remove }
  },
})

/** `GET subscriptions.get`: the caller's subscriptions (open or not), or those changed since. */
export const subscriptionsGet = defineEndpoint({
  method: 'GET',
  path: '/api/v1/subscriptions.get',
  query: z.strictObject({ updatedSince: z.string().optional() }),
  handle: ({ core, user, query }) => {
    const since = parseSince(query.updatedSince, errors.subscriptionsDateInvalid)
    return subscriptionsChangedSince(core, user, since)
  },
})

/** `GET rooms.info`: by `roomId` or `roomName`; the room, if the caller may see it. */
export const roomsInfo = defineEndpoint({
  method: 'GET',
  path: '/api/v1/rooms.info',
  query: z.looseObject({ roomId: q.string().optional(), roomName: q.string().optional(), fields: z.string().optional() }),
  handle: ({ core, user, query }) => {
    if (!query.roomId && !query.roomName) throw errors.roomInfoParamMissing()
    const room = query.roomId ? core.db.rooms.get(query.roomId) : core.db.rooms.unique('name', query.roomName!)
    if (!room) throw errors.roomInfoNotFound()
    if (!canAccessRoom(core, room, user)) throw errors.roomInfoNotAllowed()
    const parent = room.prid ? core.db.rooms.get(room.prid) : undefined
    return { room: serializeRoom(core, room, user), ...(parent ? { parent: { _id: parent._id, name: parent.name, fname: parent.fname, t: parent.t } } : {}) }
  },
})

export const roomEndpoints = [roomsGet, subscriptionsGet, roomsInfo]
