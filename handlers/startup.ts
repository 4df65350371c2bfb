import { z } from 'zod'
import { DEFAULT_ROLES, SLASH_COMMANDS } from '../src/catalogues.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { roomErrors } from '../src/errors-rooms.js'
import { pageQuery, paginate, pagination, sortQuery } from '../src/pagination.js'
import { compareBy, parseSort } from '../src/query.js'
import { PUBLIC_SETTING_IDS } from '../src/settings-client.js'
import { isoString, toWire } from '../src/serialize/wire.js'
import { q } from '../src/validation.js'

/**
 * What the clients fetch right after `GET /api/info` and login: public settings, OAuth
 * services, permissions, roles, custom emoji and slash commands.
 */

/**
 * `GET settings.public` (no auth): public settings by `_id` (a comma list, items trimmed), sorted
 * by `_id`, one page of them (count default 50, 0 = all) and the total. `query` is ignored since 7.0.
 */
export const settingsPublic = defineEndpoint({
  method: 'GET',
  path: '/api/v1/settings.public',
  auth: false,
  query: z.looseObject({ ...pageQuery.integer, ...sortQuery, _id: q.string().optional(), fields: z.string().optional(), query: z.string().optional() }),
  handle: ({ core, query }) => {
    const ids = query._id ? new Set(query._id.split(',').map((id) => id.trim())) : undefined
    const sort = parseSort(query.sort)
    const page = pagination(core, query)
    const matching = core.db.settings
      .all()
      .filter((s) => PUBLIC_SETTING_IDS.has(s._id) && (!ids || ids.has(s._id)))
      .map((s) => ({ _id: s._id, value: s.value }))
      .sort(compareBy(sort && sort.length > 0 ? sort : [['_id', 1]]))
    const { items, count, offset, total } = paginate(matching, page)
    return { settings: items, count, offset, total }
  },
})

/** `GET settings.oauth` (no auth): the configured OAuth services — none on the mock. */
export const settingsOauth = defineEndpoint({
  method: 'GET',
  path: '/api/v1/settings.oauth',
  auth: false,
  handle: () => ({ services: [] }),
})

/** `updatedSince` as `permissions.listAll` and `emoji-custom.list` read it (`new Date(x)`). */
function since(raw: string | undefined, invalid: () => Error): number | undefined {
  if (!raw) return undefined
  const ms = new Date(raw).getTime()
  if (Number.isNaN(ms)) throw invalid()
  return ms
}

/** `GET permissions.listAll`: every permission, or those changed after `updatedSince`. */
export const permissionsListAll = defineEndpoint({
  method: 'GET',
  path: '/api/v1/permissions.listAll',
  query: z.strictObject({ updatedSince: q.string().optional() }),
  handle: ({ core, query }) => {
    const after = since(query.updatedSince, errors.updatedSinceInvalid)
    const update = core.db.permissions
      .all()
      .filter((p) => after === undefined || (p._updatedAt !== undefined && p._updatedAt.getTime() > after))
      .map((p) => ({ _id: p._id, roles: p.roles, ...(p._updatedAt ? { _updatedAt: isoString(p._updatedAt) } : {}) }))
    return { update, remove: [] }
  },
})

/** `GET roles.list`: the workspace's roles. */
export const rolesList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/roles.list',
  handle: () => ({ roles: DEFAULT_ROLES.map((role) => ({ ...role })) }),
})

/** `GET commands.list`: the slash commands, paginated (`count`/`offset`). */
export const commandsList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/commands.list',
  query: z.looseObject({ ...pageQuery.integer, ...sortQuery, fields: z.string().optional(), query: z.string().optional() }),
  handle: ({ core, query }) => {
    const sort = parseSort(query.sort)
    const page = pagination(core, query)
    const all = sort && sort.length > 0 ? [...SLASH_COMMANDS].sort(compareBy(sort)) : SLASH_COMMANDS
    const { items, count, offset, total } = paginate(all, page)
    return { commands: items, offset, count, total }
  },
})

/**
 * `GET emoji-custom.list`: the custom emoji, or with `updatedSince` those changed since (and
 * the deleted ones, from the trash); `_updatedAt` and `_id` narrow either list.
 */
export const emojiCustomList = defineEndpoint({
  method: 'GET',
  path: '/api/v1/emoji-custom.list',
  query: z.looseObject({ updatedSince: q.string().optional(), _updatedAt: q.string().optional(), _id: q.string().optional(), query: z.string().optional() }),
  handle: ({ core, query }) => {
    const updatedSince = since(query.updatedSince, () => roomErrors.emojiUpdatedSinceInvalid('updatedSince'))
    const updatedAt = since(query._updatedAt, () => roomErrors.emojiUpdatedSinceInvalid('_updatedAt'))
    const floor = Math.max(updatedSince ?? -Infinity, updatedAt ?? -Infinity)
    const update = core.db.customEmoji
      .sorted('updated', 'all')
      .filter((e) => (query._id === undefined || e._id === query._id) && e._updatedAt.getTime() > floor)
      .map((e) => toWire(e))
    const remove =
      updatedSince === undefined
        ? []
        : core.db.trash
            .all()
            .filter((t) => t.__collection__ === 'custom_emoji' && t._deletedAt.getTime() > updatedSince)
            .map((t) => ({ _id: t._id, _deletedAt: isoString(t._deletedAt) }))
    return { emojis: { update, remove } }
  },
})

export const startupEndpoints = [settingsPublic, settingsOauth, permissionsListAll, rolesList, commandsList, emojiCustomList]
