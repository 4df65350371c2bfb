import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Message, User } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { parseSearch, searchRoom } from '../src/domain/search.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError, errors } from '../src/errors.js'
import { listParams, pageQuery, paginate, pagination, type Page } from '../src/pagination.js'
import { compareBy, type Sort } from '../src/query.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { q } from '../src/validation.js'

const page = pageQuery.integer

/** A room the caller may read (`canAccessRoom`), or the plain `error-not-allowed` of the list helpers. */
function readableRoom(core: Core, user: User, roomId: string) {
  const room = core.db.rooms.get(roomId)
  if (!room || !canAccessRoom(core, room, user)) throw errors.notAllowedPlain()
  return room
}

/** Filter a room's messages (oldest first in the index), sort (default `ts` desc) and page them. */
function list(core: Core, roomId: string, keep: (m: Message) => boolean, sort: Sort | undefined, page: Page) {
  const matches = core.db.messages.sorted('room', roomId).filter(keep)
  if (sort && sort.length > 0) matches.sort(compareBy(sort))
  else matches.reverse()
  return paginate(matches, page)
}

/** `GET chat.getMentionedMessages`: messages that `@username`-mention the caller; not normalised. */
export const getMentionedMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getMentionedMessages',
  legacyValidation: true,
  query: z.strictObject({ roomId: q.nonEmpty(), sort: z.string().optional(), ...page }),
  handle: ({ core, user, query }) => {
    const { page: p, sort } = listParams(core, query)
    readableRoom(core, user, query.roomId)
    const { items, ...meta } = list(core, query.roomId, (m) => !m._hidden && (m.mentions ?? []).some((x) => x.username === user.username), sort, p)
    return { messages: items, ...meta }
  },
})

/** `GET chat.getStarredMessages`: the caller's starred messages in a room, normalised. */
export const getStarredMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getStarredMessages',
  legacyValidation: true,
  query: z.strictObject({ roomId: q.nonEmpty(), sort: z.string().optional(), ...page }),
  handle: ({ core, user, query }) => {
    const { page: p, sort } = listParams(core, query)
    readableRoom(core, user, query.roomId)
    const { items, ...meta } = list(core, query.roomId, (m) => !m._hidden && (m.starred ?? []).some((s) => s._id === user._id), sort, p)
    return { messages: items.map((m) => normalizeMessage(core, m, user)), ...meta }
  },
})

/**
 * `GET chat.getPinnedMessages`: pinned, not deleted, not hidden; in stored order (the newest
 * server ignores `sort`, so it is accepted and not used); normalised.
 */
export const getPinnedMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getPinnedMessages',
  query: z.strictObject({ roomId: q.string().optional(), sort: z.string().optional(), ...page }),
  handle: ({ core, user, query }) => {
    // Checked by hand before the schema's own `minLength`, in the server's words.
    if (!query.roomId) throw errors.pinnedRoomIdMissing()
    const p = pagination(core, query)
    const room = core.db.rooms.get(query.roomId)
    if (!room || !canAccessRoom(core, room, user)) throw errors.notAllowed()
    const pinned = core.db.messages.sorted('roomPinned', room._id).filter((m) => m.t !== 'rm' && !m._hidden)
    const { items, ...meta } = paginate(pinned, p)
    return { messages: items.map((m) => normalizeMessage(core, m, user)), ...meta }
  },
})

/**
 * `GET chat.getDiscussions`: the room's discussion starters (`drid`), newest first, optionally
 * filtered by `text` (case-insensitive substring of `msg`); not normalised. `sort` is not part of
 * the server's schema and is refused like any unknown key.
 */
export const getDiscussions = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getDiscussions',
  query: z.strictObject({ roomId: q.nonEmpty(), text: q.string().optional(), ...page }),
  handle: ({ core, user, query }) => {
    const p = pagination(core, query)
    readableRoom(core, user, query.roomId)
    const needle = (query.text ?? '').toLowerCase()
    const starters = core.db.messages
      .sorted('roomDiscussions', query.roomId)
      .filter((m) => !needle || m.msg.toLowerCase().includes(needle))
      .reverse()
    const { items, ...meta } = paginate(starters, p)
    return { messages: items, ...meta }
  },
})

/**
 * `GET chat.search`: no `count`/`offset`/`total` in the answer; a room the caller cannot read
 * answers `{"success":false}`.
 */
export const search = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.search',
  query: z.strictObject({ roomId: q.string(), searchText: q.string(), ...page }),
  handle: ({ core, user, query }) => {
    const p = pagination(core, query)
    if (!query.roomId) throw errors.searchRoomIdMissing()
    if (!query.searchText) throw errors.searchTextMissing()
    const room = core.db.rooms.get(query.roomId)
    if (!room || !canAccessRoom(core, room, user)) throw ApiError.bare()
    const parsed = parseSearch(core, user, query.searchText)
    if (!parsed) return { messages: [] }
    const { matches, scores } = searchRoom(core, room, parsed)
    const { items } = paginate(matches, p)
    return {
      messages: items.map((m) => {
        const out = normalizeMessage(core, m, user)
        const score = scores.get(m)
        return score === undefined ? out : { ...out, score }
      }),
    }
  },
})

export const messageListEndpoints = [getMentionedMessages, getStarredMessages, getPinnedMessages, getDiscussions, search]
