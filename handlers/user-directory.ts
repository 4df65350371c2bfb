import { z } from 'zod'
import type { User } from '../src/db/index.js'
import { preferencesSchema, savePreferences } from '../src/domain/preferences.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError } from '../src/errors.js'
import { roomErrors } from '../src/errors-rooms.js'
import { pageQuery, paginate, pagination, sortQuery } from '../src/pagination.js'
import { compareBy, parseJsonQuery, parseSort, project, queryPredicate, type Sort } from '../src/query.js'
import { toWire } from '../src/serialize/wire.js'
import { b, q } from '../src/validation.js'
import { userFromParams } from './room-lookup.js'

const NOT_OFFLINE = new Set(['online', 'away', 'busy'])

/** The fields `users.presence` projects. */
function presenceOf(user: User) {
  return {
    _id: user._id,
    username: user.username,
    ...(user.name !== undefined ? { name: user.name } : {}),
    status: user.status,
    utcOffset: user.utcOffset,
    ...(user.statusText !== undefined ? { statusText: user.statusText } : {}),
    ...(user.avatarETag !== undefined ? { avatarETag: user.avatarETag } : {}),
  }
}

/**
 * `GET users.presence`: with `ids`, those of them not offline (`full: false`); with a `from` less
 * than ten minutes ago, everyone else updated since (`full: false`); otherwise every user not
 * offline (`full: true`). `Presence_broadcast_disabled` answers an empty full list.
 */
export const usersPresence = defineEndpoint({
  method: 'GET',
  path: '/api/v1/users.presence',
  query: z.looseObject({ from: q.string().optional(), ids: z.union([z.string(), z.array(z.string())]).optional() }),
  handle: ({ core, user: caller, query }) => {
    if (core.setting('Presence_broadcast_disabled')) return { users: [], full: true }
    const users = core.db.users.all()
    if (query.ids) {
      const ids = new Set(Array.isArray(query.ids) ? query.ids : query.ids.split(','))
      return { users: users.filter((u) => ids.has(u._id) && NOT_OFFLINE.has(u.status)).map(presenceOf), full: false }
    }
    if (query.from) {
      const from = new Date(query.from).getTime()
      const minutes = (core.clock.now() - from) / 60_000
      if (minutes < 10) {
        return { users: users.filter((u) => u._id !== caller._id && u._updatedAt.getTime() >= from).map(presenceOf), full: false }
      }
    }
    return { users: users.filter((u) => NOT_OFFLINE.has(u.status)).map(presenceOf), full: true }
  },
})

/** What `users.list` hides from callers without `view-full-other-user-info`. */
const LIMITED_FIELDS = [
  'emails',
  'phone',
  'statusConnection',
  'createdAt',
  'lastLogin',
  'services',
  'requirePasswordChange',
  'roles',
  'statusDefault',
  '_updatedAt',
  'settings',
  'inactiveReason',
]

/**
 * `GET users.list` (`view-d-room`): every user, sorted by `username` (or the request's sort; `name`
 * sorts case-insensitively), paginated, with `nameInsensitive` added as the server's aggregation
 * does. Private fields only for `view-full-other-user-info`; `services` never.
 */
export const usersList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/users.list',
  query: z.looseObject({ ...pageQuery.integer, ...sortQuery, fields: z.string().optional(), query: z.string().optional() }),
  handle: ({ core, user, query }) => {
    if (!core.hasPermission(user, 'view-d-room')) throw ApiError.forbidden()
    const privileged = core.hasPermission(user, 'view-full-other-user-info')
    const page = pagination(core, query)
    const requested = parseSort(query.sort)
    const json = parseJsonQuery(core, query)
    const custom = queryPredicate(json.query, query.query)
    const hidden = privileged ? ['services', 'inactiveReason'] : LIMITED_FIELDS
    const rows = core.db.users
      .all()
      .filter((u) => !custom || custom(u))
      .map((u) => {
        const row: Record<string, unknown> = toWire(u)
        for (const key of hidden) delete row[key]
        row.nameInsensitive = (u.name ?? '').toLowerCase()
        return row
      })
    let sort: Sort = requested && requested.length > 0 ? requested : [['username', 1]]
    sort = sort.flatMap(
      ([field, dir]): Sort =>
        field === 'name'
          ? [['nameInsensitive', dir]]
          : field === 'status'
            ? [
                ['active', dir],
                [field, dir],
              ]
            : [[field, dir]],
    )
    rows.sort(compareBy(sort))
    const { items, count, offset, total } = paginate(rows, page)
    return { users: items.map((row) => project(row, json.fields)), count, offset, total }
  },
})

/**
 * `GET users.getAvatar` (no auth): a 307 to `/avatar/<username>` on the origin the request came
 * to; the route's `{statusCode, body: url}` result goes out JSON-encoded, as the router encodes it.
 */
export const usersGetAvatar = defineEndpoint({
  method: 'GET',
  path: '/api/v1/users.getAvatar',
  auth: false,
  query: z.looseObject({ userId: q.string().optional(), username: q.string().optional(), user: q.string().optional() }),
  handle: ({ core, query, request }) => {
    const user = userFromParams(core, query)
    const url = `${new URL(request.url).origin}/avatar/${user.username}`
    return new Response(JSON.stringify(url), { status: 307, headers: { Location: url, 'Content-Type': 'application/json' } })
  },
})

/**
 * `POST users.setPreferences` `{userId?, data}`: someone else's need `edit-other-user-info`. The
 * answer is the stored preferences with the user's `language`.
 */
export const usersSetPreferences = defineEndpoint({
  method: 'POST',
  path: '/api/v1/users.setPreferences',
  body: z.strictObject({ userId: b.string().optional(), data: preferencesSchema }),
  handle: ({ core, user, body }) => {
    if (body.userId && body.userId !== user._id && !core.hasPermission(user, 'edit-other-user-info')) throw roomErrors.preferencesNotAllowed()
    const target = body.userId ? core.db.users.get(body.userId) : user
    if (!target) throw ApiError.meteor('error-invalid-user', 'The optional "userId" param provided does not match any users')
    savePreferences(core, target, body.data)
    return { user: { _id: target._id, settings: { preferences: { ...target.settings?.preferences, language: target.language } } } }
  },
})

export const userDirectoryEndpoints = [usersPresence, usersList, usersGetAvatar, usersSetPreferences]
