import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'
import { errors } from '../errors.js'
import { assertCanSend } from './access.js'
import { insertMessage, type NewMessage } from './messages.js'
import { parseText } from './parse.js'

/** Message types only the server creates; `chat.sendMessage` refuses them. */
export const SYSTEM_MESSAGE_TYPES = new Set([
  'uj', 'ujt', 'ul', 'ult', 'ru', 'au', 'ut', 'rm', 'r', 'user-muted', 'user-unmuted', 'subscription-role-added',
  'subscription-role-removed', 'room-archived', 'room-unarchived', 'message_pinned', 'message_snippeted', 'discussion-created',
  'room_changed_topic', 'room_changed_announcement', 'room_changed_description', 'room_changed_privacy', 'room_changed_avatar',
  'room-removed-read-only', 'room-set-read-only', 'room-allowed-reacting', 'room-disallowed-reacting', 'jitsi_call_started',
  'livechat-close', 'livechat-started', 'command', 'videoconf', 'e2e-enabled', 'e2e-disabled', 'user-added-room-to-team',
  'user-removed-room-from-team', 'added-user-to-team', 'removed-user-from-team', 'user-converted-to-team', 'user-converted-to-channel',
  'user-deleted-room-from-team', 'room-e2e-enabled', 'room-e2e-disabled', 'message_pinned_e2e',
])

/**
 * The checks of the server's send pipeline that come before any write, in its order: thread
 * rules, client `ts`, size, the room from a thread parent, sending rights, impersonation, custom
 * fields, `@all`/`@here`. Returns the room and the normalised input, ready for `insertMessage`.
 */
export function prepareSend(core: Core, user: User, rid: string | undefined, input: NewMessage): { room: Room; ts: Date | undefined } {
  const { room, ts } = checkSend(core, user, rid, input, false)
  return { room: room!, ts }
}

/**
 * The same checks for a post to a DM that does not exist yet, run before it is created. The
 * caller will be its member, so sending rights hold and permissions are the global ones; a
 * thread parent, when it exists, decides the room as on send and is checked in full.
 */
export function prepareSendToNewDirect(core: Core, user: User, input: NewMessage): void {
  checkSend(core, user, undefined, input, true)
}

function checkSend(core: Core, user: User, rid: string | undefined, input: NewMessage, newDirect: boolean): { room: Room | undefined; ts: Date | undefined } {
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
  let room: Room | undefined
  if (roomId !== undefined || !newDirect) {
    if (!roomId) throw errors.ridMissing()
    room = assertCanSend(core, roomId, user)
  }
  const scope = room?._id
  const extra = input.extra ?? {}
  if ((extra.alias || extra.avatar) && !core.hasPermission(user, 'message-impersonate', scope)) throw errors.notEnoughPermission()
  if (extra.customFields !== undefined && !core.setting('Message_CustomFields_Enabled')) throw errors.customFieldsDisabled()
  const names = parseText(core, input.msg).mentions
  if (names.includes('all') && !core.hasPermission(user, 'mention-all', scope)) throw errors.notifyAllNotAllowed()
  if (names.includes('here') && !core.hasPermission(user, 'mention-here', scope)) throw errors.notifyAllNotAllowed()
  return { room, ts }
}

/** Run the checks, then insert. */
export function sendMessage(core: Core, user: User, rid: string | undefined, input: NewMessage): Message {
  const { room, ts } = prepareSend(core, user, rid, input)
  const { ts: _clientTs, ...rest } = input
  return insertMessage(core, room, user, ts ? { ...rest, ts } : rest)
}
