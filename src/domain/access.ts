import type { Core } from '../core.js'
import type { Room, User } from '../db/index.js'
import { errors } from '../errors.js'

/**
 * `canAccessRoom`: public channels are readable by anyone with `view-c-room`; groups and DMs need
 * a subscription (and `view-joined-room` or `view-<t>-room`); a discussion inherits its parent.
 */
export function canAccessRoom(core: Core, room: Room | undefined, user: User, depth = 0): boolean {
  if (!room) return false
  if (room.t === 'c' && core.hasPermission(user, 'view-c-room')) return true
  if (core.subscription(room._id, user._id)) {
    if (core.hasPermission(user, 'view-joined-room') || core.hasPermission(user, `view-${room.t}-room`)) return true
  }
  if (room.prid && depth < 8) return canAccessRoom(core, core.db.rooms.get(room.prid), user, depth + 1)
  return false
}

/** `canSendMessage`: the plain errors the server throws, in its order. Returns the room. */
export function assertCanSend(core: Core, rid: string, user: User): Room {
  const room = core.db.rooms.get(rid)
  if (!room) throw errors.invalidRoomPlain()
  if (!canAccessRoom(core, room, user)) throw errors.notAllowedPlain()
  if (room.t === 'd') {
    for (const sub of core.db.subscriptions.sorted('room', rid)) if (sub.blocked || sub.blocker) throw errors.roomBlocked()
  }
  if (room.ro === true && !core.hasPermission(user, 'post-readonly', rid) && !room.unmuted?.includes(user.username)) {
    throw errors.roomReadonly()
  }
  if (room.muted?.includes(user.username)) throw errors.muted()
  return room
}
