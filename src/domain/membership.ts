import type { Core } from '../core.js'
import type { Message, Room, Subscription, User } from '../db/index.js'
import { roomErrors } from '../errors-rooms.js'
import { canAccessRoom } from './access.js'
import { toTrash } from './erase.js'
import { insertMessage } from './messages.js'
import { autoTranslateDefaults } from './preferences.js'
import { validRoomName } from './room-names.js'
import { addSubscription, touchRoom, touchSubscription } from './rooms.js'

/**
 * The rooms lifecycle as the server runs it: `createRoom`, `addUserToRoom` (join / invite),
 * `removeUserFromRoom` (kick / leave), `archiveRoom`, `toggleFavorite`, `unreadMessages`. Every
 * function checks everything first and writes only when the whole request is valid.
 */

export interface CreateRoomInput {
  t: 'c' | 'p'
  name: string
  /** Usernames; unknown ones are skipped, as `Users.findUsersByUsernames` skips them. */
  members: string[]
  readOnly?: boolean
  excludeSelf?: boolean
  /** `extraData` and `customFields` as sent (stored on the room). */
  extraData?: Record<string, unknown>
  customFields?: Record<string, unknown>
}

/** Keys a client must not set through `extraData` (the server derives them). */
const DERIVED_KEYS = new Set(['_id', 't', 'name', 'fname', 'u', 'ts', '_updatedAt', 'msgs', 'usersCount', 'lm', 'lastMessage', 'uids', 'usernames'])

/**
 * `createRoom('c'|'p', …)`: the name validated (trimmed; `fname` keeps it as sent), the owner added
 * to the members unless `excludeSelf`, the room inserted, then one open subscription per known
 * member — the owner's with `ls` and the room-scoped `owner` role — and `usersCount` set to them.
 * No system messages: a new room starts empty.
 */
export function createRoomFromRequest(core: Core, owner: User, input: CreateRoomInput): Room {
  if (!input.name.trim()) throw roomErrors.invalidName()
  const name = validRoomName(core, input.name.trim())
  const usernames = [...input.members]
  if (!input.excludeSelf && !usernames.includes(owner.username)) usernames.push(owner.username)
  const seen = new Set<string>()
  const members: User[] = []
  for (const username of usernames) {
    const user = core.db.users.unique('username', username.toLowerCase())
    if (user && user.username === username && !seen.has(user._id)) {
      seen.add(user._id)
      members.push(user)
    }
  }
  const extra = Object.fromEntries(Object.entries(input.extraData ?? {}).filter(([key]) => !DERIVED_KEYS.has(key)))
  // A broadcast room is read-only, and nobody reacts there.
  const readOnly = input.readOnly === true || extra.broadcast === true
  if (extra.broadcast === true) delete extra.reactWhenReadOnly
  const now = core.now()
  const room = core.db.rooms.insert({
    fname: input.name,
    ...extra,
    ...(input.customFields ? { customFields: input.customFields } : {}),
    _id: core.random.id(),
    name,
    t: input.t,
    msgs: 0,
    usersCount: 0,
    u: owner.name === undefined ? { _id: owner._id, username: owner.username } : { _id: owner._id, username: owner.username, name: owner.name },
    ts: now,
    _updatedAt: now,
    ro: readOnly,
  })
  for (const member of members) {
    const isOwner = member._id === owner._id
    const sub = addSubscription(core, room, member, { open: true, ...(isOwner ? { ls: now, roles: ['owner'] } : {}) })
    applyAutoTranslateDefaults(core, sub, member)
  }
  touchRoom(core, room, (r) => (r.usersCount += members.length))
  return room
}

/**
 * `Room.join`: the caller must be able to read the room; a join code is asked for when the room
 * requires one (unless `join-without-join-code`). Already a member: nothing happens.
 */
export function joinRoom(core: Core, room: Room, user: User, joinCode?: string): void {
  if (!canAccessRoom(core, room, user)) throw roomErrors.joinNotAllowed()
  if (room.joinCodeRequired && room.joinCode !== joinCode && !core.hasPermission(user, 'join-without-join-code')) throw roomErrors.invalidJoinCode()
  addMember(core, room, user)
}

