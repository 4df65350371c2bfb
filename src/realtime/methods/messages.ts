import { setReaction as applyReaction } from '../../domain/actions.js'
import { canAccessRoom } from '../../domain/access.js'
import { deleteMessage as removeMessage, updateMessage as editMessage } from '../../domain/messages.js'
import { assertCanDelete, assertCanEdit } from '../../domain/message-guards.js'
import { sendMessage as send, SYSTEM_MESSAGE_TYPES } from '../../domain/send.js'
import { isKnownEmoji, normalizeEmoji } from '../../emoji.js'
import { errors } from '../../errors.js'
import { viewMessage } from '../../serialize/message.js'
import { check, isBoolean, isObject, isOptional, isString, isDate, onlyKeys } from '../check.js'
import { MeteorError, ddpErrors } from '../meteor-error.js'
import { toMeteorError } from '../server.js'
import type { Method } from './context.js'

/** The keys `sendMessage` accepts (its `check()` is a closed object). */
const SEND_KEYS = [
  '_id',
  'rid',
  'msg',
  'tmid',
  'tshow',
  'ts',
  't',
  'e2e',
  'e2eMentions',
  'content',
  'customFields',
  'groupable',
  'alias',
  'emoji',
  'avatar',
  'attachments',
  'blocks',
]

/**
 * `sendMessage [message, previewUrls?, filesToConfirm?]`. Like the server, errors other than
 * `error-not-allowed` are not thrown: the caller gets an empty result and an ephemeral message on
 * `notify-user <uid>/message`.
 */
export const sendMessage: Method = ({ core, server, user }, [message, previewUrls]) => {
  if (!user) throw ddpErrors.invalidUser('sendMessage')
  check(isObject(message), 'message must be an object')
  onlyKeys(message, SEND_KEYS, 'message')
  check(isString(message.rid) || (message.rid === undefined && isString(message.tmid)), 'message.rid')
  check(isOptional(message._id, isString) && isOptional(message.msg, isString) && isOptional(message.tmid, isString), 'message fields')
  check(isOptional(message.tshow, isBoolean) && isOptional(message.ts, isDate), 'message fields')
  check(previewUrls === undefined || previewUrls === null || (Array.isArray(previewUrls) && previewUrls.every(isString)), 'previewUrls')
  try {
    if (isString(message.t) && SYSTEM_MESSAGE_TYPES.has(message.t)) throw errors.systemMessage()
    if (message._id && core.db.messages.has(message._id)) throw errors.duplicateMessageId()
    const { _id, rid, msg, tmid, tshow, ts, ...extra } = message as Record<string, unknown>
    const sent = send(core, user, rid as string | undefined, {
      ...(isString(_id) ? { _id } : {}),
      msg: (msg as string | undefined) ?? '',
      ...(isString(tmid) ? { tmid } : {}),
      ...(isBoolean(tshow) ? { tshow } : {}),
      ...(ts instanceof Date ? { ts } : {}),
      previewUrls: Array.isArray(previewUrls) ? (previewUrls as string[]) : undefined,
      extra,
    })
    return viewMessage(core, sent, user)
  } catch (error) {
    const meteor = toMeteorError(error)
    if (meteor.error === 'error-not-allowed' || meteor.error === 'restricted-workspace') throw meteor
    const rid = isString(message.rid) ? message.rid : undefined
    server.emit('stream-notify-user', `${user._id}/message`, [
      {
        _id: core.random.id(),
        rid,
        ts: core.now(),
        msg: meteor.reason ?? String(meteor.error),
        u: { _id: 'rocket.cat', username: 'rocket.cat' },
        private: true,
      },
    ])
    return undefined
  }
}

/** `updateMessage [{_id, rid, msg, …}]`: the REST edit rules; the same text is a no-op. */
export const updateMessage: Method = ({ core, user }, [message, previewUrls]) => {
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'updateMessage' })
  check(isObject(message) && isString(message._id), 'message._id')
  check(isOptional(message.msg, isString) && isOptional(message.rid, isString), 'message fields')
  const original = core.db.messages.get(message._id)
  if (!original) throw new MeteorError('error-action-not-allowed', 'Not allowed', { method: 'updateMessage', action: 'Message_editing' })
  if (message.rid !== undefined && message.rid !== original.rid) throw new MeteorError('error-invalid-room', 'Invalid room', { method: 'updateMessage' })
  for (const key of Object.keys(message)) {
    if (!['_id', 'rid', 'msg', 'customFields', 'previewUrls', 'tmid', 'md', 'content', 'e2eMentions'].includes(key)) {
      throw new MeteorError('error-invalid-update-key', `Cannot update key ${key}`, { method: 'updateMessage' })
    }
  }
  const text = (message.msg as string | undefined) ?? ''
  if (text === original.msg && message.customFields === undefined) return undefined
  assertCanEdit(core, user, original)
  editMessage(core, original, user, {
    text,
    previewUrls: Array.isArray(previewUrls) ? (previewUrls as string[]) : undefined,
    customFields: isObject(message.customFields) ? message.customFields : undefined,
  })
  return undefined
}

/** `deleteMessage [{_id}]`: `chat.delete`'s rules. */
export const deleteMessage: Method = ({ core, user }, [message]) => {
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'deleteMessage' })
  check(isObject(message) && isString(message._id), 'message._id')
  const original = core.db.messages.get(message._id)
  if (!original) throw new MeteorError('error-action-not-allowed', 'Not allowed', { method: 'deleteMessage', action: 'Delete_message' })
  assertCanDelete(core, user, original)
  removeMessage(core, original, user)
  return undefined
}

/** `setReaction [":emoji:", messageId, shouldReact?]`. */
export const setReaction: Method = ({ core, user }, [reaction, messageId, shouldReact]) => {
  if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'setReaction' })
  check(isString(reaction) && isString(messageId) && isOptional(shouldReact, isBoolean), 'setReaction params')
  const message = core.db.messages.get(messageId)
  if (!message) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'setReaction' })
  const emoji = normalizeEmoji(reaction)
  if (!isKnownEmoji(emoji)) throw new MeteorError('error-not-allowed', 'Invalid emoji provided.', { method: 'setReaction' })
  const room = core.db.rooms.get(message.rid)
  if (!room || !canAccessRoom(core, room, user)) throw new MeteorError('not-authorized', 'Not Authorized', { method: 'setReaction' })
  if (room.muted?.includes(user.username))
    throw new MeteorError('error-not-allowed', 'You have been muted and cannot react to messages in this room', { rid: room._id })
  if (room.ro === true && !room.reactWhenReadOnly && !core.hasPermission(user, 'post-readonly', room._id) && !room.unmuted?.includes(user.username)) {
    throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'setReaction' })
  }
  applyReaction(core, message, user, emoji, shouldReact ?? undefined)
  return undefined
}
