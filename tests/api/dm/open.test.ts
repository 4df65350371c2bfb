import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'
const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads', 'trash'] as const).map((k) => t.mock.db[k].all()))
const open = (as: string, body: unknown) => t.api('dm.open', { as, body })

describe('POST /api/v1/dm.open', () => {
  it('shows a closed DM again, visible in subscriptions.get', async () => {
    const rid = t.dmId('demo', 'alice')
    t.mock.clock.set(NOW)
    await t.api('dm.close', { as: 'demo', body: { roomId: rid } })
    const res = await open('demo', { roomId: rid })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const changed = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: BEFORE } })
    expect(changed.body.update).toHaveLength(1)
    // The second request in this frozen millisecond: stamped 1 ms after the close.
    expect(changed.body.update[0]).toMatchObject({ rid, open: true, alert: false, _updatedAt: '2026-03-01T10:00:00.001Z' })
  })

  it("opens the recipient's subscription of a new 1:1 DM", async () => {
    t.mock.clock.set(NOW)
    const rid = (await t.api('dm.create', { as: 'demo', body: { username: 'bob' } })).body.room.rid
    expect(t.mock.core.subscription(rid, t.user('bob')._id)!.open).toBe(false)
    expect((await open('bob', { roomId: rid })).body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription(rid, t.user('bob')._id)).toMatchObject({ open: true, _updatedAt: new Date(Date.parse(NOW) + 1) })
  })

  it('is idempotent: an open DM stays as it is', async () => {
    const rid = t.dmId('demo', 'alice')
    await t.login('demo')
    const before = state()
    t.mock.clock.set(NOW)
    expect((await open('demo', { roomId: rid })).body).toStrictEqual({ success: true })
    expect(state()).toBe(before)
  })

  it('403 for a room the caller cannot access: unknown id, a user id, someone else’s DM', async () => {
    await t.login('demo')
    const before = state()
    for (const roomId of ['no-such-room', t.user('bob')._id, 'bob', t.dmId('alice', 'bob')]) {
      const res = await open('demo', { roomId })
      expect(res.status, roomId).toBe(403)
      expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    }
    expect(state()).toBe(before)
  })

  it('[invalid-channel] for an accessible room that is not a DM', async () => {
    const res = await open('demo', { roomId: 'GENERAL' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
  })

  it('validation errors', async () => {
    expect((await open('demo', { roomId: '' })).body).toStrictEqual({
      success: false,
      error: 'Body param "roomId" is required [error-room-param-not-provided]',
      errorType: 'error-room-param-not-provided',
    })
    expect((await open('demo', {})).body).toStrictEqual({ success: false, errorType: 'invalid-params', error: "must have required property 'roomId'" })
    expect((await open('demo', { roomId: 'x', y: 1 })).body).toStrictEqual({
      success: false,
      errorType: 'invalid-params',
      error: 'must NOT have additional properties',
    })
    expect((await open('demo', { roomId: ['a'] })).body).toStrictEqual({ success: false, errorType: 'invalid-params', error: 'must be string' })
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.open', { body: { roomId: t.dmId('demo', 'alice') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
