import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { invalidQuery, meteor } from './fixtures.js'

const t = setup()
const receipts = (as: string, query: Record<string, string | number>) => t.api('chat.getMessageReadReceipts', { as, query })
const readers = (res: { body: { receipts: Array<{ user: { username: string } }> } }) => res.body.receipts.map((r) => r.user.username)

describe('GET /api/v1/chat.getMessageReadReceipts', () => {
  it('lists the seeded readers of the welcome message (alice and bob read GENERAL)', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const alice = t.user('alice')
    const res = await receipts('demo', { messageId: welcome._id })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['receipts', 'success'])
    // Both read in the same seeded instant: ties are ordered by receipt id.
    expect(readers(res)).toStrictEqual(['bob', 'alice'])
    const first = res.body.receipts[1]
    expect(first).toStrictEqual({
      _id: first._id,
      roomId: 'GENERAL',
      messageId: welcome._id,
      userId: alice._id,
      ts: t.mock.core.subscription('GENERAL', alice._id)!.ls!.toISOString(),
      pinned: true,
      user: { _id: alice._id, username: 'alice', name: 'Alice Carter' },
    })
  })

  it('records a receipt when a member reads the room (subscriptions.read), never for their own messages', async () => {
    t.mock.clock.set(NOW)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const mine = await t.send('demo', { rid: 'GENERAL', msg: 'did everyone see this?' })
    expect((await t.api('subscriptions.read', { as: 'demo', body: { rid: 'GENERAL' } })).status).toBe(200)
    expect(readers(await receipts('bob', { messageId: welcome._id }))).toStrictEqual(['bob', 'alice', 'demo'])
    expect((await receipts('bob', { messageId: mine._id })).body.receipts).toStrictEqual([])

    t.mock.clock.set('2026-03-01T10:10:00.000Z')
    expect((await t.api('subscriptions.read', { as: 'alice', body: { rid: 'GENERAL' } })).status).toBe(200)
    const res = await receipts('demo', { messageId: mine._id })
    expect(res.body.receipts).toMatchObject([{ userId: t.user('alice')._id, ts: '2026-03-01T10:10:00.000Z', roomId: 'GENERAL' }])
    // Reading again adds nothing.
    await t.api('subscriptions.read', { as: 'alice', body: { rid: 'GENERAL' } })
    expect((await receipts('demo', { messageId: mine._id })).body.receipts).toHaveLength(1)
  })

  it('mock.markRead records receipts too (a DM)', async () => {
    const hello = t.messageByText(DEFAULT_TEXTS.dmHello)
    expect(readers(await receipts('demo', { messageId: hello._id }))).toStrictEqual(['alice'])
    const rid = t.dmId('demo', 'alice')
    const fresh = await t.send('alice', { rid, msg: 'Did you get my notes?' })
    expect(readers(await receipts('alice', { messageId: fresh._id }))).toStrictEqual([])
    t.mock.markRead('demo', rid)
    expect(readers(await receipts('alice', { messageId: fresh._id }))).toStrictEqual(['demo'])
  })

  it('pages only when count or offset is given', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    expect(readers(await receipts('demo', { messageId: welcome._id, count: 1 }))).toStrictEqual(['bob'])
    expect(readers(await receipts('demo', { messageId: welcome._id, offset: 1 }))).toStrictEqual(['alice'])
  })

  it('answers the enterprise error when read receipts are off (a CE server)', async () => {
    t.mock.setSetting('Message_Read_Receipt_Enabled', false)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await receipts('demo', { messageId: welcome._id })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(meteor('error-action-not-allowed', 'This is an enterprise feature'))
  })

  it('refuses unknown messages and rooms the caller cannot read', async () => {
    expect((await receipts('demo', { messageId: 'nope' })).body).toStrictEqual(
      meteor('error-invalid-message', 'Invalid message', { method: 'getReadReceipts' }),
    )
    const planning = t.messageByText('Quarterly planning notes go here.')
    expect((await receipts('demo', { messageId: planning._id })).body).toStrictEqual(
      meteor('error-invalid-room', 'Invalid room', { method: 'getReadReceipts' }),
    )
    expect((await receipts('alice', { messageId: planning._id })).status).toBe(200)
  })

  it('validates the query', async () => {
    expect((await t.api('chat.getMessageReadReceipts', { as: 'demo' })).body).toStrictEqual(invalidQuery("must have required property 'messageId'"))
    expect((await receipts('demo', { messageId: 'x', sort: '{}' })).body).toStrictEqual(invalidQuery('must NOT have additional properties'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.getMessageReadReceipts', { query: { messageId: 'x' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
