import type { Core } from '../core.js'
import type { User } from '../db/index.js'
import { canAccessRoom } from '../domain/access.js'

/** Publications that exist for the Meteor web client and publish nothing here. */
export const PLAIN_PUBLICATIONS = new Set(['meteor.loginServiceConfiguration', 'meteor_autoupdate_clientVersions'])

/** A Rocket.Chat Streamer stream: who may subscribe to one of its event names (`allowRead`). */
export interface Stream {
  canRead(core: Core, user: User | undefined, eventName: string, args: unknown[]): boolean
}

/** Whoever may read a room's events: a member, a reader of a public room, or an anonymous reader if allowed. */
export function canReadRoom(core: Core, rid: string, user: User | undefined): boolean {
  const room = core.db.rooms.get(rid)
  if (!room) return false
  if (!user) return room.t === 'c' && core.setting('Accounts_AllowAnonymousRead') === true
  return canAccessRoom(core, room, user)
}

/** `<rid>/<event>` → [rid, event]. */
export function splitRoomEvent(eventName: string): [string, string] {
  const slash = eventName.indexOf('/')
  return slash < 0 ? [eventName, ''] : [eventName.slice(0, slash), eventName.slice(slash + 1)]
}

/** The streams both official clients subscribe to, with the read rules of the server's notifications module. */
export const streams: Record<string, Stream> = {
  'stream-room-messages': {
    // `__my_messages__`: anyone may listen; each event is checked against the room (events.ts).
    canRead: (core, user, eventName) => eventName === '__my_messages__' || canReadRoom(core, eventName, user),
  },
  'stream-notify-room': {
    canRead: (core, user, eventName) => {
      const [rid, event] = splitRoomEvent(eventName)
      if (event === 'webrtc') return true
      return user !== undefined && canReadRoom(core, rid, user)
    },
  },
  'stream-notify-user': {
    canRead: (_core, user, eventName) => user !== undefined && splitRoomEvent(eventName)[0] === user._id,
  },
  'stream-notify-logged': {
    canRead: (_core, user) => user !== undefined,
  },
  'stream-notify-all': {
    canRead: () => true,
  },
  'stream-roles': {
    canRead: (_core, user) => user !== undefined,
  },
}
