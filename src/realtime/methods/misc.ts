import type { User } from '../../db/index.js'
import { setUserStatus as applyStatus } from '../../domain/users.js'
import { check, isString } from '../check.js'
import { splitRoomEvent, canReadRoom } from '../streams.js'
import type { Method } from './context.js'

/** `license:getModules`: a Community workspace has none. */
export const licenseGetModules: Method = () => []

const STATUSES = new Set<User['status']>(['online', 'away', 'busy', 'offline'])

/** `UserPresence:online` / `:away` / `:setDefaultStatus [status]`, `setUserStatus [status, text?]`: ignored when logged out. */
export const presenceOnline: Method = ({ core, user }) => {
  if (user) applyStatus(core, user, 'online')
  return undefined
}

export const presenceAway: Method = ({ core, user }) => {
  if (user) applyStatus(core, user, 'away')
  return undefined
}

export const presenceSetDefault: Method = ({ core, user }, [status]) => {
  check(isString(status), 'status')
  if (user && STATUSES.has(status as User['status'])) applyStatus(core, user, status as User['status'])
  return undefined
}

export const setUserStatus: Method = ({ core, user }, [status, text]) => {
  check(status === undefined || status === null || isString(status), 'status')
  check(text === undefined || text === null || isString(text), 'statusText')
  if (!user) return undefined
  const next = isString(status) && STATUSES.has(status as User['status']) ? (status as User['status']) : user.status
  applyStatus(core, user, next, isString(text) ? text : undefined)
  return undefined
}

/**
 * `stream-notify-room [eventName, …args]`: the one event a client writes — `<rid>/user-activity`
 * (typing), relayed to the room's other listeners as sent, and only when the username is the
 * caller's own. Refused writes are silent; the result is always empty.
 */
export const streamNotifyRoom: Method = ({ core, server, user, session }, [eventName, ...args]) => {
  if (!isString(eventName) || !user) return undefined
  const [rid, event] = splitRoomEvent(eventName)
  if (event !== 'user-activity') return undefined
  const username = core.setting('UI_Use_Real_Name') ? user.name : user.username
  if (args[0] !== username || !canReadRoom(core, rid, user)) return undefined
  server.emit('stream-notify-room', eventName, (viewer) => (canReadRoom(core, rid, viewer) ? args : undefined), {
    ...(session.isSession ? { except: session as never } : {}),
  })
  return undefined
}

/** `stream-notify-user` writes (OTR, WebRTC signalling): accepted and dropped — the mock has no peers for them. */
export const streamNotifyUser: Method = () => undefined
