import { login, logout } from './auth.js'
import type { Method } from './context.js'
import { getThreadMessages, loadHistory, loadNextMessages, loadSurroundingMessages } from './history.js'
import { getRoomRoles, permissionsGet, publicSettingsGet, readMessages, readThreads, roomsGet, subscriptionsGet } from './lists.js'
import { deleteMessage, sendMessage, setReaction, updateMessage } from './messages.js'
import { licenseGetModules, presenceAway, presenceOnline, presenceSetDefault, setUserStatus, streamNotifyRoom, streamNotifyUser } from './misc.js'

export type { Method, MethodContext } from './context.js'

/**
 * The DDP method table: every method the mock answers, by its wire name. Anything else is a
 * 404 "Method '…' not found" (as are the methods Rocket.Chat removed in 8.0). The same table
 * serves `method.call` / `method.callAnon` over REST.
 */
export const methods: Record<string, Method> = {
  login,
  logout,
  sendMessage,
  updateMessage,
  deleteMessage,
  setReaction,
  loadHistory,
  loadNextMessages,
  loadSurroundingMessages,
  getThreadMessages,
  readMessages,
  readThreads,
  'subscriptions/get': subscriptionsGet,
  'rooms/get': roomsGet,
  'permissions/get': permissionsGet,
  'public-settings/get': publicSettingsGet,
  getRoomRoles,
  'license:getModules': licenseGetModules,
  'UserPresence:online': presenceOnline,
  'UserPresence:away': presenceAway,
  'UserPresence:setDefaultStatus': presenceSetDefault,
  setUserStatus,
  'stream-notify-room': streamNotifyRoom,
  'stream-notify-user': streamNotifyUser,
}