/**
 * `addUsersToRoom`: members may add with `add-user-to-joined-room` (room roles count), anyone with
 * `add-user-to-any-<t>-room`; never into a DM. Every username must exist — the whole call fails
 * otherwise, before anything is written. Those already in the room are skipped.
 */
export function addUsersToRoom(core: Core, room: Room, inviter: User, usernames: string[]): User[] {
  if (room.t === 'd') throw roomErrors.inviteDirect()
  const inRoom = core.subscription(room._id, inviter._id) !== undefined
  const allowed =
    (inRoom && core.hasPermission(inviter, 'add-user-to-joined-room', room._id)) ||
    (room.t === 'c' && core.hasPermission(inviter, 'add-user-to-any-c-room')) ||
    (room.t === 'p' && core.hasPermission(inviter, 'add-user-to-any-p-room'))
  if (!allowed) throw roomErrors.inviteNotAllowed()
  const users = usernames.map((raw) => {
    const user = core.db.users.unique('username', raw.replace(/(^@)|( @)/, '').toLowerCase())
    if (!user) throw roomErrors.inviteUserNotFound()
    return user
  })
  const added: User[] = []
  for (const user of users) if (addMember(core, room, user, inviter)) added.push(user)
  return added
}

/**
 * `addUserToRoom`: a new subscription that starts unread (`alert`, `unread: 1`, `userMentions: 1`),
 * `usersCount + 1`, and the system message — `au` (from the inviter) or `uj`, `ut` in a discussion.
 */
function addMember(core: Core, room: Room, user: User, inviter?: User): boolean {
  if (core.subscription(room._id, user._id)) return false
  const sub = addSubscription(core, room, user, { open: true, alert: true, unread: 1, userMentions: 1 })
  applyAutoTranslateDefaults(core, sub, user)
  touchRoom(core, room, (r) => (r.usersCount += 1))
  if (inviter) insertMessage(core, room, inviter, { msg: user.username, t: 'au', extra: { groupable: false } })
  else insertMessage(core, room, user, { msg: user.username, t: room.prid ? 'ut' : 'uj', extra: { groupable: false } })
  return true
}

/**
 * `removeUserFromRoom` (kick): `remove-user` in the room; a kicker without
 * `kick-user-from-any-<t>-room` must be able to read it and the target must be a member; the last
 * owner cannot be removed. Posts `ru` from the kicker.
 */
export function kickFromRoom(core: Core, room: Room, actor: User, target: User): void {
  if (!core.hasPermission(actor, 'remove-user', room._id) || room.t === 'd') throw roomErrors.kickNotAllowed()
  const canKickAny = core.hasPermission(actor, room.t === 'c' ? 'kick-user-from-any-c-room' : 'kick-user-from-any-p-room')
  if (!canKickAny && !canAccessRoom(core, room, actor)) throw roomErrors.kickRoomNotFound()
  const sub = core.subscription(room._id, target._id)
  if (!canKickAny && !sub) throw roomErrors.kickUserNotInRoom()
  if (sub && isLastOwner(core, room, sub)) throw roomErrors.lastOwner('removeUserFromRoom')
  if (sub) removeSubscription(core, room, sub)
  insertMessage(core, room, actor, { msg: target.username, t: 'ru', extra: { groupable: false } })
}

/**
 * `leaveRoom`: not from a DM, needs `leave-c` / `leave-p`, must be a member, and the last owner
 * must hand over first. Posts `ul`, then drops the subscription.
 */
export function leaveRoom(core: Core, room: Room, user: User): void {
  if (room.t === 'd') throw roomErrors.leaveNotAllowed()
  if (!core.hasPermission(user, room.t === 'c' ? 'leave-c' : 'leave-p')) throw roomErrors.leaveNotAllowed()
  const sub = core.subscription(room._id, user._id)
  if (!sub) throw roomErrors.leaveNotInRoom()
  if (isLastOwner(core, room, sub)) throw roomErrors.lastOwner('leaveRoom')
  insertMessage(core, room, user, { msg: user.username, t: 'ul', extra: { groupable: false } })
  removeSubscription(core, room, sub)
}

