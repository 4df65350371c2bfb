import { clientRegex } from '../src/client-regex.js'
import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Message, Room, Upload, User } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import {
  createDirectMessage,
  findDirectMessageRoom,
  hideDirect,
  openDirect,
  openDirectTarget,
  resolveDirectMessageRoom,
  setDirectBlock,
  setRoomTopic,
} from '../src/domain/direct.js'
import { eraseRoom } from '../src/domain/erase.js'
import { defineEndpoint, dmPaths } from '../src/endpoint.js'
import { ApiError, errors } from '../src/errors.js'
import { listParams, looseQueryText, pageQuery, paginate, sortQuery } from '../src/pagination.js'
import { compareBy, project, queryPredicate, type Sort } from '../src/query.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { serializeRoom } from '../src/serialize/room.js'
import { b, q } from '../src/validation.js'

// ---- input schemas ---------------------------------------------------------------------------

/** A typed query with `roomId` xor `username` (ajv `oneOf: [{required:[roomId]}, {required:[username]}]`). */
function roomOrUsernameQuery<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ roomId: q.string().optional(), username: q.string().optional(), ...shape }).superRefine((value, ctx) => {
    const { roomId, username } = value as { roomId?: string; username?: string }
    const hasRoom = roomId !== undefined
    const hasUser = username !== undefined
    if (!hasRoom && !hasUser) {
      ctx.addIssue({
        code: 'custom',
        message: "must have required property 'roomId'\nmust have required property 'username'\nmust match exactly one schema in oneOf",
      })
    } else if (hasRoom && hasUser) ctx.addIssue({ code: 'custom', message: 'must match exactly one schema in oneOf' })
  })
}

/**
 * ajv's `oneOf` over two body shapes. zod's own union reports only the branch that merely has
 * extra keys when the other misses a required one; ajv reports one line per branch, always.
 */
function oneOf<A, B>(first: z.ZodType<A>, second: z.ZodType<B>) {
  return z.unknown().transform((value, ctx): A | B => {
    const results = [first.safeParse(value), second.safeParse(value)] as const
    const passed = results.filter((r) => r.success)
    if (passed.length === 1) return passed[0]!.data as A | B
    ctx.addIssue({
      code: 'invalid_union',
      input: value,
      errors: results.map((r) => (r.success ? [] : r.error.issues)),
      message: 'must match exactly one schema in oneOf',
    } as never)
    return z.NEVER
  })
}

/** Routes without a query schema read `count`/`offset` with `parseInt` and `sort`/`fields`/`query` as text. */
const looseText = looseQueryText
const looseListQuery = z.looseObject({ ...pageQuery.loose, sort: looseText, fields: looseText, query: looseText })

/** A body string that may be `null` (ajv `nullable: true` with `coerceTypes`). */
const nullableString = z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string().nullable())

// ---- helpers -----------------------------------------------------------------------------------

/** `canAccessRoomIdAsync(roomId)`: an unknown room is not accessible. */
function assertCanAccess(core: Core, room: Room | undefined, user: User): asserts room is Room {
  if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
}

