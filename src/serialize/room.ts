import type { Core } from '../core.js'
import type { Room, User } from '../db/index.js'
import { normalizeMessage } from './message.js'

/** A room for a client: the stored fields with `lastMessage` normalised for the viewer. */
export function serializeRoom(core: Core, room: Room, viewer: User): Room {
  if (!room.lastMessage) return room
  return { ...room, lastMessage: normalizeMessage(core, room.lastMessage, viewer) }
}
