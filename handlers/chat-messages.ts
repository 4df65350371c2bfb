import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Room, User } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { assertCanDelete, assertCanEdit } from '../src/domain/message-guards.js'
import { deleteMessage, joinChannel, updateMessage } from '../src/domain/messages.js'
import { createDirect } from '../src/domain/rooms.js'
import { checkSendToNewDirect, prepareSend, sendMessage, SYSTEM_MESSAGE_TYPES } from '../src/domain/send.js'
import { clientMessageExtras } from '../src/domain/message-input.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError, errors } from '../src/errors.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { b, q } from '../src/validation.js'

const attachments = z.array(z.record(z.string(), z.unknown()))
const postFields = {
  text: b.string().optional(),
  alias: b.string().optional(),
  emoji: b.string().optional(),
  avatar: b.string().optional(),
  attachments: attachments.optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  parseUrls: b.boolean().optional(),
}
const target = z.union([b.string(), z.array(b.string())])
/**
 * `roomId` (with an optional `tmid`) or `channel`, never both. A body with neither passes the
 * server's schema and its action answers `[invalid-channel]`: an empty `channel` stands in for it,
 * so that it fails there too, after every other check of the body.
 */
const postMessageBody = z.preprocess(
  (body) => (body !== null && typeof body === 'object' && !('roomId' in body) && !('channel' in body) ? { ...body, channel: '' } : body),
  z.union([z.strictObject({ roomId: target, tmid: b.string().optional(), ...postFields }), z.strictObject({ channel: target, ...postFields })]),
)

/**
 * Resolve one `chat.postMessage` target the way `processWebhookMessage` does: `#name` a room by
 * id or name, `@user` the DM with that user (created when missing), otherwise a room by id or
 * name, else a DM by user id. Returns a thunk that performs any write, so all targets are
 * checked before anything is written.
 */
function resolveTarget(core: Core, user: User, raw: string): { room: Room | undefined; open: () => Room } {
  const prefix = raw[0]
  const value = prefix === '#' || prefix === '@' ? raw.slice(1) : raw
  if (prefix === '@') {
    const other = core.findUser(value)
    if (!other) throw errors.invalidChannel()
    const members = other._id === user._id ? [user] : [user, other]
    return { room: undefined, open: () => createDirect(core, user, members).room }
  }
  const room = core.findRoom(value)
  if (room && (prefix !== '#' || room.t !== 'd')) return { room, open: () => room }
  if (prefix !== '#') {
    const other = core.db.users.get(value)
    if (other) return { room: undefined, open: () => createDirect(core, user, other._id === user._id ? [user] : [user, other]).room }
  }
  throw errors.invalidChannel()
}

export const postMessage = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.postMessage',
  body: postMessageBody,
  handle: ({ core, user, body }) => {
    const max = core.setting('Message_MaxAllowedSize')
    const text = (body.text ?? '').trim()
    if (text.length > max || body.attachments?.some((a) => typeof a.text === 'string' && a.text.length > max)) {
      throw errors.messageSizeExceededBare()
    }
    const rawTargets = 'roomId' in body ? body.roomId : body.channel
    const targets = [...new Set(Array.isArray(rawTargets) ? rawTargets : [rawTargets])]
    if (targets.length === 0) throw errors.invalidChannel()
    const tmid = 'tmid' in body ? body.tmid : undefined
    const extra: Record<string, unknown> = {
      alias: body.alias || '',
      attachments: (body.attachments ?? []).map(({ msg, ...a }) => (msg === undefined ? a : { ...a, text: msg })),
      groupable: false,
      parseUrls: body.parseUrls ?? !body.attachments,
    }
    if (body.avatar) extra.avatar = body.avatar
    else if (body.emoji) extra.emoji = body.emoji
    if (body.customFields) extra.customFields = body.customFields
    const input = { msg: text, ...(tmid ? { tmid } : {}), parseUrls: extra.parseUrls as boolean, extra }

    // Check every target before the first write: a refused request changes nothing.
    const resolved = targets.map((raw) => ({ raw, ...resolveTarget(core, user, raw) }))
    for (const { room } of resolved) {
      if (room) prepareSend(core, user, room._id, input)
      else checkSendToNewDirect(core, user, input)
    }
    const sent = resolved.map(({ open }) => {
      const room = open()
      if (room.t === 'c' && !core.subscription(room._id, user._id)) joinChannel(core, room, user)
      return sendMessage(core, user, room._id, input)
    })
    return { ts: core.clock.now(), channel: targets[0]!, message: normalizeMessage(core, sent[0]!, user) }
  },
})