/** Sort a copy stably: the requested sort, else the route's default. */
function sorted<T>(items: readonly T[], sort: Sort | undefined, fallback: Sort): T[] {
  return [...items].sort(compareBy(sort && sort.length > 0 ? sort : fallback))
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** DM rooms in storage order (what a `{name: 1}` sort gives rooms that have no name). */
function directRooms(core: Core, keep: (room: Room) => boolean): Room[] {
  return core.db.rooms.all().filter((room) => room.t === 'd' && keep(room))
}

/** `dm.list` / `dm.list.everyone`: rooms with `lastMessage` normalised, paginated. */
function imsPayload(core: Core, user: User, rooms: Room[], raw: z.infer<typeof looseListQuery>, withQuery: boolean) {
  const { page, sort, json } = listParams(core, raw)
  const custom = withQuery ? queryPredicate(json.query, raw.query) : undefined
  const matching = custom ? rooms.filter((room) => custom(room)) : rooms
  const { items, count, offset, total } = paginate(sorted(matching, sort, [['name', 1]]), page)
  return { ims: items.map((room) => project(serializeRoom(core, room, user), json.fields)), offset, count, total }
}

// ---- endpoints ---------------------------------------------------------------------------------

/** `POST dm.create`: find or create the DM of the caller and `username` / `usernames`. */
export const dmCreate = defineEndpoint({
  method: 'POST',
  path: dmPaths('create'),
  body: oneOf(
    z.strictObject({ usernames: b.string(), excludeSelf: b.boolean().optional() }),
    z.strictObject({ username: b.string(), excludeSelf: b.boolean().optional() }),
  ),
  handle: ({ core, user, body }) => {
    const usernames = 'username' in body ? [body.username] : body.usernames.split(',').map((name) => name.trim())
    const created = createDirectMessage(core, user, usernames, body.excludeSelf ?? false)
    if (!created.usernames) return { room: { _id: created.rid, t: created.t, rid: created.rid } }
    return { room: { t: created.t, rid: created.rid, usernames: created.usernames, _id: created.rid } }
  },
})

/** `POST dm.open`: show the DM in the caller's sidebar again (idempotent). */
export const dmOpen = defineEndpoint({
  method: 'POST',
  path: dmPaths('open'),
  body: z.strictObject({ roomId: b.string() }),
  handle: ({ core, user, body }) => {
    if (!body.roomId) throw errors.bodyRoomIdRequired()
    assertCanAccess(core, core.db.rooms.get(body.roomId), user)
    const { subscription } = findDirectMessageRoom(core, user, body.roomId)
    if (subscription) openDirect(core, subscription)
    return {}
  },
})

/** `POST dm.close`: hide the DM from the caller's sidebar (`open: false`, `alert: false`). */
export const dmClose = defineEndpoint({
  method: 'POST',
  path: dmPaths('close'),
  body: z.strictObject({ roomId: b.string() }),
  handle: ({ core, user, body }) => {
    if (!body.roomId) throw errors.bodyRoomIdRequired()
    const room = core.db.rooms.get(body.roomId)
    let subscription
    if (!room) {
      // A subscription whose room is gone can still be closed.
      subscription = core.subscription(body.roomId, user._id)
    } else {
      assertCanAccess(core, room, user)
      subscription = findDirectMessageRoom(core, user, body.roomId).subscription
    }
    if (!subscription) throw errors.notSubscribed()
    if (!subscription.open) throw errors.directAlreadyClosed()
    hideDirect(core, subscription)
    return {}
  },
})

/** `POST dm.setTopic`: `saveRoomSettings(roomTopic)`, which needs `edit-room`. */
export const dmSetTopic = defineEndpoint({
  method: 'POST',
  path: dmPaths('setTopic'),
  body: z.strictObject({ roomId: b.string(), topic: nullableString.optional() }),
  handle: ({ core, user, body }) => {
    if (!body.roomId) throw errors.bodyRoomIdRequired()
    assertCanAccess(core, core.db.rooms.get(body.roomId), user)
    const { room } = findDirectMessageRoom(core, user, body.roomId)
    setRoomTopic(core, room, user, body.topic ?? '')
    return body.topic === undefined ? {} : { topic: body.topic }
  },
})

/** `GET dm.counters`: the caller's (or, for admins, `userId`'s) counters of one DM. */
export const dmCounters = defineEndpoint({
  method: 'GET',
  path: dmPaths('counters'),
  query: z.strictObject({ roomId: q.string(), userId: q.string().optional() }),
  handle: ({ core, user, query }) => {
    const admin = core.hasPermission(user, 'view-room-administration')
    if (!query.roomId) throw errors.queryRoomIdRequired()
    let target: User | undefined = user
    if (query.userId) {
      if (!admin) throw ApiError.forbidden()
      target = core.db.users.get(query.userId)
    }
    if (!target) throw ApiError.forbidden()
    assertCanAccess(core, core.db.rooms.get(query.roomId), target)
    const { room, subscription } = findDirectMessageRoom(core, target, query.roomId)
    const lm = (room.lm ?? room._updatedAt).toISOString()
    const joined = subscription !== undefined
    const full = admin || joined
    return {
      joined,
      members: full ? (room.uids ?? []).filter((uid) => core.db.users.get(uid)?.active === true).length : null,
      unreads: subscription ? (subscription.unread ?? null) : null,
      unreadsFrom: subscription?.ls && room.msgs ? subscription.ls.toISOString() : null,
      msgs: full ? room.msgs : null,
      latest: full ? lm : null,
      userMentions: subscription ? subscription.userMentions : null,
    }
  },
})

/** `GET dm.files`: the DM's uploads (thumbnails left out), by name unless sorted otherwise. */
export const dmFiles = defineEndpoint({
  method: 'GET',
  path: dmPaths('files'),
  query: roomOrUsernameQuery({
    ...pageQuery.integer,
    ...sortQuery,
    name: q.string().optional(),
    typeGroup: q.string().optional(),
    onlyConfirmed: q.boolean().optional(),
    query: z.string().optional(),
    fields: z.string().optional(),
  }),
  handle: ({ core, user, query }) => {
    const { page, sort, json } = listParams(core, query)
    const target = resolveDirectMessageRoom(core, user, query.roomId ?? query.username)
    const name = query.name ? clientRegex(query.name, 'i') : undefined
    const custom = queryPredicate(json.query, query.query)
    // Every check passed: only now may a missing DM be created.
    const { room } = openDirectTarget(core, user, target)
    assertCanAccess(core, room, user)
    const uploads = core.db.uploads
      .sorted('room', room._id)
      .filter(
        (u) =>
          (query.typeGroup ? u.typeGroup === query.typeGroup : u.typeGroup !== 'thumb') &&
          (!name || name.test(u.name)) &&
          (!query.onlyConfirmed || u.expiresAt === undefined) &&
          (!custom || custom(u)),
      )
    const { items, count, offset, total } = paginate(sorted(uploads, sort, [['name', 1]]), page)
    return { files: items.map((u) => withUser(core, project(u, json.fields))), count, offset, total }
  },
})

/** `addUserToFileObj`: the uploader as `{_id, username, name}`. */
function withUser(core: Core, file: Partial<Upload>): Partial<Upload> & { user?: { _id: string; username: string; name?: string } } {
  const uploader = file.userId ? core.db.users.get(file.userId) : undefined
  if (!uploader) return file
  return { ...file, user: { _id: uploader._id, username: uploader.username, ...(uploader.name !== undefined ? { name: uploader.name } : {}) } }
}

/** `GET dm.members`: active members by `_updatedAt` (newest first), then username. */
export const dmMembers = defineEndpoint({
  method: 'GET',
  path: dmPaths('members'),
  query: roomOrUsernameQuery({
    ...pageQuery.integer,
    ...sortQuery,
    status: q.stringArray().optional(),
    filter: q.string().optional(),
    query: z.string().optional(),
  }),
  handle: ({ core, user, query }) => {
    const target = resolveDirectMessageRoom(core, user, query.roomId ?? query.username)
    if (target.room) assertCanAccess(core, target.room, user)
    const { page, sort } = listParams(core, query)
    const usernameOrder = sort?.find(([field]) => field === 'username')?.[1] ?? 1
    // Every check passed: only now may a missing DM be created.
    const { room } = openDirectTarget(core, user, target)
    assertCanAccess(core, room, user)
    const term = query.filter ? new RegExp(escapeRegExp(query.filter), 'i') : undefined
    const fields = searchFields(core)
    const members = (room.uids ?? [])
      .map((uid) => core.db.users.get(uid))
      .filter((u): u is User => u !== undefined && u.active === true && typeof u.username === 'string')
      .filter((u) => !query.status || query.status.includes(u.status))
      .filter((u) => !term || fields.some((field) => matches(u, field, term)))
    const ordered = sorted(members, undefined, [
      ['_updatedAt', -1],
      ['username', usernameOrder],
    ])
    const { items, count, offset, total } = paginate(ordered, page)
    return {
      members: items.map((member) => {
        const sub = core.subscription(room._id, member._id)
        return {
          _id: member._id,
          username: member.username,
          name: member.name,
          status: member.status,
          statusText: member.statusText,
          utcOffset: member.utcOffset,
          subscription: sub ? { _id: sub._id, ts: sub.ts, ...(sub.roles ? { roles: sub.roles } : {}) } : {},
        }
      }),
      count,
      offset,
      total,
    }
  },
})

/** `Accounts_SearchFields` (default `username, name, bio, nickname`). */
function searchFields(core: Core): string[] {
  const raw = core.db.settings.get('Accounts_SearchFields')?.value
  const text = typeof raw === 'string' ? raw : 'username, name, bio, nickname'
  return text
    .trim()
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
}

function matches(user: User, field: string, term: RegExp): boolean {
  let node: unknown = user
  for (const key of field.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
  return typeof node === 'string' && term.test(node)
}

/** `GET dm.list`: the caller's DMs (open or hidden), `lastMessage` normalised. */
export const dmList = defineEndpoint({
  method: 'GET',
  path: dmPaths('list'),
  query: looseListQuery,
  handle: ({ core, user, query }) => {
    const mine = new Set(
      core.db.subscriptions
        .sorted('user', user._id)
        .filter((s) => s.t === 'd')
        .map((s) => s.rid),
    )
    return imsPayload(
      core,
      user,
      directRooms(core, (room) => mine.has(room._id)),
      query,
      false,
    )
  },
})

/** `GET dm.list.everyone`: every DM of the workspace (`view-room-administration`). */
export const dmListEveryone = defineEndpoint({
  method: 'GET',
  path: dmPaths('list.everyone'),
  permissions: ['view-room-administration'],
  query: looseListQuery,
  handle: ({ core, user, query }) =>
    imsPayload(
      core,
      user,
      directRooms(core, () => true),
      query,
      true,
    ),
})

/** `GET dm.messages.others`: any DM's messages, for admins, when the workspace enables it. */
export const dmMessagesOthers = defineEndpoint({
  method: 'GET',
  path: dmPaths('messages.others'),
  permissions: ['view-room-administration'],
  query: z.looseObject({ roomId: looseText, ...pageQuery.loose, sort: looseText, fields: looseText, query: looseText }),
  handle: ({ core, user, query }) => {
    if (core.setting('API_Enable_Direct_Message_History_EndPoint') !== true) throw errors.endpointDisabled('/api/v1/im.messages.others')
    if (!query.roomId) throw errors.roomIdParamRequired()
    const room = core.db.rooms.get(query.roomId)
    if (room?.t !== 'd') throw errors.directRoomNotFound(query.roomId)
    const { page, sort, json } = listParams(core, query)
    const custom = queryPredicate(json.query, query.query)
    const list = core.db.messages.sorted('room', room._id)
    let messages: Message[]
    let total: number
    if (!sort && !custom) {
      // Newest first straight from the room index: cost ∝ page, not room size.
      total = list.length
      const end = Math.max(0, total - page.offset)
      const start = page.count === Infinity ? 0 : Math.max(0, end - page.count)
      messages = list.slice(start, end).reverse()
    } else {
      const result = paginate(sorted(custom ? list.filter((m) => custom(m)) : list, sort, [['ts', -1]]), page)
      messages = result.items
      total = result.total
    }
    return {
      messages: messages.map((m) => project(normalizeMessage(core, m, user), json.fields)),
      offset: page.offset,
      count: messages.length,
      total,
    }
  },
})

/** `POST dm.delete`: erase the DM (`delete-d`): room, messages, uploads, subscriptions. */
export const dmDelete = defineEndpoint({
  method: 'POST',
  path: dmPaths('delete'),
  body: oneOf(z.strictObject({ roomId: b.string() }), z.strictObject({ username: b.string() })),
  handle: ({ core, user, body }) => {
    const target = resolveDirectMessageRoom(core, user, 'roomId' in body ? body.roomId : body.username)
    // A DM that does not exist yet would be created only to be erased: refuse first without `delete-d`.
    if (!target.room && !core.hasPermission(user, 'delete-d')) throw errors.eraseNotAllowed()
    const { room } = openDirectTarget(core, user, target)
    if (!canAccessRoom(core, room, user) && !core.hasPermission(user, 'view-room-administration')) throw errors.notAllowed()
    eraseRoom(core, room, user)
    return {}
  },
})

/** `POST im.blockUser` (and `dm.blockUser`): block or unblock the other member of a 1:1 DM. */
export const dmBlockUser = defineEndpoint({
  method: 'POST',
  path: dmPaths('blockUser'),
  body: z.strictObject({ roomId: b.nonEmpty(), block: b.boolean() }),
  handle: ({ core, user, body }) => {
    const target = resolveDirectMessageRoom(core, user, body.roomId)
    // A self-DM has no one to block: refused before it would be created.
    if (!target.room && target.members.length < 2) throw errors.invalidRoom('im.blockUser')
    const { room } = openDirectTarget(core, user, target)
    setDirectBlock(core, room, user, body.block)
    return {}
  },
})

export const dmEndpoints = [
  dmCreate,
  dmOpen,
  dmClose,
  dmSetTopic,
  dmCounters,
  dmFiles,
  dmMembers,
  dmList,
  dmListEveryone,
  dmMessagesOthers,
  dmDelete,
  dmBlockUser,
]
