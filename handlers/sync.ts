import { z } from 'zod'
import type { Message, TrashRecord } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { deletedMessagesPage, roomChangesPage, roomChangesSince } from '../src/domain/sync.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { pagination } from '../src/pagination.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { q } from '../src/validation.js'
import { threadEndpoints } from './threads.js'
import { isIsoDateTime } from '../src/domain/sync.js'

/** A trash record as `chat.syncMessages` reports it. */
function deletion(record: TrashRecord): { _id: string; _deletedAt: string } {
  return { _id: record._id, _deletedAt: record._deletedAt.toISOString() }
}

/**
 * `chat.syncMessages`: what changed in a room, either everything since `lastUpdate` (no limit,
 * newest `ts` first, plus the trashed `[{_id, _deletedAt}]`) or one cursor page of `type`
 * UPDATED|DELETED after `next` / before `previous` (epoch ms strings, `count` default 20).
 */
export const syncMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.syncMessages',
  legacyValidation: true,
  query: z.strictObject({
    roomId: q.string(),
    lastUpdate: q.string().optional(),
    count: q.number().optional(),
    next: q.string().optional(),
    previous: q.string().optional(),
    type: z.enum(['UPDATED', 'DELETED']).optional(),
  }),
  handle: ({ core, user, query }) => {
    const { roomId, lastUpdate, type } = query
    // The server spreads `...(next && { next })`: an empty cursor is no cursor, `count=0` the default.
    const next = query.next || undefined
    const previous = query.previous || undefined
    const count = query.count || 20
    if (!roomId) throw errors.syncRoomIdMissing()
    if (!lastUpdate && !type) throw errors.syncTypeOrLastUpdateRequired()
    if (lastUpdate && Number.isNaN(Date.parse(lastUpdate))) throw errors.lastUpdateInvalid()
    if (!canAccessRoom(core, core.db.rooms.get(roomId), user)) throw errors.syncNotAllowed()
    if ((next || previous) && !type) throw errors.syncTypeRequired()
    if (next && previous) throw errors.cursorConflict()
    if ((next || previous) && lastUpdate) throw errors.cursorAndLastUpdateConflict()

    if ((next || previous) && type) {
      const page = roomChangesPage(core, roomId, { type, next, previous, count })
      return {
        result: {
          updated: type === 'UPDATED' ? page.items.map((m) => normalizeMessage(core, m as Message, user)) : [],
          deleted: type === 'DELETED' ? page.items.map((t) => deletion(t as TrashRecord)) : [],
          cursor: page.cursor,
        },
      }
    }
    if (lastUpdate) {
      const { updated, deleted } = roomChangesSince(core, roomId, Date.parse(lastUpdate))
      return { result: { updated: updated.map((m) => normalizeMessage(core, m, user)), deleted: deleted.map(deletion) } }
    }
    // `type` without a cursor falls through to the legacy history loader: nothing to sync.
    return { result: { updated: [], deleted: [] } }
  },
})

/**
 * `chat.getDeletedMessages`: ids of a room's trashed messages deleted after `since` (no access
 * check). The server checks `roomId` and `since` by hand, before any schema, in its own words.
 */
export const getDeletedMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getDeletedMessages',
  query: z.strictObject({
    roomId: q.string().optional(),
    since: q.string().optional(),
    count: q.number().optional(),
    offset: q.number().optional(),
    sort: z.string().optional(),
  }),
  handle: ({ core, query }) => {
    if (!query.roomId) throw errors.deletedRoomIdMissing()
    if (!query.since) throw errors.deletedSinceMissing()
    if (!isIsoDateTime(query.since)) throw errors.deletedSinceInvalid()
    const page = pagination(core, query)
    const { items, total } = deletedMessagesPage(core, query.roomId, Date.parse(query.since), page)
    return { messages: items.map((t) => ({ _id: t._id })), count: items.length, offset: page.offset, total }
  },
})

export const syncEndpoints = [syncMessages, getDeletedMessages]

/** Everything of the "threads and sync deltas" group (handlers/threads.ts and this file). */
export const threadAndSyncEndpoints = [...threadEndpoints, ...syncEndpoints]
