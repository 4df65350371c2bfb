import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Message, User } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { threadMessageChangesSince, threadRootChangesSince } from '../src/domain/sync.js'
import { followMessage, listThreadsPage, readThread, threadMessages, unfollowMessage } from '../src/domain/threads.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { listParams, pageQuery, paginate, sortQuery } from '../src/pagination.js'
import { project, queryPredicate } from '../src/query.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { b, q } from '../src/validation.js'

/** `count`/`offset` of the thread schemas: `type: 'number'` (ajv coerces the query string). */
const listFields = { ...pageQuery.number, ...sortQuery }

/** A stored document without `e2e`, as the projection `{e2e: 0}` every `fields` gets returns it. */
function withoutE2e<T extends object>(doc: T): T {
  if (!('e2e' in doc)) return doc
  const { e2e: _e2e, ...rest } = doc as T & { e2e?: unknown }
  return rest as T
}

function assertThreadsEnabled(core: Core): void {
  if (!core.setting('Threads_enabled')) throw errors.threadsDisabled()
}

/** The room of a thread endpoint, or `Not Allowed` when it is missing or the caller cannot read it. */
function accessibleRoom(core: Core, rid: string, user: User) {
  const room = core.db.rooms.get(rid)
  if (!room || !canAccessRoom(core, room, user)) throw errors.threadsNotAllowed()
  return room
}

/** `tmid` → the thread's root (any existing message), checked the server's way. */
function threadRoot(core: Core, tmid: string, user: User): Message {
  const root = core.db.messages.get(tmid)
  if (!root) throw errors.invalidThreadMessage()
  accessibleRoom(core, root.rid, user)
  return root
}

function dropKeys(query: Record<string, unknown> | undefined, keys: readonly string[]): Record<string, unknown> | undefined {
  if (!query) return undefined
  const out = { ...query }
  for (const key of keys) delete out[key]
  return Object.keys(out).length > 0 ? out : undefined
}

/** `chat.followMessage` / `chat.unfollowMessage`: `{mid}`; a reply stands for its root. */
function followEndpoint(method: 'followMessage' | 'unfollowMessage') {
  return defineEndpoint({
    method: 'POST',
    path: `/api/v1/chat.${method}`,
    body: z.strictObject({ mid: b.nonEmpty() }),
    handle: ({ core, user, body }) => {
      if (!core.setting('Threads_enabled')) throw errors.followNotAllowed(method)
      const message = core.db.messages.get(body.mid)
      if (!message) throw errors.followInvalidMessage(method)
      if (!canAccessRoom(core, core.db.rooms.get(message.rid), user)) throw errors.followNotAllowed(method)
      if (method === 'followMessage') followMessage(core, message, user)
      else unfollowMessage(core, message, user)
      return {}
    },
  })
}

/** `chat.getThreadsList`: a room's thread roots, newest reply first, normalised for the caller. */
export const getThreadsList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getThreadsList',
  legacyValidation: true,
  query: z.strictObject({
    rid: q.string(),
    type: z.enum(['following', 'unread']).optional(),
    text: q.string().optional(),
    query: z.string().optional(),
    fields: z.string().optional(),
    ...listFields,
  }),
  handle: ({ core, user, query }) => {
    const { page, sort, json } = listParams(core, query)
    assertThreadsEnabled(core)
    const room = accessibleRoom(core, query.rid, user)
    // The endpoint's own filter keys win over the caller's `query`.
    const own = ['_hidden', 'msg', 'rid', 'tcount', ...(query.type === 'following' ? ['replies'] : []), ...(query.type === 'unread' ? ['_id'] : [])]
    const custom = queryPredicate(dropKeys(json.query, own), query.query)
    const { items, count, offset, total } = listThreadsPage(core, room, user, { type: query.type, text: query.text, custom, sort }, page)
    return {
      threads: items.map((m) => project(normalizeMessage(core, withoutE2e(m), user), json.fields)),
      count,
      offset,
      total,
    }
  },
})

/** `chat.getThreadMessages`: a thread's replies, oldest first, as stored (not normalised). */
export const getThreadMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getThreadMessages',
  query: z.strictObject({ tmid: q.nonEmpty(), ...listFields }),
  handle: ({ core, user, query }) => {
    const { page, sort } = listParams(core, query)
    assertThreadsEnabled(core)
    threadRoot(core, query.tmid, user)
    const { items, count, offset, total } = paginate(threadMessages(core, query.tmid, sort), page)
    return { messages: items.map(withoutE2e), count, offset, total }
  },
})

/**
 * The hand-written checks of the thread sync endpoints, in the server's order: threads disabled
 * first, then the id, then `updatedSince` missing or not a date. Returns the date.
 */
function syncParams(core: Core, id: string | undefined, missing: () => Error, updatedSince: string | undefined): { id: string; since: number } {
  assertThreadsEnabled(core)
  if (!id) throw missing()
  if (!updatedSince) throw errors.updatedSinceMissing()
  const since = Date.parse(updatedSince)
  if (Number.isNaN(since)) throw errors.updatedSinceInvalid()
  return { id, since }
}

/** `chat.syncThreadsList`: thread roots of a room changed (`update`) or trashed (`remove`) after a date. */
export const syncThreadsList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.syncThreadsList',
  query: z.strictObject({ rid: q.string().optional(), updatedSince: q.string().optional() }),
  handle: ({ core, user, query }) => {
    const { id: rid, since } = syncParams(core, query.rid, errors.syncThreadsRidMissing, query.updatedSince)
    accessibleRoom(core, rid, user)
    const { update, remove } = threadRootChangesSince(core, rid, since)
    return { threads: { update: update.map(withoutE2e), remove: remove.map(withoutE2e) } }
  },
})

/** `chat.syncThreadMessages`: replies of a thread changed or trashed after a date (`count`/`offset` ignored). */
export const syncThreadMessages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.syncThreadMessages',
  query: z.strictObject({ tmid: q.string().optional(), updatedSince: q.string().optional(), ...listFields }),
  handle: ({ core, user, query }) => {
    // `count`/`offset` are accepted and ignored, as the server does.
    const { sort } = listParams(core, query)
    const { id: tmid, since } = syncParams(core, query.tmid, errors.syncThreadMessagesTmidMissing, query.updatedSince)
    threadRoot(core, tmid, user)
    const { update, remove } = threadMessageChangesSince(core, tmid, since, sort)
    return { messages: { update: update.map(withoutE2e), remove: remove.map(withoutE2e) } }
  },
})

/**
 * `POST chat.readThread` `{tmid}` (8.8+; older servers have the `readThreads` method): the thread
 * is read — like the method, an unknown `tmid` is a silent no-op, an unreadable room is refused.
 */
export const chatReadThread = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.readThread',
  body: z.strictObject({ tmid: b.nonEmpty() }),
  handle: ({ core, user, body }) => {
    assertThreadsEnabled(core)
    const root = core.db.messages.get(body.tmid)
    if (!root) return {}
    const room = core.db.rooms.get(root.rid)
    if (!room || !canAccessRoom(core, room, user)) throw errors.threadsNotAllowed()
    readThread(core, user, root.tmid ? (core.db.messages.get(root.tmid) ?? root) : root)
    return {}
  },
})

export const threadEndpoints = [
  chatReadThread,
  followEndpoint('followMessage'),
  followEndpoint('unfollowMessage'),
  getThreadsList,
  getThreadMessages,
  syncThreadsList,
  syncThreadMessages,
]
