import { z } from 'zod'
import { addUsersToRoom, kickFromRoom, leaveRoom } from '../src/domain/membership.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError } from '../src/errors.js'
import { roomErrors } from '../src/errors-rooms.js'
import { serializeRoom } from '../src/serialize/room.js'
import { createBody, createFromBody } from './room-create.js'
import {
  findGroup,
  findGroupForInvite,
  inviteBody,
  listQuery,
  membersPage,
  membersQuery,
  roomPage,
  roomRefBody,
  roomRefQuery,
  userFromParams,
  userRefBody,
  usersFromParams,
} from './room-lookup.js'

/** `POST groups.create`: a private group (`create-p`, checked before the body: 403 `unauthorized`). */
export const groupsCreate = defineEndpoint({
  method: 'POST',
  path: '/api/v1/groups.create',
  body: createBody,
  handle: ({ core, user, body }) => {
    if (!core.hasPermission(user, 'create-p')) throw ApiError.forbidden()
    return { group: serializeRoom(core, createFromBody(core, user, 'p', body), user) }
  },
})

/** `POST groups.invite`: any private group by id or name; the invite itself checks the caller's rights. */
export const groupsInvite = defineEndpoint({
  method: 'POST',
  path: '/api/v1/groups.invite',
  body: inviteBody,
  handle: ({ core, user, body }) => {
    const room = findGroupForInvite(core, body)
    const users = usersFromParams(core, body)
    if (users.length === 0) throw roomErrors.groupInviteEmpty()
    addUsersToRoom(
      core,
      room,
      user,
      users.map((u) => u.username),
    )
    return { group: serializeRoom(core, room, user) }
  },
})

/** `POST groups.kick`: `remove-user`; `ru`. Answers `{}`. */
export const groupsKick = defineEndpoint({
  method: 'POST',
  path: '/api/v1/groups.kick',
  body: z.looseObject({ ...roomRefBody, ...userRefBody }),
  handle: ({ core, user, body }) => {
    const room = findGroup(core, body, user)
    kickFromRoom(core, room, user, userFromParams(core, body))
    return {}
  },
})

/** `POST groups.leave`: `ul`, the subscription removed. Answers `{}`. */
export const groupsLeave = defineEndpoint({
  method: 'POST',
  path: '/api/v1/groups.leave',
  body: z.looseObject(roomRefBody),
  handle: ({ core, user, body }) => {
    leaveRoom(core, findGroup(core, body, user), user)
    return {}
  },
})

/** `GET groups.list`: the private groups the caller is in. */
export const groupsList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/groups.list',
  query: listQuery,
  handle: ({ core, user, query }) => {
    const rooms = []
    for (const sub of core.db.subscriptions.sorted('user', user._id)) {
      const room = sub.t === 'p' ? core.db.rooms.get(sub.rid) : undefined
      if (room?.t === 'p') rooms.push(room)
    }
    const page = roomPage(core, user, rooms, query)
    return { groups: page.rooms, offset: page.offset, count: page.count, total: page.total }
  },
})

/** `GET groups.members`: members of a group the caller can read. */
export const groupsMembers = defineEndpoint({
  method: 'GET',
  path: '/api/v1/groups.members',
  query: membersQuery,
  handle: ({ core, user, query }) => membersPage(core, findGroup(core, query, user, { checkArchived: false }), query),
})

/** `GET groups.info`: a group the caller can read. */
export const groupsInfo = defineEndpoint({
  method: 'GET',
  path: '/api/v1/groups.info',
  query: z.looseObject(roomRefQuery),
  handle: ({ core, user, query }) => ({ group: serializeRoom(core, findGroup(core, query, user, { checkArchived: false }), user) }),
})

export const groupEndpoints = [groupsCreate, groupsInvite, groupsKick, groupsLeave, groupsList, groupsMembers, groupsInfo]
