import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'
import { errors } from '../errors.js'
import { roomErrors } from '../errors-rooms.js'
import { canAccessRoom } from './access.js'
import { insertMessage } from './messages.js'
import { createRoom } from './rooms.js'

export interface NewDiscussion {
  parent: Room
  creator: User
  /** The discussion's title (`fname`; its `name` is a random id, as the server makes it). */
  title: string
  members?: User[]
  /** When it was started (default now): the room, its subscriptions and the parent's system message. */
  ts?: Date
  topic?: string
  /** Attachments of the parent's `discussion-created` message (the quoted `pmid`). */
  attachments?: Array<Record<string, unknown>>
}

/**
 * `createDiscussion`: a room of the parent's type with `prid` (its members subscribed, the creator
 * as owner), and in the parent room the `discussion-created` system message that points at it
 * (`drid`), which `chat.getDiscussions` lists.
 */
export function createDiscussion(core: Core, input: NewDiscussion): { room: Room; message: Message } {
  const { parent, creator } = input
  const room = createRoom(core, {
    // A discussion of a DM is a private group.
    t: parent.t === 'd' ? 'p' : parent.t,
    name: core.random.id(),
    fname: input.title,
    owner: creator,
    members: input.members ?? [],
    prid: parent._id,
    ...(input.topic !== undefined ? { topic: input.topic } : {}),
  })
  if (input.ts) {
    const ts = input.ts
    core.db.rooms.patch(room, (r) => (r.ts = ts))
    for (const sub of core.db.subscriptions.sorted('room', room._id).slice()) core.db.subscriptions.patch(sub, (s) => (s.ts = ts))
  }
  const message = insertMessage(core, parent, creator, {
    msg: input.title,
    t: 'discussion-created',
    ...(input.ts ? { ts: input.ts } : {}),
    extra: { groupable: false, drid: room._id, ...(input.attachments ? { attachments: input.attachments } : {}) },
  })
  return { room, message }
}

export interface DiscussionRequest {
  prid: string
  pmid?: string | undefined
  title: string
  reply?: string | undefined
  /** Usernames to add; unknown ones are skipped. */
  users: string[]
  topic?: string | undefined
}

/**
 * `createDiscussion` as `rooms.createDiscussion` runs it: `start-discussion` (or
 * `start-discussion-other-user`) in the parent, `Discussion_enabled`, a readable parent that is
 * not itself a discussion, and — with `pmid` — a message of that parent, which is then quoted in
 * the new room and in the parent's `discussion-created`. `reply` is posted as the creator's first
 * message. All checks run before the first write.
 */
export function startDiscussion(core: Core, creator: User, request: DiscussionRequest): Room {
  const allowed = core.hasPermission(creator, 'start-discussion', request.prid) || core.hasPermission(creator, 'start-discussion-other-user', request.prid)
  if (!allowed || !core.setting('Discussion_enabled')) throw roomErrors.discussionNotAllowed()
  const parent = core.db.rooms.get(request.prid)
  if (!parent) throw roomErrors.discussionInvalidRoom()
  if (parent.prid) throw roomErrors.discussionNested()
  let quoted: Message | undefined
  if (request.pmid) {
    quoted = core.db.messages.get(request.pmid)
    if (!quoted || quoted._hidden) throw roomErrors.discussionNotAllowed()
    if (quoted.rid !== parent._id) throw roomErrors.discussionMessageElsewhere()
  }
  if (!canAccessRoom(core, parent, creator)) throw roomErrors.discussionNotAllowed()
  if (request.reply !== undefined && request.reply.length > core.setting('Message_MaxAllowedSize')) throw errors.messageSizeExceeded()
  const members = [...new Set(request.users)]
    .map((name) => core.db.users.unique('username', name.replace(/^@/, '').toLowerCase()))
    .filter((u): u is User => u !== undefined && u._id !== creator._id)
  const attachment = quoted ? quoteOf(core, parent, quoted) : undefined
  const { room } = createDiscussion(core, {
    parent,
    creator,
    title: request.title,
    members,
    ...(request.topic !== undefined ? { topic: request.topic } : {}),
    ...(attachment ? { attachments: [attachment] } : {}),
  })
  if (attachment) insertMessage(core, room, creator, { msg: '', extra: { groupable: false, attachments: [attachment] } })
  if (request.reply) insertMessage(core, room, creator, { msg: request.reply })
  return core.db.rooms.get(room._id) ?? room
}

/** `attachMessage`: a quote of the message, linking back to it. */
function quoteOf(core: Core, room: Room, message: Message): Record<string, unknown> {
  const path = room.t === 'c' ? 'channel' : room.t === 'p' ? 'group' : 'direct'
  return {
    text: message.msg,
    md: message.md,
    author_name: message.alias ?? message.u.username,
    author_icon: `/avatar/${message.u.username}`,
    message_link: `${core.setting('Site_Url')}/${path}/${room.name ?? room._id}?msg=${message._id}`,
    attachments: message.attachments ?? [],
    ts: message.ts,
  }
}

export { refreshDiscussionMetadata } from './discussion-metadata.js'
