import type { Core } from '../core.js'
import type { Room, Subscription, User } from '../db/index.js'
import { errors } from '../errors.js'
import { insertMessage } from './messages.js'
import { createDirect, findDirectRoom, touchRoom, touchSubscription } from './rooms.js'

/**
 * `findDirectMessageRoom`: the value (a leading `@` stripped) is first read as a user id or
 * username — the DM with that user, created on the fly if missing — and only then as a room id.
 * Anything else, or a room that is not a DM, is `[invalid-channel]`. An existing DM found through
 * a user is returned untouched (a lookup does not reopen the caller's subscription).
 */
export function findDirectMessageRoom(core: Core, caller: User, value: string | undefined): { room: Room; subscription: Subscription | undefined } {
  if (!value) throw errors.roomParamMissing()
  const key = value.startsWith('@') ? value.slice(1) : value
  const other = core.findUser(key)
  let room: Room | undefined
  if (other) {
    const members = other._id === caller._id ? [caller] : [caller, other]
    room = findDirectRoom(core, members) ?? createDirect(core, caller, members).room
  } else room = core.db.rooms.get(key)
  if (room?.t !== 'd') throw errors.invalidChannel()
  return { room, subscription: core.subscription(room._id, caller._id) }
}

/** What `createDirectMessage` answers: the room id, its type and member usernames. */
export interface CreatedDirect {
  t: 'd'
  rid: string
  usernames?: string[]
  /** Set when a new room was inserted (not part of the response). */
  inserted: boolean
}

/**
 * `createDirectMessage`: the DM of the caller (unless `excludeSelf`) and these usernames, in the
 * server's order of checks — self-DMs, the member limit, each username, then `create-d`. Every
 * check runs before any write, so a refused request changes nothing.
 */
export function createDirectMessage(core: Core, caller: User, usernames: string[], excludeSelf = false): CreatedDirect {
  const me = caller.username.toLowerCase()
  const targets = usernames.filter((name) => name.toLowerCase() !== me)
  if (targets.length === 0 && (excludeSelf || !core.setting('Message_AllowDirectMessagesToYourself'))) {
    throw errors.invalidUser('createDirectMessage')
  }
  const size = excludeSelf ? targets.length : targets.length + 1
  const max = core.setting('DirectMesssage_maxUsers') || 1
  if (size > max) throw errors.directMessageMaxUsers(max)
  const users = targets.map((name) => {
    const user = core.db.users.unique('username', name.toLowerCase())
    if (!user) throw errors.invalidUser('createDirectMessage')
    return user
  })
  const members = uniqueUsers(excludeSelf ? users : [caller, ...users])
  // "allow self-DMs": a one-member DM must be the caller's own.
  if (members.length === 1 && members[0]!._id !== caller._id) throw errors.invalidUser('createDirectMessage')

  if (!core.hasPermission(caller, 'create-d')) {
    // Without `create-d`, an existing DM of exactly these members is still handed back.
    const existing = core.hasPermission(caller, 'view-d-room') ? findDirectRoom(core, members) : undefined
    if (existing) return { t: 'd', rid: existing._id, inserted: false }
    throw errors.directMessageNotAllowed()
  }

  const before = findDirectRoom(core, members)
  const hadSubscription = new Set(before ? members.filter((m) => core.subscription(before._id, m._id)).map((m) => m._id) : [])
  const { room, inserted } = createDirect(core, caller, members)
  if (excludeSelf && core.hasPermission(caller, 'view-room-administration')) {
    // `subscriptionExtra: { open: true }`: the subscriptions this call created start open.
    for (const member of members) {
      const sub = core.subscription(room._id, member._id)
      if (sub && !hadSubscription.has(member._id) && !sub.open) touchSubscription(core, sub, (s) => (s.open = true))
    }
  }
  const usernamesSorted = [...members].sort((a, b) => (a.name || a.username).localeCompare(b.name || b.username)).map((u) => u.username)
  return { t: 'd', rid: room._id, usernames: usernamesSorted, inserted }
}

/** `openRoom`: show the DM in the caller's sidebar again. */
export function openDirect(core: Core, sub: Subscription): void {
  if (!sub.open) touchSubscription(core, sub, (s) => (s.open = true))
}

/** `hideRoom`: take the DM out of the caller's sidebar (`open` and `alert` off). */
export function hideDirect(core: Core, sub: Subscription): void {
  touchSubscription(core, sub, (s) => {
    s.open = false
    s.alert = false
  })
}

/**
 * `saveRoomSettings(roomTopic)`: needs `edit-room` in the room; when the topic changes, stores it
 * and posts a `room_changed_topic` system message from the editor.
 */
export function setRoomTopic(core: Core, room: Room, editor: User, topic: string): void {
  if (!core.hasPermission(editor, 'edit-room', room._id)) throw errors.editRoomNotAllowed()
  if (!topic && !room.topic) return
  if (topic === room.topic) return
  touchRoom(core, room, (r) => (r.topic = topic))
  insertMessage(core, room, editor, { msg: topic, t: 'room_changed_topic', extra: { groupable: false } })
}

/**
 * `im.blockUser`: the other member of a 1:1 DM gets `blocked`, the caller `blocker`; with
 * `block: false` both flags are removed. Self-DMs have no one to block; group DMs cannot be
 * blocked; both subscriptions must exist.
 */
export function setDirectBlock(core: Core, room: Room, caller: User, block: boolean): void {
  const blocked = (room.uids ?? []).find((uid) => uid !== caller._id)
  if (!blocked) throw errors.invalidRoom('im.blockUser')
  const method = block ? 'blockUser' : 'unblockUser'
  if (block && (room.uids ?? []).length > 2) throw errors.invalidRoom(method)
  const blockerSub = core.subscription(room._id, caller._id)
  const blockedSub = core.subscription(room._id, blocked)
  if (!blockerSub || !blockedSub) throw errors.invalidRoom(method)
  if (block) {
    touchSubscription(core, blockedSub, (s) => (s.blocked = true))
    touchSubscription(core, blockerSub, (s) => (s.blocker = true))
  } else {
    touchSubscription(core, blockedSub, (s) => delete s.blocked)
    touchSubscription(core, blockerSub, (s) => delete s.blocker)
  }
}

function uniqueUsers(users: User[]): User[] {
  const seen = new Set<string>()
  return users.filter((u) => !seen.has(u._id) && seen.add(u._id))
}
