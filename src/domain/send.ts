import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'
import { errors } from '../errors.js'
import { assertCanSend } from './access.js'
import { censor } from './bad-words.js'
import { validateMessage } from './message-input.js'
import { insertMessage, type NewMessage } from './messages.js'
import { parseText } from './parse.js'

/** Message types only the server creates; `chat.sendMessage` refuses them. */
export const SYSTEM_MESSAGE_TYPES = new Set([
  'uj',
  'ujt',
  'ul',
  'ult',
  'ru',
  'au',
  'ut',
  'rm',
  'r',
  'user-muted',
  'user-unmuted',
  'subscription-role-added',
  'subscription-role-removed',
  'room-archived',
  'room-unarchived',
  'message_pinned',
  'message_snippeted',
  'discussion-created',
  'room_changed_topic',
  'room_changed_announcement',
  'room_changed_description',
  'room_changed_privacy',
  'room_changed_avatar',
  'room-removed-read-only',
  'room-set-read-only',
  'room-allowed-reacting',
  'room-disallowed-reacting',
  'jitsi_call_started',
  'livechat-close',
  'livechat-started',
  'command',
  'videoconf',
  'e2e-enabled',
  'e2e-disabled',
  'user-added-room-to-team',
  'user-removed-room-from-team',
  'added-user-to-team',
  'removed-user-from-team',
  'user-converted-to-team',
  'user-converted-to-channel',
  'user-deleted-room-from-team',
  'room-e2e-enabled',
  'room-e2e-disabled',
  'message_pinned_e2e',
])

/**
 * The checks of the server's send pipeline that come before any write, in its order: thread
 * rules, client `ts`, size, the room from a thread parent, sending rights, impersonation, custom
 * fields, `@all`/`@here`. Returns the room and the normalised input, ready for `insertMessage`.
 */
export function prepareSend(core: Core, user: User, rid: string | undefined, input: NewMessage): { room: Room; ts: Date | undefined } {
  const { room, ts } = checkSend(core, user, rid, input)
  if (!room) throw errors.ridMissing()
  return { room, ts }
}

/**
 * `prepareSend` for a DM that does not exist yet (`chat.postMessage` to `@user` or a user id):
 * every check the server would run once it had created the DM — a new DM has no blocks, no
 * read-only flag, no mutes and no room-scoped roles — so a refusal comes before the DM is written.
 */
export function checkSendToNewDirect(core: Core, user: User, input: NewMessage): void {
  checkSend(core, user, NEW_DIRECT, input)
}

/** Stands for the room of a DM about to be created. */
const NEW_DIRECT = Symbol('new direct message')

function checkSend(core: Core, user: User, rid: string | typeof NEW_DIRECT | undefined, input: NewMessage): { room: Room | undefined; ts: Date | undefined } {
  if (input.tshow === true && !input.tmid) throw errors.tshowWithoutTmid()
  if (input.tmid && !core.setting('Threads_enabled')) throw errors.threadsDisabledOnSend()
  const now = core.clock.now()
  let ts: Date | undefined
  if (input.ts !== undefined) {
    const drift = Math.abs(input.ts.getTime() - now)
    if (drift > 60_000) throw errors.tsOutOfSync(input.ts, new Date(now))
    ts = drift > 10_000 ? undefined : input.ts
  }
  if (input.msg.length > core.setting('Message_MaxAllowedSize')) throw errors.messageSizeExceeded()
  let parent: Message | undefined
  if (input.tmid) {
    parent = core.db.messages.get(input.tmid)
    if (parent?.tmid) parent = core.db.messages.get(parent.tmid) ?? parent
  }
  const roomId = parent?.rid ?? rid
  if (!roomId) throw errors.ridMissing()
  const room = roomId === NEW_DIRECT ? undefined : assertCanSend(core, roomId, user)
  validateMessage(core, user, room?._id, input.extra ?? {})
  const names = parseText(core, input.msg).mentions
  if (names.includes('all') && !core.hasPermission(user, 'mention-all', room?._id)) throw errors.notifyAllNotAllowed()
  if (names.includes('here') && !core.hasPermission(user, 'mention-here', room?._id)) throw errors.notifyAllNotAllowed()
  return { room, ts }
}

/** Run the checks, then insert (through the bad-words filter, which runs before parsing). */
export function sendMessage(core: Core, user: User, rid: string | undefined, input: NewMessage): Message {
  const { room, ts } = prepareSend(core, user, rid, input)
  const { ts: _clientTs, ...rest } = input
  const msg = censor(core, rest.msg)
  return insertMessage(core, room, user, ts ? { ...rest, msg, ts } : { ...rest, msg })
}
