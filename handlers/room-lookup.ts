import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Room, User } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { roomErrors } from '../src/errors-rooms.js'
import { pageQuery, paginate, pagination, sortQuery } from '../src/pagination.js'
import { compareBy, parseSort, type Sort } from '../src/query.js'
import { serializeRoom } from '../src/serialize/room.js'
import { b, q } from '../src/validation.js'

/**
 * What `channels.*` and `groups.*` share: finding the room from `roomId`/`roomName` the way each
 * family does, users from `userId`/`username`(`s`), and the room and member lists.
 */

export const roomRefQuery = { roomId: q.string().optional(), roomName: q.string().optional() }
export const roomRefBody = { roomId: b.string().optional(), roomName: b.string().optional() }
export const userRefBody = {
  userId: b.string().optional(),
  username: b.string().optional(),
  user: b.string().optional(),
}
export const listQuery = z.looseObject({ ...pageQuery.integer, ...sortQuery, fields: z.string().optional(), query: z.string().optional() })

type RoomRef = { roomId?: string | undefined; roomName?: string | undefined }

function lookup(core: Core, ref: RoomRef): Room | undefined {
  if (ref.roomId !== undefined) return core.db.rooms.get(ref.roomId)
  if (ref.roomName !== undefined) return core.db.rooms.unique('name', ref.roomName)
  return undefined
}

/** `findChannelByIdOrName`: a public channel (no access check), optionally refusing archived ones. */
export function findChannel(core: Core, ref: RoomRef, options: { checkArchived?: boolean } = {}): Room {
  const room = lookup(core, ref)
  if (room?.t !== 'c') throw roomErrors.channelNotFound()
  if (options.checkArchived !== false && room.archived) throw roomErrors.channelArchived(room.name)
  return room
}

/**
 * `findPrivateGroupByIdOrName`: a private group the caller can read, optionally not archived (a
 * discussion is named by its `fname` in that error).
 */
export function findGroup(core: Core, ref: RoomRef, user: User, options: { checkArchived?: boolean } = {}): Room {
  if ((ref.roomId === undefined && ref.roomName === undefined) || (!ref.roomId && !ref.roomName)) throw roomErrors.roomParamMissing()
  const room = lookup(core, ref)
  if (room?.t !== 'p' || !canAccessRoom(core, room, user)) throw roomErrors.groupNotFound()
  if (options.checkArchived !== false && room.archived) throw roomErrors.groupArchived(room.prid ? room.fname : room.name)
  return room
}

/** `groups.invite`'s own lookup: any private group by id or name, no access check (the invite checks rights). */
export function findGroupForInvite(core: Core, ref: RoomRef): Room {
  const key = ref.roomId || ref.roomName
  if (!key?.trim()) throw roomErrors.roomParamMissing()
  const room = core.findRoom(key)
  if (room?.t !== 'p') throw roomErrors.groupNotFound()
  return room
}

/** `getUserFromParams`: one user by `userId`, `username` or `user`. */
export function userFromParams(core: Core, params: { userId?: string | undefined; username?: string | undefined; user?: string | undefined }): User {
  let user: User | undefined
  if (params.userId?.trim()) user = core.db.users.get(params.userId)
  else if (params.username?.trim()) user = core.db.users.unique('username', params.username.toLowerCase())
  else if (params.user?.trim()) user = core.db.users.unique('username', params.user.toLowerCase())
  else throw roomErrors.userParamMissing()
  if (!user) throw roomErrors.userParamNoMatch()
  return user
}

/**
 * `getUserListFromParams`: `userIds`/`usernames` plus the single `userId`/`username`/`user`,
 * deduplicated; unknown ones are simply not found (the caller decides what an empty list means).
 */
