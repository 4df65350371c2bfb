import { z } from 'zod'
import { setReaction } from '../src/domain/actions.js'
import { canAccessRoom } from '../src/domain/access.js'
import { isCustomEmoji, isKnownEmoji, normalizeEmoji } from '../src/emoji.js'
import { defineEndpoint } from '../src/endpoint.js'
import { errors } from '../src/errors.js'
import { b } from '../src/validation.js'

const shouldReact = b.boolean().nullish()

/** `{messageId, emoji, shouldReact?}` or `{messageId, reaction, shouldReact?}`: exactly one of the two. */
const reactBody = z.union([
  z.strictObject({ messageId: b.nonEmpty(), emoji: b.string(), shouldReact }),
  z.strictObject({ messageId: b.nonEmpty(), reaction: b.string(), shouldReact }),
])

/**
 * `POST chat.react`: the server's `executeSetReaction`. The emoji is normalised (`smile` and
 * `:smile:` are the same) and must be a known one; a request for the state the message is already
 * in is answered 200 before any room check; then room access, muted, read-only; then the write.
 */
export const react = defineEndpoint({
  method: 'POST',
  path: '/api/v1/chat.react',
  body: reactBody,
  handle: ({ core, user, body }) => {
    const message = core.db.messages.get(body.messageId)
    if (!message) throw errors.messageNotFound()
    const raw = 'emoji' in body ? body.emoji : body.reaction
    if (!raw) throw errors.emojiParamMissing()
    const emoji = normalizeEmoji(raw)
    if (!isKnownEmoji(emoji) && !isCustomEmoji(core, emoji)) throw errors.invalidEmoji()

    const already = message.reactions?.[emoji]?.usernames.includes(user.username) ?? false
    const want = body.shouldReact ?? !already
    if (want === already) return {}

    const room = core.db.rooms.get(message.rid)
    if (!room) throw errors.reactRoomNotAllowed()
    if (!canAccessRoom(core, room, user)) throw errors.reactNotAuthorized()
    if (room.muted?.includes(user.username)) throw errors.reactMuted(room._id)
    if (room.ro === true && !room.reactWhenReadOnly && !core.hasPermission(user, 'post-readonly', room._id) && !room.unmuted?.includes(user.username)) {
      throw errors.roomReadonly()
    }
    setReaction(core, message, user, emoji, want)
    return {}
  },
})

export const reactionEndpoints = [react]
