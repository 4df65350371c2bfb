import { expect } from 'vitest'
import type { FlowContext } from './client.js'

/**
 * Creating a channel and a private group from the app (app/sagas/createChannel,
 * restApi.createChannel: `{name, members, readOnly, extraData: {broadcast, encrypted}}`), then what
 * the app does next: sync the new subscription, open the empty room. A taken name is refused.
 */
export async function createChannelFlow(ctx: FlowContext): Promise<void> {
  const app = ctx.client()
  await app.login('demo')
  const since = new Date().toISOString()
  await ctx.tick()

  const created = await app.post('channels.create', {
    name: 'mobile-team',
    members: ['alice', 'bob'],
    readOnly: false,
    extraData: { broadcast: false, encrypted: false },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(200)
  const channel = created.body.channel
  expect(channel).toMatchObject({ t: 'c', name: 'mobile-team', fname: 'mobile-team', usersCount: 3, ro: false, u: { username: 'demo' } })

  const subs = await app.get('subscriptions.get', { updatedSince: since })
  expect(subs.body.update).toHaveLength(1)
  expect(subs.body.update[0]).toMatchObject({ rid: channel._id, name: 'mobile-team', t: 'c', roles: ['owner'], open: true, unread: 0 })
  const rooms = await app.get('rooms.get', { updatedSince: since })
  expect(rooms.body.update.map((r: { _id: string }) => r._id)).toStrictEqual([channel._id])
  const history = await app.get('channels.history', { roomId: channel._id, count: 50 })
  expect(history.body.messages).toStrictEqual([])

  // A member sees it on their next sync, and can post.
  const alice = ctx.client()
  await alice.login('alice')
  const aliceSubs = await alice.get('subscriptions.get', { updatedSince: since })
  expect(aliceSubs.body.update.map((s: { rid: string }) => s.rid)).toStrictEqual([channel._id])
  expect((await alice.post('chat.sendMessage', { message: { rid: channel._id, msg: 'Hello team' } })).status).toBe(200)
  const info = await app.get('channels.info', { roomId: channel._id })
  expect(info.body.channel).toMatchObject({ msgs: 1, lastMessage: { msg: 'Hello team' } })

  // A broadcast group is read-only.
  const group = await app.post('groups.create', { name: 'mobile-leads', members: ['alice'], readOnly: false, extraData: { broadcast: true, encrypted: false } })
  expect(group.status).toBe(200)
  expect(group.body.group).toMatchObject({ t: 'p', name: 'mobile-leads', ro: true, broadcast: true })

  // The same name again: the server's error, shown by the app as is.
  const taken = await app.post('channels.create', { name: 'mobile-team', members: [], readOnly: false, extraData: { broadcast: false, encrypted: false } })
  expect(taken.status).toBe(400)
  expect(taken.body).toMatchObject({
    success: false,
    errorType: 'error-duplicate-channel-name',
    error: "A channel with name 'mobile-team' exists [error-duplicate-channel-name]",
  })
  const invalid = await app.post('channels.create', { name: 'mobile team', members: [] })
  expect(invalid.body).toMatchObject({
    success: false,
    errorType: 'error-invalid-room-name',
    error: 'mobile team is not a valid room name. [error-invalid-room-name]',
  })
}
