import type { Core } from '../core.js'
import type { Room, User } from '../db/index.js'
import { normalizeMessage } from './message.js'
import { toWire, type Wire } from './wire.js'

/** A room for a client: dates as ISO strings, `lastMessage` normalised for the viewer. */
export function serializeRoom(core: Core, room: Room, viewer: User): Wire<Room> {
  const out = toWire(room)
  if (room.lastMessage) out.lastMessage = normalizeMessage(core, room.lastMessage, viewer)
  return out
}
