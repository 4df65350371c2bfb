import { expect } from 'vitest'
import type { Answer, FlowContext, MobileClient } from './client.js'

/**
 * Opening a room in the mobile app (app/views/RoomView, app/lib/methods/loadMessagesForRoom,
 * loadMissedMessages, readMessages, getUserInfo): history 50 main messages at a time, missed
 * changes through `chat.syncMessages` cursors of both types, the room marked read, the other
 * member's profile.
 */

const COUNT = 50

interface Msg {
  _id: string
  ts: string
  _updatedAt: string
  tmid?: string
  tshow?: boolean
  msg: string
  u: { _id: string; username: string }
}

/** `loadMessagesForRoom` + "load more": pages of `count` until a short page. */
async function loadAllHistory(app: MobileClient, api: string, roomId: string): Promise<Msg[]> {
  const all: Msg[] = []
  let latest: string | undefined
  for (;;) {
    const res = await app.get(`${api}.history`, { roomId, count: COUNT, showThreadMessages: false, ...(latest ? { latest } : {}) })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const page: Msg[] = res.body.messages
    for (const m of page) expect(m.tmid === undefined || m.tshow === true, m._id).toBe(true)
    for (let i = 1; i < page.length; i++) expect(page[i - 1]!.ts >= page[i]!.ts).toBe(true)
    all.push(...page)
    if (page.length < COUNT) return all
    latest = page[page.length - 1]!.ts
  }
}

/** `loadMissedMessages` on ≥ 7.1: UPDATED and DELETED pages from `lastOpen`, following `cursor.next`. */
async function syncFrom(app: MobileClient, roomId: string, lastOpen: number) {
  const updated: Msg[] = []
  const deleted: Array<{ _id: string; _deletedAt: string }> = []
  let updatedNext: string | null = String(lastOpen)
  let deletedNext: string | null = String(lastOpen)
  while (updatedNext || deletedNext) {
    const [u, d]: [Answer | undefined, Answer | undefined] = await Promise.all([
      updatedNext ? app.get('chat.syncMessages', { roomId, next: Number(updatedNext), count: COUNT, type: 'UPDATED' }) : undefined,
      deletedNext ? app.get('chat.syncMessages', { roomId, next: Number(deletedNext), count: COUNT, type: 'DELETED' }) : undefined,
    ])
    if (u) {
      expect(u.status, JSON.stringify(u.body)).toBe(200)
      updated.push(...u.body.result.updated)
      updatedNext = u.body.result.cursor.next
    }
    if (d) {
      expect(d.status, JSON.stringify(d.body)).toBe(200)
      deleted.push(...d.body.result.deleted)
      deletedNext = d.body.result.cursor.next
    }
  }
  return { updated, deleted }
}

export async function openRoomFlow(ctx: FlowContext): Promise<void> {
  const app = ctx.client()
  await app.login('demo')
  const subs = (await app.get('subscriptions.get')).body.update as Array<{ rid: string; name: string; t: string; unread: number }>
  const general = subs.find((s) => s.name === 'general')!

  // History: every main message, newest first, in pages of 50.
  const history = await loadAllHistory(app, 'channels', general.rid)
  expect(history.length).toBeGreaterThan(COUNT)
  expect(new Set(history.map((m) => m._id)).size).toBe(history.length)
  const lastOpen = Date.now()

  // Meanwhile alice edits one of her messages, deletes another and posts a new one.
  await ctx.tick()
  const alice = ctx.client()
  await alice.login('alice')
  const own = history.filter((m) => m.u.username === 'alice' && m.msg && !m.tmid)
  const [toEdit, toDelete] = own
  expect(toEdit && toDelete).toBeTruthy()
  expect((await alice.post('chat.update', { roomId: general.rid, msgId: toEdit!._id, text: 'Edited while you were away' })).status).toBe(200)
  expect((await alice.post('chat.delete', { roomId: general.rid, msgId: toDelete!._id })).status).toBe(200)
  const fresh = await alice.post('chat.sendMessage', { message: { rid: general.rid, msg: 'Something new' } })
  expect(fresh.status).toBe(200)

  // Coming back: the missed changes, both cursor types.
  const missed = await syncFrom(app, general.rid, lastOpen)
  expect(missed.updated.map((m) => m._id).sort()).toStrictEqual([toEdit!._id, fresh.body.message._id].sort())
  expect(missed.updated.find((m) => m._id === toEdit!._id)!.msg).toBe('Edited while you were away')
  expect(missed.deleted.map((m) => m._id)).toStrictEqual([toDelete!._id])

  // Read the room: the subscription's counters go to zero.
  expect((await app.post('subscriptions.read', { rid: general.rid })).body).toStrictEqual({ success: true })
  const sub = await app.get('subscriptions.getOne', { roomId: general.rid })
  expect(sub.body.subscription).toMatchObject({ rid: general.rid, unread: 0, userMentions: 0, groupMentions: 0 })
  // The alert stays on while threads are unread (subscriptions.read without readThreads).
  expect(sub.body.subscription.alert).toBe((sub.body.subscription.tunread ?? []).length > 0)

  // A DM: im.history the same way, and the other member's profile.
  const dm = subs.find((s) => s.t === 'd' && s.name === 'alice')!
  const dmHistory = await loadAllHistory(app, 'im', dm.rid)
  expect(dmHistory.length).toBeGreaterThan(0)
  const profile = await app.get('users.info', { userId: alice.userId })
  expect(profile.body.user).toMatchObject({ _id: alice.userId, username: 'alice', name: 'Alice Carter', status: 'away' })

  // A private group, as one of its members.
  const aliceSubs = (await alice.get('subscriptions.get')).body.update as Array<{ rid: string; name: string }>
  const leadership = aliceSubs.find((s) => s.name === 'leadership')!
  const groupHistory = await loadAllHistory(alice, 'groups', leadership.rid)
  expect(groupHistory.map((m) => m.msg)).toContain('Quarterly planning notes go here.')
  expect((await app.get('groups.history', { roomId: leadership.rid, count: COUNT })).status).toBe(400)
}
