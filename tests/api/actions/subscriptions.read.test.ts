import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, plain } from './fixtures.js'

const t = setup()
const read = (as: string, body: unknown) => t.api('subscriptions.read', { as, body })

describe('POST /api/v1/subscriptions.read', () => {
  it("marks the caller's subscription read: ls, counters, alert (visible in subscriptions.get)", async () => {
    const demo = t.user('demo')
    t.mock.clock.set(NOW)
    await t.send('alice', { rid: 'GENERAL', msg: 'hey @demo, are you there?' })
    expect(t.mock.core.subscription('GENERAL', demo._id)).toMatchObject({ alert: true, unread: expect.any(Number), userMentions: expect.any(Number) })
    expect(t.mock.core.subscription('GENERAL', demo._id)!.userMentions).toBeGreaterThan(0)

    t.mock.clock.set('2026-03-01T10:01:00.000Z')
    const res = await read('demo', { rid: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const subs = (await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: NOW } })).body.update
    const sub = subs.find((s: { rid: string }) => s.rid === 'GENERAL')
    expect(sub).toMatchObject({
      open: true,
      unread: 0,
      userMentions: 0,
      groupMentions: 0,
      ls: '2026-03-01T10:01:00.000Z',
      _updatedAt: '2026-03-01T10:01:00.000Z',
    })
  })

  it('keeps thread unreads (and the alert) unless readThreads is true', async () => {
    const demo = t.user('demo')
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    await t.send('bob', { rid: 'GENERAL', msg: 'one more reply', tmid: retro._id })
    expect(t.mock.core.subscription('GENERAL', demo._id)!.tunread).toContain(retro._id)

    await read('demo', { roomId: 'GENERAL' })
    expect(t.mock.core.subscription('GENERAL', demo._id)).toMatchObject({ alert: true, unread: 0, tunread: expect.arrayContaining([retro._id]) })
    await read('demo', { rid: 'GENERAL', readThreads: true })
    expect(t.mock.core.subscription('GENERAL', demo._id)).toMatchObject({ alert: false, tunread: [], tunreadUser: [], tunreadGroup: [] })
  })

  it("clears messages' `unread` flag once every member has read past them", async () => {
    t.use({ scenario: 'empty' })
    t.mock.clock.set(NOW)
    const message = await t.send('demo', { rid: 'GENERAL', msg: 'who has read this?' })
    expect(message.unread).toBe(true)
    t.mock.clock.set('2026-03-01T10:01:00.000Z')
    for (const user of ['alice', 'bob', 'admin']) expect((await read(user, { rid: 'GENERAL' })).status).toBe(200)
    // demo never read GENERAL (no `ls`): the flag stays.
    expect(t.message(message._id)!.unread).toBe(true)
    await read('demo', { rid: 'GENERAL' })
    const got = await t.api('chat.getMessage', { as: 'bob', query: { msgId: message._id } })
    expect(got.body.message).not.toHaveProperty('unread')
    // Four reads in one frozen millisecond: demo's, the fourth request, is stamped 3 ms later.
    expect(got.body.message._updatedAt).toBe('2026-03-01T10:01:00.003Z')
    const receipts = await t.api('chat.getMessageReadReceipts', { as: 'demo', query: { messageId: message._id } })
    // Same read time: ordered by receipt id, as the index keeps ties.
    expect(receipts.body.receipts.map((r: { user: { username: string } }) => r.user.username).sort()).toStrictEqual(['admin', 'alice', 'bob'])
  })

  it('mock.markRead does the same from a test', async () => {
    const alice = t.user('alice')
    t.mock.clock.set(NOW)
    t.mock.markRead('alice', t.dmId('demo', 'alice'))
    expect(t.mock.core.subscription(t.dmId('demo', 'alice'), alice._id)).toMatchObject({ unread: 0, alert: false, ls: new Date(NOW) })
    expect(() => t.mock.markRead('demo', 'leadership')).toThrow(/not a member/)
  })

  it('refuses rooms the caller is not subscribed to, writing nothing', async () => {
    const res = await expectNoWrite(t, ['demo'], () => read('demo', { rid: t.room('leadership')._id }))
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(plain('error-invalid-subscription'))
    expect((await expectNoWrite(t, ['demo'], () => read('demo', { rid: 'nope' }))).body).toStrictEqual(plain('error-invalid-subscription'))
  })

  it('validates the body', async () => {
    const res = await read('demo', {})
    expect(res.status).toBe(400)
    expect(res.body.errorType).toBe('invalid-params')
    expect((await read('demo', { rid: 'GENERAL', roomId: 'GENERAL' })).body.errorType).toBe('invalid-params')
    expect((await read('demo', { rid: 'GENERAL', readThreads: 'yes' })).body).toStrictEqual(
      invalidBody("must be boolean\nmust have required property 'roomId'\nmust match exactly one schema in oneOf"),
    )
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('subscriptions.read', { body: { rid: 'GENERAL' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
