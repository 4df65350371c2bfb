import { z } from 'zod'
import { pinMessage, setStar, unpinMessage } from '../src/domain/actions.js'
import { canAccessRoom } from '../src/domain/access.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { b } from '../src/validation.js'

const messageIdBody = z.strictObject({ messageId: b.nonEmpty() })

/**
 * `starMessage` (both directions): starring must be allowed; a caller without a subscription to
 * the room gets 200 and nothing happens; then the room must exist and be accessible.
 */
function star(starred: boolean, path: string) {
  return defineEndpoint({
    method: 'POST',
    path,
    body: messageIdBody,
    handle: ({ core, user, body }) => {
      const message = core.db.messages.get(body.messageId)
      if (!message) throw errors.messageNotFound()
      if (!core.setting('Message_AllowStarring')) throw errors.starringNotAllowed()
      if (!core.subscription(message.rid, user._id)) return {}
      const room = core.db.rooms.get(message.rid)
      if (!room) throw errors.starRoomNotAllowed()
      if (!canAccessRoom(core, room, user)) throw errors.starNotAuthorized()
      setStar(core, message, user, starred)
      return {}
    },
  })
}

export const starMessage = star(true, '/api/v1/chat.starMessage')
export const unStarMessage = star(false, '/api/v1/chat.unStarMessage')

/**
 * `POST chat.pinMessage`: pinning allowed, `pin-message` in the room (owner, moderator, admin),
 * room accessible; answers the `message_pinned` system message it posts (or, for a message that
 * is already pinned, the message itself, unchanged).
 */
export const pin = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.pinMessage',
  body: messageIdBody,
  handle: ({ core, user, body }) => {
    const message = core.db.messages.get(body.messageId)
    if (!message) throw errors.messageNotFound()
    if (!core.setting('Message_AllowPinning')) throw errors.pinningNotAllowed('pinMessage')
    if (!core.hasPermission(user, 'pin-message', message.rid)) throw errors.pinNotAuthorized('pinMessage')
    const room = core.db.rooms.get(message.rid)
    if (!room || !canAccessRoom(core, room, user)) throw errors.pinNotAuthorized('pinMessage')
    const result = pinMessage(core, room, message, user)
    return { message: normalizeMessage(core, result, user) }
  },
})

/** `POST chat.unPinMessage`: as pin, but the caller must also be subscribed; no system message. */
export const unPin = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.unPinMessage',
  body: messageIdBody,
  handle: ({ core, user, body }) => {
    const message = core.db.messages.get(body.messageId)
    if (!message) throw errors.messageNotFound()
    if (!core.setting('Message_AllowPinning')) throw errors.pinningNotAllowed('unpinMessage')
    if (!core.subscription(message.rid, user._id)) throw errors.unpinMessageNotFound()
    if (!core.hasPermission(user, 'pin-message', message.rid)) throw errors.pinNotAuthorized('unpinMessage')
    const room = core.db.rooms.get(message.rid)
    if (!room || !canAccessRoom(core, room, user)) throw errors.pinNotAuthorized('unpinMessage')
    unpinMessage(core, message, user)
    return {}
  },
})

export const pinStarEndpoints = [starMessage, unStarMessage, pin, unPin]
