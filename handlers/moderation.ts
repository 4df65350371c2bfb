import { z } from 'zod'
import { canAccessRoom } from '../src/domain/access.js'
import { reportMessage as reportMessageWrite, setIgnored } from '../src/domain/moderation.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { b, q } from '../src/validation.js'

/**
 * `POST chat.reportMessage`: stores a moderation report (`mock.db.reports`) with a snapshot of the
 * message, the reporter and the room. A message the caller cannot see is reported as an invalid id.
 */
export const reportMessage = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.reportMessage',
  body: z.strictObject({ messageId: b.string(), description: b.string() }),
  handle: ({ core, user, body }) => {
    if (!body.messageId) throw errors.reportMessageIdMissing()
    if (!body.description) throw errors.reportDescriptionMissing()
    if (!body.description.trim()) throw errors.reportInvalidDescription()
    const message = core.db.messages.get(body.messageId)
    if (!message) throw errors.reportInvalidMessageId()
    const room = core.db.rooms.get(message.rid)
    if (!room || !canAccessRoom(core, room, user)) throw errors.reportInvalidMessageId()
    reportMessageWrite(core, user, message, room, body.description)
    return {}
  },
})

/**
 * `GET chat.ignoreUser` (a GET that writes, as the server's): adds or removes `userId` in the
 * caller's subscription `ignored`. `ignore` is true when the text contains `true` or `1`; both
 * users must be members of the room. The server never filters messages by it.
 */
export const ignoreUser = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.ignoreUser',
  query: z.strictObject({ rid: q.nonEmpty(), userId: q.nonEmpty(), ignore: q.nonEmpty().optional() }),
  handle: ({ core, user, query }) => {
    // `let { ignore = true } = this.queryParams`: leaving it out ignores.
    const ignore = query.ignore === undefined || /true|1/.test(query.ignore)
    if (!query.rid.trim()) throw errors.ignoreRidMissing()
    if (!query.userId.trim()) throw errors.ignoreUserIdMissing()
    const sub = core.subscription(query.rid, user._id)
    if (!sub) throw errors.invalidSubscription('ignoreUser')
    if (!core.subscription(query.rid, query.userId)) throw errors.invalidSubscription('ignoreUser')
    setIgnored(core, sub, query.userId, ignore)
    return {}
  },
})

export const moderationEndpoints = [reportMessage, ignoreUser]
