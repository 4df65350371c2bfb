import type { Core } from '../core.js'
import type { Room, User } from '../db/index.js'
import { viewMessage } from './message.js'

/**
 * Shapes of the realtime API. Dates stay `Date` objects: the DDP layer encodes them as EJSON
 * `{$date: ms}`, as the server's stream payloads carry them.
 */

/** A room in `rooms-changed` / `rooms/get`: the stored room, `lastMessage` as the viewer sees it. */
export function roomForViewer(core: Core, room: Room, viewer: User | undefined): Room {
  return room.lastMessage ? { ...room, lastMessage: viewMessage(core, room.lastMessage, viewer) } : room
}

/** The `users` document the universal publication adds after login (own fields, no services, no status). */
export function ownUserFields(_core: Core, user: User): Record<string, unknown> {
  const out: Record<string, unknown> = {
    username: user.username,
    emails: user.emails,
    roles: user.roles,
    utcOffset: user.utcOffset,
    active: user.active,
    type: user.type,
    statusConnection: user.statusConnection ?? user.status,
    settings: { preferences: user.settings?.preferences ?? {} },
  }
  if (user.name !== undefined) out.name = user.name
  if (user.statusText !== undefined) out.statusText = user.statusText
  if (user.language !== undefined) out.language = user.language
  return out
}

/** Presence as a number: 0 offline, 1 online, 2 away, 3 busy (`UserStatus` order on the wire). */
export function statusNumber(status: User['status']): number {
  return status === 'online' ? 1 : status === 'away' ? 2 : status === 'busy' ? 3 : 0
}

/** `user-status` entry: `[uid, username, status, statusText, name, roles]`. */
export function userStatusEntry(user: User): unknown[] {
  return [user._id, user.username, statusNumber(user.status), user.statusText ?? '', user.name ?? '', user.roles]
}