const sendMessageBody = z.strictObject({
  message: z.looseObject({
    _id: b.string().nullish(),
    rid: b.string().nullish(),
    tmid: b.string().nullish(),
    msg: b.string().nullish(),
    alias: b.string().nullish(),
    emoji: b.string().nullish(),
    avatar: b.string().nullish(),
    tshow: b.boolean().nullish(),
    attachments: attachments.nullish(),
    blocks: z.array(z.record(z.string(), z.unknown())).nullish(),
    customFields: z.record(z.string(), z.unknown()).nullish(),
    ts: z.unknown().optional(),
  }),
  previewUrls: z.array(z.string()).nullish(),
})

/** Keys of `message` the endpoint passes to the pipeline itself (not as stored extras). */
const DERIVED: ReadonlySet<string> = new Set(['_id', 'rid', 'tmid', 'msg', 'tshow', 'ts'])

export const sendMessageEndpoint = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.sendMessage',
  body: sendMessageBody,
  handle: ({ core, user, body }) => {
    const m = body.message
    if (typeof m.t === 'string' && SYSTEM_MESSAGE_TYPES.has(m.t)) throw errors.systemMessage()
    if (!m.rid && !(m.tmid && core.db.messages.has(m.tmid))) throw errors.ridMissing()
    if (m._id && core.db.messages.has(m._id)) throw errors.duplicateMessageId()
    // Server-owned keys are dropped, typed ones checked, the rest stored as sent (decision 0008).
    const extra = clientMessageExtras(m, DERIVED)
    const ts = clientTs(m.ts)
    const message = sendMessage(core, user, m.rid ?? undefined, {
      ...(m._id ? { _id: m._id } : {}),
      msg: m.msg ?? '',
      ...(m.tmid ? { tmid: m.tmid } : {}),
      ...(m.tshow === true ? { tshow: true } : m.tshow === false ? { tshow: false } : {}),
      ...(ts ? { ts } : {}),
      previewUrls: body.previewUrls ?? undefined,
      ...(extra.parseUrls === false ? { parseUrls: false } : {}),
      extra,
    })
    return { message: normalizeMessage(core, message, user) }
  },
})

/** A client `ts`: a date string, epoch ms, or `{$date}`; anything unreadable is ignored. */
function clientTs(value: unknown): Date | undefined {
  const raw = value && typeof value === 'object' && '$date' in value ? (value as { $date: unknown }).$date : value
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined
  const date = new Date(raw)
  return Number.isNaN(date.getTime()) ? undefined : date
}

export const getMessage = defineEndpoint({
  method: 'GET',
  path: '/api/v1/chat.getMessage',
  query: z.strictObject({ msgId: q.nonEmpty() }),
  handle: ({ core, user, query }) => {
    const message = core.db.messages.get(query.msgId)
    if (!message) throw ApiError.bare()
    if (!canAccessRoom(core, core.db.rooms.get(message.rid), user)) throw errors.getMessageNotAllowed()
    return { message: normalizeMessage(core, message, user) }
  },
})

export const update = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.update',
  body: z.strictObject({
    roomId: b.string(),
    msgId: b.string(),
    text: b.string(),
    previewUrls: z.array(z.string()).nullish(),
    customFields: z.record(z.string(), z.unknown()).nullish(),
  }),
  handle: ({ core, user, body }) => {
    const message = core.db.messages.get(body.msgId)
    if (!message) throw errors.noMessageWithId(body.msgId)
    if (body.roomId !== message.rid) throw errors.roomMismatch()
    assertCanEdit(core, user, message)
    const updated = updateMessage(core, message, user, {
      text: body.text,
      previewUrls: body.previewUrls ?? undefined,
      customFields: body.customFields ?? undefined,
    })
    return { message: normalizeMessage(core, updated, user) }
  },
})

export const deleteEndpoint = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.delete',
  body: z.strictObject({ roomId: b.string(), msgId: b.string(), asUser: b.boolean().nullish() }),
  handle: ({ core, user, body }) => {
    const message = core.db.messages.get(body.msgId)
    if (!message) throw errors.noMessageWithId(body.msgId)
    if (body.roomId !== message.rid) throw errors.roomMismatch()
    const isAuthor = message.u._id === user._id
    if (body.asUser && !isAuthor && !core.hasPermission(user, 'force-delete-message', message.rid)) throw errors.forceDeleteRequired()
    const actor = body.asUser ? core.db.users.get(message.u._id) : user
    if (!actor) throw ApiError.plain('User not found')
    assertCanDelete(core, actor, message)
    deleteMessage(core, message, actor)
    return { _id: message._id, ts: String(core.clock.now()), message: { _id: message._id, rid: message.rid, u: message.u } }
  },
})

export const chatMessageEndpoints = [postMessage, sendMessageEndpoint, getMessage, update, deleteEndpoint]
