import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'
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
}

/**
 * `createDiscussion`: a room of the parent's type with `prid` (its members subscribed, the creator
 * as owner), and in the parent room the `discussion-created` system message that points at it
 * (`drid`), which `chat.getDiscussions` lists.
 */
export function createDiscussion(core: Core, input: NewDiscussion): { room: Room; message: Message } {
  const { parent, creator } = input
  if (parent.t === 'd') throw new Error('Discussions of direct messages are not supported by the mock')
  const room = createRoom(core, {
    t: parent.t,
    name: core.random.id(),
    fname: input.title,
    owner: creator,
    members: input.members ?? [],
    prid: parent._id,
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
    extra: { groupable: false, drid: room._id },
  })
  return { room, message }
}

export { refreshDiscussionMetadata } from './discussion-metadata.js'
