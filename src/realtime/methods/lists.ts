import type { Core } from '../../core.js'
import { PUBLIC_SETTING_IDS } from '../../settings-client.js'
import { readRoom } from '../../domain/read.js'
import { readThread } from '../../domain/threads.js'
import { roomsChangedSince, subscriptionsChangedSince } from '../../domain/user-rooms.js'
import { roomForViewer } from '../../serialize/realtime.js'
import { check, isBoolean, isDate, isOptional, isString } from '../check.js'
import { MeteorError } from '../meteor-error.js'
import type { Method } from './context.js'

/** `[updatedAt?]`: a list, or `{update, remove}` when a date is given. */
function since(value: unknown): number | undefined {
  check(isOptional(value, isDate), 'updatedAt must be a Date')
  return value instanceof Date ? value.getTime() : undefined
}

export const subscriptionsGet: Method = ({ core, user }, [updatedAt]) => {
  const from = since(updatedAt)
  if (!user) return []
  const { update, remove } = subscriptionsChangedSince(core, user, from)
  return from === undefined ? update : { update, remove }
}

export const roomsGet: Method = ({ core, user }, [updatedAt]) => {
  const from = since(updatedAt)
  if (!user) {
    if (!core.setting('Accounts_AllowAnonymousRead')) return []
    const defaults = core.db.rooms.findMany((q) => q.where((r) => r.t === 'c' && r.default === true))
    return from === undefined ? defaults : { update: defaults.filter((r) => r._updatedAt.getTime() > from), remove: [] }
  }
  const { update, remove } = roomsChangedSince(core, user, from)
  const rooms = update.map((room) => roomForViewer(core, room, user))
  return from === undefined ? rooms : { update: rooms, remove }
}

function changedConfig<T extends { _id: string; _updatedAt?: Date }>(core: Core, records: T[], from: number | undefined) {
  void core
  // Permissions carry `_updatedAt`; settings do not, so with a date every setting counts as changed.
  if (from === undefined) return records
  return { update: records.filter((r) => r._updatedAt === undefined || r._updatedAt.getTime() > from), remove: [] }
}

export const permissionsGet: Method = ({ core, user }, [updatedAt]) => {
  const from = since(updatedAt)
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'permissions/get' })
  return changedConfig(core, core.db.permissions.all(), from)
}

/** `public-settings/get`: only the settings the server marks public (as `settings.public`). */
export const publicSettingsGet: Method = ({ core }, [updatedAt]) => {
  const from = since(updatedAt)
  return changedConfig(
    core,
    core.db.settings
      .all()
      .filter((s) => PUBLIC_SETTING_IDS.has(s._id))
      .map((s) => ({ _id: s._id, value: s.value })),
    from,
  )
}

/** `readMessages [rid, readThreads=false]`: `subscriptions.read`'s effect. */
export const readMessages: Method = ({ core, user }, [rid, readThreads]) => {
  check(isString(rid) && isOptional(readThreads, isBoolean), 'readMessages params')
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'readMessages' })
  const room = core.db.rooms.get(rid)
  if (!room) throw new MeteorError('error-room-does-not-exist', 'This room does not exist', { method: 'readMessages' })
  const sub = core.subscription(rid, user._id)
  if (!sub) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'readMessages' })
  readRoom(core, room, sub, user, { readThreads: readThreads === true })
  return undefined
}

/** `readThreads [tmid]`: the thread is read. */
export const readThreads: Method = ({ core, user }, [tmid]) => {
  check(isString(tmid), 'tmid')
  if (!user) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'readThreads' })
  const root = core.db.messages.get(tmid)
  if (!root) return undefined
  readThread(core, user, root)
  return undefined
}

/** `getRoomRoles [rid]`: members holding room-scoped roles. */
export const getRoomRoles: Method = ({ core, user }, [rid]) => {
  check(isString(rid), 'rid')
  const room = core.db.rooms.get(rid)
  if (!room || !user) throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'getRoomRoles' })
  return core.db.subscriptions
    .sorted('room', rid)
    .filter((s) => (s.roles?.length ?? 0) > 0)
    .map((s) => ({ _id: s._id, rid, u: s.u, roles: s.roles }))
}
