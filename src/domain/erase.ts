import type { Core } from '../core.js'
import type { Room, User } from '../db/index.js'
import { errors } from '../errors.js'

/**
 * `eraseRoom`: needs `delete-<t>` (for DMs `delete-d`, admins only by default). Removes the
 * room's uploads, messages (and their read receipts), subscriptions and the room itself; messages,
 * subscriptions and the room go to the trash with `_deletedAt`, which is what `rooms.get`,
 * `subscriptions.get` and `chat.getDeletedMessages` report as removed.
 */
export function eraseRoom(core: Core, room: Room, actor: User): void {
  if (!core.hasPermission(actor, `delete-${room.t}`, room._id)) throw errors.eraseNotAllowed()
  const now = core.now()
  const rid = room._id

  for (const upload of [...core.db.uploads.sorted('room', rid)]) {
    core.db.uploads.remove(upload)
    core.files.delete(upload._id)
  }
  for (const message of [...core.db.messages.sorted('room', rid)]) {
    for (const receipt of [...core.db.readReceipts.sorted('message', message._id)]) core.db.readReceipts.remove(receipt)
    core.db.messages.remove(message)
    toTrash(core, { ...message, _deletedAt: now, __collection__: 'message' })
  }
  for (const sub of [...core.db.subscriptions.sorted('room', rid)]) {
    core.db.subscriptions.remove(sub)
    toTrash(core, { ...sub, _deletedAt: now, __collection__: 'subscriptions' })
  }
  core.db.rooms.remove(room)
  toTrash(core, { ...room, _deletedAt: now, __collection__: 'rooms' })
}

/** The trash keeps one record per `_id` (an upsert, as the server's trash does). */
export function toTrash(core: Core, record: { _id: string } & Record<string, unknown>): void {
  const previous = core.db.trash.get(record._id)
  if (previous) core.db.trash.remove(previous)
  core.db.trash.insert(record)
}
