import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'
import { insertMessage, touchMessage } from './messages.js'
import { touchRoom } from './rooms.js'

/**
 * The effects of the message actions (react, star, pin, unpin). Handlers run the server's checks
 * first, in its order; these functions only write, so a refused request never reaches them.
 * Seeds call them too.
 */

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

/**
 * Star or unstar for one user (`starred: [{_id}]`). Like `updateUserStarById`, every call is a
 * write (`_updatedAt` moves) even when the state does not change.
 */
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

/** `Message_QuoteChainLimit`'s default: quotes nested deeper than this are cut from the pin quote. */
const QUOTE_CHAIN_LIMIT = 2

type Attachment = Record<string, unknown>

function isQuote(attachment: Attachment): boolean {
  return typeof attachment.message_link === 'string'
}

/** `recursiveRemove`: keep a quote's nested quotes down to the chain limit. */
function trimQuote(attachment: Attachment, depth = 1): Attachment {
  if (!isQuote(attachment)) return attachment
  const { attachments, ...rest } = attachment
  if (depth > QUOTE_CHAIN_LIMIT) return rest
  if (!Array.isArray(attachments)) return rest
  return { ...rest, attachments: (attachments as Attachment[]).map((a) => trimQuote(a, depth + 1)) }
}

/**
 * Pin: mark the message (`pinned`, `pinnedAt`, `pinnedBy`), mirror it on the stored read receipts,
 * and post the `message_pinned` system message the server creates (an attachment quoting the
 * pinned message). Returns that system message. An already pinned message is returned as is.
 */
export function pinMessage(core: Core, room: Room, message: Message, user: User): Message {
  if (message.pinned) return message
  const now = core.stamp('message')
  touchMessage(
    core,
    message,
    (m) => {
      m.pinned = true
      m.pinnedAt = now
      m.pinnedBy = { _id: user._id, username: user.username }
    },
    now,
  )
  bumpLastMessage(core, message)
  setReceiptsPinned(core, message._id, true)

  const quoted: Attachment[] = []
  for (const attachment of (message.attachments ?? []) as Attachment[]) {
    if (!isQuote(attachment) || !quoted.some((q) => isQuote(q) && q.message_link === attachment.message_link)) quoted.push(attachment)
  }
  const content = (message as Record<string, unknown>).content
  return insertMessage(core, room, user, {
    msg: '',
    t: message.t === 'e2e' ? 'message_pinned_e2e' : 'message_pinned',
    extra: {
      groupable: false,
      attachments: [
        {
          text: message.msg,
          author_name: message.u.username,
          author_icon: `/avatar/${message.u.username}`,
          ...(content !== undefined ? { content } : {}),
          ts: message.ts,
          attachments: quoted.map((a) => trimQuote(structuredClone(a))),
        },
      ],
    },
  })
}

/**
 * Unpin: `pinned: false` and `pinnedBy` := the unpinner (`pinnedAt` stays); with
 * `Message_KeepHistory` the previous version is kept as a hidden copy first. No system message.
 */
export function unpinMessage(core: Core, message: Message, user: User): void {
  if (core.setting('Message_KeepHistory')) {
    const now = core.stamp('message')
    const { _id, ...copy } = message
    core.db.messages.insert({
      ...structuredClone(copy),
      _id: core.random.id(),
      _hidden: true,
      parent: _id,
      editedAt: now,
      editedBy: { _id: user._id, username: user.username },
      _updatedAt: now,
    })
  }
  touchMessage(core, message, (m) => {
    m.pinned = false
    m.pinnedBy = { _id: user._id, username: user.username }
  })
  bumpLastMessage(core, message)
  setReceiptsPinned(core, message._id, false)
}

/** `ReadReceipts.setPinnedByMessageId`: receipts carry the message's `pinned` flag. */
function setReceiptsPinned(core: Core, messageId: string, pinned: boolean): void {
  for (const receipt of core.db.readReceipts.sorted('message', messageId)) {
    core.db.readReceipts.patch(receipt, (r) => {
      r.pinned = pinned
    })
  }
}

/** The room's `lastMessage` is the message record itself; a change to it is a change to the room. */
function bumpLastMessage(core: Core, message: Message): void {
  const room = core.db.rooms.get(message.rid)
  if (room?.lastMessage?._id === message._id) touchRoom(core, room, () => {})
}
