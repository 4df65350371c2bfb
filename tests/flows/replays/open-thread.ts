import { expect } from 'vitest'
import type { FlowContext } from './client.js'

/**
 * Opening a thread and the thread list (app/views/RoomView/…, ThreadMessagesView;
 * app/lib/services/restApi getThreadsList / getSyncThreadsList / readThreads on ≥ 8.8):
 * replies newest first, the thread marked read, the room's thread list and its delta.
 */
export async function openThreadFlow(ctx: FlowContext): Promise<void> {
  const demo = ctx.client()
  await demo.login('demo')
  const bob = ctx.client()
  await bob.login('bob')

  // The thread list of GENERAL (what ThreadMessagesView shows first).
  const list = await demo.get('chat.getThreadsList', { rid: 'GENERAL', count: 50, offset: 0 })
  expect(list.status).toBe(200)
  const threads = list.body.threads as Array<{ _id: string; tcount: number; tlm: string; msg: string; replies: string[] }>
  expect(threads.length).toBeGreaterThan(1)
  for (let i = 1; i < threads.length; i++) expect(threads[i - 1]!.tlm >= threads[i]!.tlm).toBe(true)
  const root = threads.find((t) => t.msg.startsWith('Who is up for the release retro'))!
  expect(root.tcount).toBe(4)
  const since = new Date().toISOString()

  // Someone replies while demo is away: demo (a follower) gets the thread unread.
  await ctx.tick()
  const reply = await bob.post('chat.sendMessage', { message: { rid: 'GENERAL', tmid: root._id, msg: 'Moved to 4pm, sorry!' } })
  expect(reply.status).toBe(200)
  const sub = await demo.get('subscriptions.getOne', { roomId: 'GENERAL' })
  expect(sub.body.subscription.tunread).toContain(root._id)

  // Open the thread: replies newest first.
  const messages = await demo.get('chat.getThreadMessages', { tmid: root._id, count: 50, offset: 0, sort: { ts: -1 } })
  expect(messages.status).toBe(200)
  expect(messages.body.total).toBe(5)
  expect(messages.body.messages[0]).toMatchObject({ _id: reply.body.message._id, msg: 'Moved to 4pm, sorry!', tmid: root._id })
  const ts = messages.body.messages.map((m: { ts: string }) => m.ts)
  expect(ts).toStrictEqual([...ts].sort().reverse())

  // ... and mark it read.
  expect((await demo.post('chat.readThread', { tmid: root._id })).body).toStrictEqual({ success: true })
  const after = await demo.get('subscriptions.getOne', { roomId: 'GENERAL' })
  expect(after.body.subscription.tunread).not.toContain(root._id)

  // Back on the list: the delta since it was loaded holds the updated root.
  const delta = await demo.get('chat.syncThreadsList', { rid: 'GENERAL', updatedSince: since })
  expect(delta.status).toBe(200)
  expect(delta.body.threads.update.map((m: { _id: string }) => m._id)).toStrictEqual([root._id])
  expect(delta.body.threads.update[0]).toMatchObject({ tcount: 5, tlm: reply.body.message.ts })
  expect(delta.body.threads.remove).toStrictEqual([])
}
