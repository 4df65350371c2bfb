import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Room, User } from '../src/db/index.js'
import { createRoomFromRequest } from '../src/domain/membership.js'
import { ApiError } from '../src/errors.js'
import { roomErrors } from '../src/errors-rooms.js'

/** The body of `channels.create` / `groups.create`: every key checked by hand, in the server's order. */
export const createBody = z.looseObject({
  name: z.unknown().optional(),
  members: z.unknown().optional(),
  readOnly: z.unknown().optional(),
  excludeSelf: z.unknown().optional(),
  customFields: z.unknown().optional(),
  extraData: z.unknown().optional(),
})
type CreateBody = z.infer<typeof createBody>

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** `check(x, String)` / `check(list, [String])` failing: Meteor's Match error text. */
function matchError(value: unknown, field?: string): ApiError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return ApiError.plain(`Match error: Expected string, got ${got}${field ? ` in field ${field}` : ''}`)
}

/**
 * `createChannelMethod` / `createPrivateGroupMethod` after the route's own checks: `name` and the
 * member usernames must be strings (`check`), then `createRoom`.
 */
export function createFromBody(core: Core, user: User, t: 'c' | 'p', body: CreateBody): Room {
  const messages =
    t === 'c'
      ? { name: roomErrors.channelNameRequired, members: roomErrors.channelMembersNotArray }
      : { name: roomErrors.groupNameRequired, members: roomErrors.groupMembersNotArray }
  if (!body.name) throw messages.name()
  if (body.members !== undefined && body.members !== null && body.members !== '' && !Array.isArray(body.members)) throw messages.members()
  if (t === 'p') {
    if (body.customFields && !isObject(body.customFields)) throw roomErrors.groupCustomFieldsNotObject()
    if (body.extraData && !isObject(body.extraData)) throw roomErrors.groupExtraDataNotObject()
  }
  if (typeof body.name !== 'string') throw matchError(body.name)
  const members = Array.isArray(body.members) ? body.members : []
  const bad = members.findIndex((m) => typeof m !== 'string')
  if (bad >= 0) throw matchError(members[bad], `[${bad}]`)
  return createRoomFromRequest(core, user, {
    t,
    name: body.name,
    members: members as string[],
    readOnly: body.readOnly === true || body.readOnly === 'true',
    excludeSelf: body.excludeSelf === true || body.excludeSelf === 'true',
    ...(isObject(body.extraData) ? { extraData: body.extraData } : {}),
    ...(isObject(body.customFields) ? { customFields: body.customFields } : {}),
  })
}
