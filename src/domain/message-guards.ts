import type { Core } from '../core.js'
import type { Message, User } from '../db/index.js'
import { errors } from '../errors.js'
import { assertCanSend } from './access.js'

/**
 * The server's edit and delete rules (`canEditMessage`, `canDeleteMessageAsync`), shared by the
 * REST endpoints and the DDP methods so both refuse the same requests with the same errors.
 */

/** Who may edit: `edit-message`, or the author while editing is allowed; the time limit; sending rights. */
export function assertCanEdit(core: Core, user: User, message: Message): void {
  const canEditAny = core.hasPermission(user, 'edit-message', message.rid)
  const isAuthor = message.u._id === user._id
  if (!canEditAny && (!core.setting('Message_AllowEditing') || !isAuthor)) throw errors.editNotAllowed()
  const limit = core.setting('Message_AllowEditing_BlockEditInMinutes')
  if (limit && !core.hasPermission(user, 'bypass-time-limit-edit-and-delete', message.rid)) {
    if (Math.floor((core.clock.now() - message.ts.getTime()) / 60_000) >= limit) throw errors.editBlocked()
  }
  assertCanSend(core, message.rid, user)
}

/** `canDeleteMessageAsync`: force-delete wins; else the setting, the permission, the time limit, read-only. */
export function assertCanDelete(core: Core, actor: User, message: { rid: string; u: { _id: string }; ts: Date }): void {
  const rid = message.rid
  if (core.hasPermission(actor, 'force-delete-message', rid)) return
  if (!core.setting('Message_AllowDeleting')) throw errors.deleteNotAllowed()
  const own = message.u._id === actor._id && core.hasPermission(actor, 'delete-own-message')
  if (!core.hasPermission(actor, 'delete-message', rid) && !own) throw errors.deleteNotAllowed()
  const limit = core.setting('Message_AllowDeleting_BlockDeleteInMinutes')
  if (limit && !core.hasPermission(actor, 'bypass-time-limit-edit-and-delete', rid)) {
    if (Math.round((core.clock.now() - message.ts.getTime()) / 60_000) > limit) throw errors.deleteNotAllowed()
    return
  }
  const room = core.db.rooms.get(rid)
  if (room?.ro && !core.hasPermission(actor, 'post-readonly', rid) && !room.unmuted?.includes(actor.username)) {
    throw errors.deleteReadonly()
  }
}
