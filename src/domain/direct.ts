import type { Core } from '../core.js'
import type { Room, Subscription, User } from '../db/index.js'
import { errors } from '../errors.js'
import { createDirect } from './rooms.js'

/**
 * `findDirectMessageRoom`: the value (a leading `@` stripped) is first read as a user id or
 * username — the DM with that user, created on the fly if missing — and only then as a room id.
 * Anything else, or a room that is not a DM, is `[invalid-channel]`.
 */
export function findDirectMessageRoom(core: Core, caller: User, value: string | undefined): { room: Room; subscription: Subscription | undefined } {
  if (!value) throw errors.roomParamMissing()
  const key = value.startsWith('@') ? value.slice(1) : value
  const other = core.findUser(key)
  let room: Room | undefined
  if (other) room = createDirect(core, caller, other._id === caller._id ? [caller] : [caller, other]).room
  else room = core.db.rooms.get(key)
  if (!room || room.t !== 'd') throw errors.invalidChannel()
  return { room, subscription: core.subscription(room._id, caller._id) }
}
