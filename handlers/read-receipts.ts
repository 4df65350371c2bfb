import { z } from 'zod'
import { canAccessRoom } from '../src/domain/access.js'
import { readRoom, receiptsOf } from '../src/domain/read.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { paginate, pagination } from '../src/pagination.js'
import { b, q } from '../src/validation.js'

/**
 * `GET chat.getMessageReadReceipts` (Enterprise): who has read a message. With
 * `Message_Read_Receipt_Enabled` off the mock behaves as a server without the license module.
 * Pagination applies only when `count` or `offset` is given.
 */
export const getMessageReadReceipts = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getMessageReadReceipts',
  query: z.strictObject({ messageId: q.string(), count: q.integer().optional(), offset: q.integer().optional() }),
  handle: ({ core, user, query }) => {
    if (!core.setting('Message_Read_Receipt_Enabled')) throw errors.enterpriseFeature()
    const page = query.count === undefined && query.offset === undefined ? undefined : pagination(core, query)
    const message = core.db.messages.get(query.messageId)
    if (!message) throw errors.readReceiptsInvalidMessage()
    if (!canAccessRoom(core, core.db.rooms.get(message.rid), user)) throw errors.invalidRoom('getReadReceipts')
    const receipts = receiptsOf(core, message._id)
    return { receipts: page ? paginate(receipts, page).items : receipts }
  },
})

const readThreads = b.boolean().nullish()

/**
 * `POST subscriptions.read` `{rid}` (or `{roomId}`), optional `readThreads`: the caller has read the
 * room. Clears the subscription's counters and sets `ls`; with read receipts on, records them.
 */
export const subscriptionsRead = defineEndpoint({
  method: 'POST',
  path: '/api/v1/subscriptions.read',
  body: z.union([z.strictObject({ rid: b.string(), readThreads }), z.strictObject({ roomId: b.string(), readThreads })]),
  handle: ({ core, user, body }) => {
    const rid = 'rid' in body ? body.rid : body.roomId
    const sub = core.subscription(rid, user._id)
    const room = core.db.rooms.get(rid)
    if (!sub || !room) throw errors.invalidSubscriptionPlain()
    readRoom(core, room, sub, user, { readThreads: body.readThreads === true })
    return {}
  },
})

export const readReceiptEndpoints = [getMessageReadReceipts, subscriptionsRead]
