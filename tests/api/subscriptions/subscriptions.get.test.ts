import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'

type Sub = { _id: string; rid: string; [key: string]: unknown }
const byRoom = (subs: Sub[], rid: string) => subs.find((s) => s.rid === rid)!

describe('GET /api/v1/subscriptions.get', () => {
  it("lists demo's subscriptions with their sidebar state", async () => {
    const demo = t.user('demo')
    const res = await t.api('subscriptions.get', { as: 'demo' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['update', 'remove', 'success'])
    expect(res.body.remove).toStrictEqual([])
    const subs: Sub[] = res.body.update
    const own = t.mock.db.subscriptions.all().filter((s) => s.u._id === demo._id)
    expect(subs.map((s) => s._id).sort()).toStrictEqual(own.map((s) => s._id).sort())
    expect(subs.map((s) => s.rid)).toEqual(expect.arrayContaining(['GENERAL', t.room('demo-channel')._id, t.dmId('demo', 'alice'), t.dmId('admin', 'demo')]))
    expect(subs.map((s) => s.rid)).not.toContain(t.room('leadership')._id)
    for (const sub of subs) {
      expect(sub._id).toMatch(/^[23456789A-HJ-NP-Za-km-z]{17}$/)
      expect(sub.u).toStrictEqual({ _id: demo._id, username: 'demo', name: 'Demo User' })
    }

    const general = byRoom(subs, 'GENERAL')
    expect(general).toMatchObject({
      t: 'c',
      name: 'general',
      fname: 'general',
      ts: '2025-12-01T09:00:00.000Z',
      open: true,
      unread: 0,
      userMentions: 0,
      groupMentions: 0,
    })
    // demo follows the retro and release threads and has unread replies in both.
    expect(general.tunread).toStrictEqual([
      t.messageByText('Who is up for the release retro on Friday?')._id,
      t.messageByText('Release 3.2 is out: https://example.com/releases/3.2 — thanks everyone!')._id,
    ])

    expect(byRoom(subs, t.room('demo-channel')._id)).toMatchObject({ t: 'c', name: 'demo-channel', roles: ['owner'] })
    const dm = byRoom(subs, t.dmId('demo', 'alice'))
    expect(dm).toMatchObject({ t: 'd', name: 'alice', fname: 'Alice Carter', open: true, alert: true })
    // Every message alice sent in the DM counts as unread for demo (Unread_Count_DM = all_messages).
    const fromAlice = t.mock.db.messages.sorted('room', t.dmId('demo', 'alice')).filter((m) => m.u.username === 'alice' && (!m.tmid || m.tshow)).length
    expect(dm.unread).toBe(fromAlice)
    expect(byRoom(subs, t.dmId('admin', 'demo'))).toMatchObject({ t: 'd', name: 'admin', fname: 'Administrator', unread: 1 })
  })

  it("a DM message raises the other member's unread and alert, not the sender's", async () => {
    t.mock.clock.set(NOW)
    const dmId = t.dmId('demo', 'alice')
    const before = byRoom((await t.api('subscriptions.get', { as: 'demo' })).body.update, dmId)
    const aliceBefore = byRoom((await t.api('subscriptions.get', { as: 'alice' })).body.update, dmId)
    await t.send('alice', { rid: dmId, msg: 'ping' })

    const demoSubs = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: BEFORE } })
    expect(demoSubs.body.update).toHaveLength(1)
    const after = demoSubs.body.update[0]
    expect(after).toStrictEqual({ ...before, unread: (before.unread as number) + 1, alert: true, open: true, _updatedAt: NOW })
    expect(demoSubs.body.remove).toStrictEqual([])

    const aliceAfter = byRoom((await t.api('subscriptions.get', { as: 'alice' })).body.update, dmId)
    expect(aliceAfter).toStrictEqual(aliceBefore)
  })

  it('a channel message without mention alerts members without counting it unread', async () => {
    t.mock.clock.set(NOW)
    const sub = t.mock.core.subscription('GENERAL', t.user('bob')._id)!
    t.mock.db.subscriptions.patch(sub, (s) => (s.alert = false))
    const before = byRoom((await t.api('subscriptions.get', { as: 'bob' })).body.update, 'GENERAL')
    await t.send('alice', { rid: 'GENERAL', msg: 'no mention here' })
    const after = byRoom((await t.api('subscriptions.get', { as: 'bob' })).body.update, 'GENERAL')
    expect(after).toStrictEqual({ ...before, alert: true, _updatedAt: NOW })
  })

  it('an @mention counts as unread and as a user mention for the mentioned member only', async () => {
    t.mock.clock.set(NOW)
    const demoBefore = byRoom((await t.api('subscriptions.get', { as: 'demo' })).body.update, 'GENERAL')
    const bobBefore = byRoom((await t.api('subscriptions.get', { as: 'bob' })).body.update, 'GENERAL')
    await t.send('alice', { rid: 'GENERAL', msg: 'hey @demo, look' })
    const demoAfter = byRoom((await t.api('subscriptions.get', { as: 'demo' })).body.update, 'GENERAL')
    expect(demoAfter).toStrictEqual({
      ...demoBefore,
      unread: (demoBefore.unread as number) + 1,
      userMentions: (demoBefore.userMentions as number) + 1,
      alert: true,
      _updatedAt: NOW,
    })
    const bobAfter = byRoom((await t.api('subscriptions.get', { as: 'bob' })).body.update, 'GENERAL')
    expect(bobAfter.unread).toBe(bobBefore.unread)
    expect(bobAfter.userMentions).toBe(bobBefore.userMentions)
  })

  it('@all counts as unread and as a group mention for every other member', async () => {
    t.mock.clock.set(NOW)
    const before = byRoom((await t.api('subscriptions.get', { as: 'bob' })).body.update, 'GENERAL')
    await t.send('alice', { rid: 'GENERAL', msg: '@all standup in 5' })
    const after = byRoom((await t.api('subscriptions.get', { as: 'bob' })).body.update, 'GENERAL')
    expect(after.unread).toBe((before.unread as number) + 1)
    expect(after.groupMentions).toBe((before.groupMentions as number) + 1)
    expect(after.userMentions).toBe(before.userMentions)
  })

  it('with updatedSince equal to the last change, returns nothing', async () => {
    t.mock.clock.set(NOW)
    await t.send('alice', { rid: t.dmId('demo', 'alice'), msg: 'ping' })
    const res = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: NOW } })
    expect(res.body).toStrictEqual({ update: [], remove: [], success: true })
  })

  it("refuses an unparsable updatedSince with the server's (odd) error", async () => {
    const res = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: 'not a date' } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The "lastUpdate" query parameter must be a valid date. [error-roomId-param-invalid]',
      errorType: 'error-roomId-param-invalid',
    })
    expect(res.body).toStrictEqual(errors.subscriptionsDateInvalid().body)
  })

  it('refuses unknown query keys', async () => {
    const res = await t.api('subscriptions.get', { as: 'demo', query: { roomId: 'GENERAL' } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error: 'must NOT have additional properties' })
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: t.login('alice').authToken }]) {
      const res = await t.api('subscriptions.get', as ? { as } : {})
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
