import type { Core } from '../core.js'
import type { Message } from '../db/index.js'

/**
 * The one write of an existing message the domain modules share. It lives apart from the send
 * pipeline so the modules the pipeline calls after a save (discussion counters, translations)
 * can write messages without importing the pipeline back.
 */
/** Change a message and bump its `_updatedAt` (every model write does, and sync relies on it). */
export function touchMessage(core: Core, message: Message, change: (message: Message) => void): Message {
  return core.db.messages.patch(message, (m) => {
    change(m)
    m._updatedAt = core.now()
  })
}
