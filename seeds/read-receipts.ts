import type { Core } from '../src/core.js'
import { findDirectRoom } from '../src/domain/rooms.js'
import { readRoom } from '../src/domain/read.js'

/**
 * Read receipts of the default scenario (read receipts are on in the default workspace): alice
 * and bob have read GENERAL, and alice has read the demo–alice DM, at the end of the seeded
 * history. Their subscriptions are read (`ls`, no unread) except for unread threads, and every
 * message they had not seen (not their own) has their receipt.
 */
export function seedReadReceipts(core: Core): void {
  const alice = core.findUser('alice')
  const bob = core.findUser('bob')
  const demo = core.findUser('demo')
  const general = core.db.rooms.get('GENERAL')
  if (!alice || !bob || !demo || !general) return
  for (const reader of [alice, bob]) {
    const sub = core.subscription(general._id, reader._id)
    if (sub) readRoom(core, general, sub, reader)
  }
  const dm = findDirectRoom(core, [demo, alice])
  const sub = dm && core.subscription(dm._id, alice._id)
  if (dm && sub) readRoom(core, dm, sub, alice)
}
