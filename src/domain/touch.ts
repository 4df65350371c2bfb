import type { Core } from '../core.js'
import type { Message } from '../db/index.js'
import { touchRoom } from './rooms.js'

/**
 * The one write of an existing message the domain modules share. It lives apart from the send
 * pipeline so the modules the pipeline calls after a save (discussion counters, translations)
 * can write messages without importing the pipeline back.
 *
 * Change a message and bump its `_updatedAt` (every model write does, and sync relies on it);
 * `at` is a stamp the caller took for this very write (so `editedAt`/`pinnedAt` equal it).
 */
export function touchMessage(core: Core, message: Message, change: (message: Message) => void, at?: Date): Message {
  const patched = core.db.messages.patch(message, (m) => {
    change(m)
    m._updatedAt = at ?? core.stamp('message')
  })
  // A room's `lastMessage` is this very record: a change to it is a change to the room (`rooms.get`).
  const room = core.db.rooms.get(patched.rid)
  if (room?.lastMessage?._id === patched._id) touchRoom(core, room, () => {})
  return patched
}
