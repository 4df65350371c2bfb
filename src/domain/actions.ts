import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'
import { insertMessage, touchMessage } from './messages.js'
import { touchRoom } from './rooms.js'

/** `setReaction`: `shouldReact` undefined toggles; true/false sets. Returns whether it changed. */
export function setReaction(core: Core, message: Message, user: User, emoji: string, shouldReact?: boolean): boolean {
  const current = message.reactions?.[emoji]?.usernames ?? []
  const has = current.includes(user.username)
  const want = shouldReact ?? !has
  if (want === has) return false
  touchMessage(core, message, (m) => {
    const reactions = { ...(m.reactions ?? {}) }
    const usernames = want ? [...current, user.username] : current.filter((u) => u !== user.username)
    if (usernames.length > 0) reactions[emoji] = { usernames }
    else delete reactions[emoji]
    if (Object.keys(reactions).length > 0) m.reactions = reactions
    else delete m.reactions
  })
  bumpLastMessage(core, message)
  return true
}

/** Star or unstar for one user (`starred: [{_id}]`). */
export function setStar(core: Core, message: Message, user: User, starred: boolean): void {
  const has = message.starred?.some((s) => s._id === user._id) ?? false
  if (has === starred) {
    touchMessage(core, message, () => {})
    return
  }
  touchMessage(core, message, (m) => {
    m.starred = starred ? [...(m.starred ?? []), { _id: user._id }] : (m.starred ?? []).filter((s) => s._id !== user._id)
  })
  bumpLastMessage(core, message)
}

/**
 * Pin: mark the message and post the `message_pinned` system message the server creates (an
 * attachment quoting the pinned message). Returns that system message.
 */
export function pinMessage(core: Core, room: Room, message: Message, user: User): Message {
  const now = core.now()
  touchMessage(core, message, (m) => {
    m.pinned = true
    m.pinnedAt = now
    m.pinnedBy = { _id: user._id, username: user.username }
  })
  bumpLastMessage(core, message)
  return insertMessage(core, room, user, {
    msg: '',
    t: 'message_pinned',
    extra: {
      groupable: false,
      attachments: [
        {
          text: message.msg,
          author_name: message.u.username,
          author_icon: `/avatar/${message.u.username}`,
          ts: message.ts,
          message_link: `${core.setting('Site_Url')}/${room.t === 'd' ? 'direct' : room.t === 'p' ? 'group' : 'channel'}/${room.name ?? room._id}?msg=${message._id}`,
          ...(message.attachments ? { attachments: message.attachments } : {}),
        },
      ],
    },
  })
}

export function unpinMessage(core: Core, message: Message): void {
  touchMessage(core, message, (m) => {
    m.pinned = false
    delete m.pinnedAt
    delete m.pinnedBy
  })
  bumpLastMessage(core, message)
}

/** The room's `lastMessage` is the message record itself; a change to it is a change to the room. */
function bumpLastMessage(core: Core, message: Message): void {
  const room = core.db.rooms.get(message.rid)
  if (room?.lastMessage?._id === message._id) touchRoom(core, room, () => {})
}