/** The member's auto-translate defaults on a subscription just created. */
function applyAutoTranslateDefaults(core: Core, sub: Subscription, user: User): void {
  const defaults = autoTranslateDefaults(core, user)
  if (defaults) core.db.subscriptions.patch(sub, (s) => Object.assign(s, defaults))
}

/** Whether this subscription holds the room's only `owner` role. */
function isLastOwner(core: Core, room: Room, sub: Subscription): boolean {
  if (!sub.roles?.includes('owner')) return false
  let owners = 0
  for (const s of core.db.subscriptions.sorted('room', room._id)) if (s.roles?.includes('owner')) owners++
  return owners === 1
}

/** `Subscriptions.removeByRoomIdAndUserId`: into the trash (what `subscriptions.get` reports), `usersCount − 1`. */
function removeSubscription(core: Core, room: Room, sub: Subscription): void {
  core.db.subscriptions.remove(sub)
  toTrash(core, { ...sub, _deletedAt: core.now(), _updatedAt: core.now(), __collection__: 'subscriptions' })
  touchRoom(core, room, (r) => (r.usersCount = Math.max(0, r.usersCount - 1)))
}

/**
 * `archiveRoom`: `archive-room` in the room, never a DM. The room gets `archived`, every
 * subscription `archived` with `open` and `alert` off, and `room-archived` is posted.
 */
export function archiveRoom(core: Core, room: Room, user: User): void {
  if (!core.hasPermission(user, 'archive-room', room._id)) throw roomErrors.archiveNotAuthorized()
  if (room.t === 'd') throw roomErrors.archiveDirect()
  touchRoom(core, room, (r) => (r.archived = true))
  for (const sub of core.db.subscriptions.sorted('room', room._id).slice()) {
    touchSubscription(core, sub, (s) => {
      s.archived = true
      s.open = false
      s.alert = false
    })
  }
  insertMessage(core, room, user, { msg: '', t: 'room-archived', extra: { groupable: false } })
}

/** `toggleFavorite`: the caller's subscription gets `f`. */
export function setFavorite(core: Core, room: Room, user: User, favorite: boolean): void {
  const sub = core.subscription(room._id, user._id)
  if (!sub) throw roomErrors.favoriteNotMember()
  touchSubscription(core, sub, (s) => (s.f = favorite))
}

/**
 * `unreadMessages`: by room, the newest visible message becomes the first unread; by message, that
 * message (not one's own; the member must have read the room before). The subscription gets
 * `open`, `alert` and `ls` just before it.
 */
export function markUnread(core: Core, user: User, target: { roomId: string } | { messageId: string }): void {
  if ('roomId' in target) {
    const last = newestVisible(core, target.roomId)
    if (!last) throw roomErrors.noMessageForUnread()
    const sub = core.subscription(last.rid, user._id)
    if (sub) setUnreadFrom(core, sub, last.ts)
    return
  }
  const message = core.db.messages.get(target.messageId)
  if (!message || message._hidden || message.u._id === user._id) throw roomErrors.unreadNotAllowed()
  const sub = core.subscription(message.rid, user._id)
  if (!sub?.ls) throw roomErrors.unreadNoSubscription()
  // The server compares the *request's* `ts` (absent from `{_id}`) with `ls`: the check never stops it.
  setUnreadFrom(core, sub, message.ts)
}

function setUnreadFrom(core: Core, sub: Subscription, ts: Date): void {
  touchSubscription(core, sub, (s) => {
    s.open = true
    s.alert = true
    s.ls = ts
  })
}

function newestVisible(core: Core, rid: string): Message | undefined {
  const list = core.db.messages.sorted('room', rid)
  for (let i = list.length - 1; i >= 0; i--) if (!list[i]!._hidden) return list[i]
  return undefined
}
