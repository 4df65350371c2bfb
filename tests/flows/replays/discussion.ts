import { expect } from 'vitest'
import type { FlowContext } from './client.js'

/**
 * Starting a discussion from a message (app/views/CreateDiscussionView → restApi.createDiscussion:
 * `{prid, pmid, t_name, reply, users, encrypted}`), then what the app reads: the new room from the
 * answer, the parent's discussion list, the invited member's sync.
 */
export async function discussionFlow(ctx: FlowContext): Promise<void> {
  const app = ctx.client()
  await app.login('demo')
  const history = await app.get('channels.history', { roomId: 'GENERAL', count: 50 })
  const message = history.body.messages.find((m: { t?: string; tmid?: string; msg: string }) => !m.t && !m.tmid && m.msg)
  const since = new Date().toISOString()
  await ctx.tick()

  const res = await app.post('rooms.createDiscussion', {
    prid: 'GENERAL',
    pmid: message._id,
    t_name: 'Follow-up',
    reply: 'Let us sort this out here',
    users: ['bob'],
    encrypted: false,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const discussion = res.body.discussion
  expect(discussion).toMatchObject({ rid: discussion._id, prid: 'GENERAL', fname: 'Follow-up', t: 'c', usersCount: 2 })

  // The parent lists it; its discussion-created message points at it.
  const list = await app.get('chat.getDiscussions', { roomId: 'GENERAL', offset: 0, count: 25 })
  const entry = list.body.messages.find((m: { drid: string }) => m.drid === discussion._id)
  expect(entry).toMatchObject({ t: 'discussion-created', msg: 'Follow-up', u: { username: 'demo' } })

  // Inside: the quoted message, then the reply.
  const inside = await app.get('channels.history', { roomId: discussion._id, count: 50 })
  // Both are written in the same request, often in the same millisecond: found by content.
  expect(inside.body.messages).toHaveLength(2)
  const replyMsg = inside.body.messages.find((m: { msg: string }) => m.msg === 'Let us sort this out here')
  const quote = inside.body.messages.find((m: { attachments?: unknown[] }) => m.attachments?.length)
  expect(replyMsg).toMatchObject({ msg: 'Let us sort this out here', u: { username: 'demo' } })
  expect(quote.attachments[0]).toMatchObject({ text: message.msg, message_link: expect.stringContaining(`?msg=${message._id}`) })

  // bob was added: his sync brings the discussion's subscription (with `prid`).
  const bob = ctx.client()
  await bob.login('bob')
  const subs = await bob.get('subscriptions.get', { updatedSince: since })
  const sub = subs.body.update.find((s: { rid: string }) => s.rid === discussion._id)
  expect(sub).toMatchObject({ prid: 'GENERAL', fname: 'Follow-up', open: true })

  // Starting one inside a discussion is refused.
  const nested = await app.post('rooms.createDiscussion', { prid: discussion._id, t_name: 'Nested', users: [], encrypted: false })
  expect(nested.body).toMatchObject({ success: false, errorType: 'error-nested-discussion' })
}
