import { z } from 'zod'
import { setRoomTopic } from '../src/domain/direct.js'
import { addUsersToRoom, archiveRoom, joinRoom, kickFromRoom, leaveRoom } from '../src/domain/membership.js'
import { canAccessRoom } from '../src/domain/access.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError, errors } from '../src/errors.js'
import { roomErrors } from '../src/errors-rooms.js'
import { serializeRoom } from '../src/serialize/room.js'
import { b, q } from '../src/validation.js'
import { createBody, createFromBody } from './room-create.js'
import {
  channelMembersQuery,
  findChannel,
  inviteBody,
  listQuery,
  membersPage,
  roomIdOrNameQuery,
  roomPage,
  roomRefBody,
  userFromParams,
  userRefBody,
  usersFromParams,
} from './room-lookup.js'

/** `POST channels.create`: a public channel (`create-c`); the creator is its owner. */
export const channelsCreate = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.create',
  body: createBody,
  handle: ({ core, user, body }) => {
    if (!core.hasPermission(user, 'create-c')) throw ApiError.forbidden()
    const room = createFromBody(core, user, 'c', body)
    return { channel: serializeRoom(core, room, user) }
  },
})

/** `POST channels.join`: subscribe the caller (`uj`); a join code when the room has one. */
export const channelsJoin = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.join',
  body: z.looseObject({ ...roomRefBody, joinCode: b.string().optional() }),
  handle: ({ core, user, body }) => {
    const room = findChannel(core, body)
    joinRoom(core, room, user, body.joinCode)
    return { channel: serializeRoom(core, room, user) }
  },
})

/** `POST channels.leave`: `ul`, the subscription removed; the channel as it is now. */
export const channelsLeave = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.leave',
  body: z.looseObject(roomRefBody),
  handle: ({ core, user, body }) => {
    const room = findChannel(core, body)
    leaveRoom(core, room, user)
    return { channel: serializeRoom(core, room, user) }
  },
})

/** `POST channels.invite`: `userId`/`userIds`/`username`/`usernames`; `au` per new member. */
export const channelsInvite = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.invite',
  body: inviteBody,
  handle: ({ core, user, body }) => {
    const room = findChannel(core, body)
    const users = usersFromParams(core, body)
    if (users.length === 0) throw roomErrors.channelInviteEmpty()
    addUsersToRoom(
      core,
      room,
      user,
      users.map((u) => u.username),
    )
    return { channel: serializeRoom(core, room, user) }
  },
})

/** `POST channels.kick`: `remove-user`; `ru` from the kicker. */
export const channelsKick = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.kick',
  body: z.looseObject({ ...roomRefBody, ...userRefBody }),
  handle: ({ core, user, body }) => {
    const room = findChannel(core, body)
    const target = userFromParams(core, body)
    kickFromRoom(core, room, user, target)
    return { channel: serializeRoom(core, room, user) }
  },
})

/** `GET channels.list`: every public channel (or, with `view-joined-room` only, the joined ones). */
export const channelsList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/channels.list',
  query: listQuery.extend({ _id: z.string().optional() }),
  handle: ({ core, user, query }) => {
    const seeAll = core.hasPermission(user, 'view-c-room')
    if (!seeAll && !core.hasPermission(user, 'view-joined-room')) throw errors.permissionRequired()
    const rooms = core.db.rooms
      .all()
      .filter((r) => r.t === 'c' && (query._id === undefined || r._id === query._id) && (seeAll || core.subscription(r._id, user._id)))
    const page = roomPage(core, user, rooms, query)
    return { channels: page.rooms, count: page.count, offset: page.offset, total: page.total }
  },
})

/** `GET channels.list.joined`: the public channels the caller is in. */
export const channelsListJoined = defineEndpoint({
  method: 'GET',
  path: '/api/v1/channels.list.joined',
  query: z.strictObject({
    _id: q.string().optional(),
    roomId: q.string().optional(),
    query: q.string().optional(),
    count: q.number().optional(),
    offset: q.number().optional(),
    sort: q.string().optional(),
  }),
  handle: ({ core, user, query }) => {
    const rooms = core.db.subscriptions
      .sorted('user', user._id)
      .filter((s) => s.t === 'c')
      .map((s) => core.db.rooms.get(s.rid))
      .filter((r) => r !== undefined && r.t === 'c')
    const page = roomPage(core, user, rooms as NonNullable<(typeof rooms)[number]>[], query)
    return { channels: page.rooms, offset: page.offset, count: page.count, total: page.total }
  },
})

/**
 * `GET channels.members`: a channel's active members (archived channels too) for callers who can
 * read it; a broadcast channel's list needs `view-broadcast-member-list`.
 */
export const channelsMembers = defineEndpoint({
  method: 'GET',
  path: '/api/v1/channels.members',
  query: channelMembersQuery,
  handle: ({ core, user, query }) => {
    const room = findChannel(core, query, { checkArchived: false })
    if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
    if (room.broadcast === true && !core.hasPermission(user, 'view-broadcast-member-list', room._id)) throw ApiError.forbidden()
    return membersPage(core, room, query)
  },
})

/** `GET channels.info`: the channel, `lastMessage` normalised for the caller, if they can read it. */
export const channelsInfo = defineEndpoint({
  method: 'GET',
  path: '/api/v1/channels.info',
  query: roomIdOrNameQuery,
  handle: ({ core, user, query }) => {
    const room = findChannel(core, query, { checkArchived: false })
    if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
    return { channel: serializeRoom(core, room, user) }
  },
})

/** `POST channels.setTopic`: `edit-room`; `room_changed_topic` when it changes. */
export const channelsSetTopic = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.setTopic',
  body: z.looseObject({ ...roomRefBody, topic: z.unknown().optional() }),
  handle: ({ core, user, body }) => {
    if (!Object.hasOwn(body, 'topic')) throw roomErrors.topicRequired()
    const room = findChannel(core, body)
    if (room.topic === body.topic) throw roomErrors.topicUnchanged()
    // `topic || ''`: a falsy topic clears it.
    const topic = !body.topic ? '' : typeof body.topic === 'string' ? body.topic : JSON.stringify(body.topic)
    setRoomTopic(core, room, user, topic)
    return { topic }
  },
})

/** `POST channels.archive`: `archive-room`; subscriptions archived, `room-archived` posted. */
export const channelsArchive = defineEndpoint({
  method: 'POST',
  path: '/api/v1/channels.archive',
  body: z.looseObject(roomRefBody),
  handle: ({ core, user, body }) => {
    archiveRoom(core, findChannel(core, body), user)
    return {}
  },
})

export const channelEndpoints = [
  channelsCreate,
  channelsJoin,
  channelsLeave,
  channelsInvite,
  channelsKick,
  channelsList,
  channelsListJoined,
  channelsMembers,
  channelsInfo,
  channelsSetTopic,
  channelsArchive,
]