export function usersFromParams(
  core: Core,
  params: {
    userId?: string | undefined
    username?: string | undefined
    user?: string | undefined
    userIds?: string[] | undefined
    usernames?: string[] | undefined
  },
): User[] {
  const sole = params.userId || params.username || params.user
  const list = [...new Set([...(params.userIds ?? params.usernames ?? []), sole ?? ''].filter(Boolean))]
  if (list.length === 0) throw roomErrors.usersParamMissing()
  const byId = params.userIds !== undefined || params.userId !== undefined
  const found = list.map((key) => (byId ? core.db.users.get(key) : core.db.users.unique('username', key.toLowerCase())))
  return found.filter((u): u is User => u !== undefined)
}

export const inviteBody = z.looseObject({
  ...roomRefBody,
  ...userRefBody,
  userIds: z.array(z.string()).optional(),
  usernames: z.array(z.string()).optional(),
})

/** A page of rooms sorted by the request's `sort` (default `{name: 1}`), `lastMessage` normalised. */
export function roomPage(core: Core, user: User, rooms: Room[], query: z.infer<typeof listQuery>) {
  const sort = parseSort(query.sort)
  const page = pagination(core, query)
  const ordered = [...rooms].sort(compareBy(sort && sort.length > 0 ? sort : [['name', 1]]))
  const { items, count, offset, total } = paginate(ordered, page)
  return { rooms: items.map((room) => serializeRoom(core, room, user)), count, offset, total }
}

const membersFields = {
  status: q.stringArray().optional(),
  filter: q.string().optional(),
  query: q.string().optional(),
  sort: q.string().optional(),
  count: q.number().optional(),
  offset: q.number().optional(),
}

/** `channels.members`' schema: `oneOf` `{roomId, …}` / `{roomName, …}`, nothing else. */
export const channelMembersQuery = z.union([
  z.strictObject({ roomId: q.string(), ...membersFields }),
  z.strictObject({ roomName: q.string(), ...membersFields }),
])

/** `groups.members` has no schema: any keys, `roomId` or `roomName`. */
export const membersQuery = z.looseObject({
  ...roomRefQuery,
  ...pageQuery.integer,
  ...sortQuery,
  filter: q.string().optional(),
  status: q.stringArray().optional(),
})

/** `channels.info`' schema: exactly `{roomId}` or `{roomName}`. */
export const roomIdOrNameQuery = z.union([z.strictObject({ roomId: q.string() }), z.strictObject({ roomName: q.string() })])

/**
 * `findUsersOfRoom`: the room's active members, optionally by status and a case-insensitive
 * `filter` on username or name; online first (`statusConnection` descending), then by
 * username (by name with `UI_Use_Real_Name`), or by the request's `{username: ±1}`.
 */
export function membersPage(
  core: Core,
  room: Room,
  query: { filter?: string | undefined; status?: string[] | undefined; sort?: string | undefined; count?: number | undefined; offset?: number | undefined },
) {
  const sortParam = parseSort(query.sort)
  const page = pagination(core, query)
  const needle = query.filter?.toLowerCase()
  const members: User[] = []
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    const user = core.db.users.get(sub.u._id)
    if (!user || user.active === false) continue
    if (query.status && !query.status.includes(user.status)) continue
    if (needle && !user.username.toLowerCase().includes(needle) && !(user.name ?? '').toLowerCase().includes(needle)) continue
    members.push(user)
  }
  const byName: Sort = [[core.setting('UI_Use_Real_Name') ? 'name' : 'username', 1]]
  const usernameSort = sortParam?.find(([field]) => field === 'username')
  const sort: Sort = usernameSort ? [usernameSort] : [['statusConnection', -1], ...byName]
  const rows = members.map((u) => ({ user: u, statusConnection: u.statusConnection ?? u.status, username: u.username, name: u.name }))
  rows.sort(compareBy(sort))
  const { items, count, offset, total } = paginate(rows, page)
  return { members: items.map((row) => memberOf(row.user)), count, offset, total }
}

function memberOf(user: User) {
  return {
    _id: user._id,
    username: user.username,
    ...(user.name !== undefined ? { name: user.name } : {}),
    status: user.status,
    ...(user.statusText !== undefined ? { statusText: user.statusText } : {}),
    utcOffset: user.utcOffset,
    ...(user.avatarETag !== undefined ? { avatarETag: user.avatarETag } : {}),
  }
}
