import { expect } from 'vitest'
import type { FlowContext } from './client.js'

/**
 * Inviting into a channel (the web client's and the REST way: `channels.invite`), the room members
 * list the app shows (`channels.members` with `status[]`), then kicking and leaving.
 */
export async function inviteFlow(ctx: FlowContext): Promise<void> {
  const owner = ctx.client()
  await owner.login('demo')
  const bob = ctx.client()
  await bob.login('bob')
  const created = await owner.post('channels.create', { name: 'invite-test', members: [] })
  const rid = created.body.channel._id as string
  const since = new Date().toISOString()
  await ctx.tick()

  const invited = await owner.post('channels.invite', { roomId: rid, userId: bob.userId })
  expect(invited.status).toBe(200)
  expect(invited.body.channel).toMatchObject({ _id: rid, usersCount: 2 })

  // bob's next sync brings the new subscription, unread, and the room.
  const subs = await bob.get('subscriptions.get', { updatedSince: since })
  expect(subs.body.update).toHaveLength(1)
  expect(subs.body.update[0]).toMatchObject({ rid, name: 'invite-test', open: true, alert: true, unread: 1 })
  const rooms = await bob.get('rooms.get', { updatedSince: since })
  expect(rooms.body.update.map((r: { _id: string }) => r._id)).toStrictEqual([rid])
  const history = await bob.get('channels.history', { roomId: rid, count: 50 })
  expect(history.body.messages.map((m: { t: string; msg: string; u: { username: string } }) => [m.t, m.msg, m.u.username])).toStrictEqual([
    ['au', 'bob', 'demo'],
  ])

  // The members list (all, then only online ones, the app's `status[]` filter).
  const members = await owner.get('channels.members', { roomId: rid, offset: 0, count: 10 })
  expect(members.body.members.map((m: { username: string }) => m.username)).toStrictEqual(['demo', 'bob'])
  const online = await owner.getRaw(`/api/v1/channels.members?roomId=${rid}&offset=0&count=10&status%5B%5D=online`, 'channels.members')
  expect(online.body.members.map((m: { username: string }) => m.username)).toStrictEqual(['demo'])

  // Inviting nobody known is refused; a plain member cannot invite.
  const ghost = await owner.post('channels.invite', { roomId: rid, username: 'nobody-by-that-name' })
  expect(ghost.status).toBe(400)
  expect(ghost.body).toStrictEqual({ success: false, error: 'invalid-user-invite-list', errorType: 'Cannot invite if no users are provided' })
  const byBob = await bob.post('channels.invite', { roomId: rid, username: 'alice' })
  expect(byBob.body).toMatchObject({ success: false, errorType: 'error-not-allowed' })

  // Kick (the app's removeUserFromRoom: `{roomId, userId}`), then bob's sync shows the removal.
  const beforeKick = new Date().toISOString()
  await ctx.tick()
  const kicked = await owner.post('channels.kick', { roomId: rid, userId: bob.userId })
  expect(kicked.body.channel.usersCount).toBe(1)
  const removed = await bob.get('subscriptions.get', { updatedSince: beforeKick })
  expect(removed.body.remove).toHaveLength(1)
  expect(removed.body.remove[0]._id).toBe(subs.body.update[0]._id)

  // bob joins back by himself, then leaves (the app's leaveRoom: `channels.leave {roomId}`).
  // (ticks between the writes keep the system messages' `ts` distinct, so their order is fixed)
  await ctx.tick()
  expect((await bob.post('channels.join', { roomId: rid, joinCode: null })).status).toBe(200)
  await ctx.tick()
  expect((await bob.post('channels.leave', { roomId: rid })).status).toBe(200)
  const last = await owner.get('channels.history', { roomId: rid, count: 50 })
  expect(last.body.messages.map((m: { t: string }) => m.t)).toStrictEqual(['ul', 'uj', 'ru', 'au'])
}
