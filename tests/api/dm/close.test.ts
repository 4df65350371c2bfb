import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'
const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads', 'trash'] as const).map((k) => t.mock.db[k].all()))
const close = (as: string, body: unknown) => t.api('dm.close', { as, body })

describe('POST /api/v1/dm.close', () => {
  it('hides the DM for the caller only: open and alert off, visible in subscriptions.get', async () => {
    const rid = t.dmId('demo', 'alice')
    const demoSub = t.mock.core.subscription(rid, t.user('demo')._id)!
    expect(demoSub).toMatchObject({ open: true, alert: true })
    const aliceBefore = JSON.stringify(t.mock.core.subscription(rid, t.user('alice')._id))
    t.mock.clock.set(NOW)

    const res = await close('demo', { roomId: rid })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })

    const changed = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: BEFORE } })
    expect(changed.body.update).toHaveLength(1)
    expect(changed.body.update[0]).toMatchObject({ _id: demoSub._id, rid, open: false, alert: false, _updatedAt: NOW })
    // The unread counter is kept; only the sidebar state changes.
    expect(changed.body.update[0].unread).toBe(demoSub.unread)
    expect(JSON.stringify(t.mock.core.subscription(rid, t.user('alice')._id))).toBe(aliceBefore)

    // A closed DM is still one of the caller's DMs.
    const list = await t.api('dm.list', { as: 'demo' })
    expect(list.body.ims.map((r: { _id: string }) => r._id)).toContain(rid)
  })

  it('refuses to close twice', async () => {
    const rid = t.dmId('demo', 'alice')
    await close('demo', { roomId: rid })
    const before = state()
    const res = await close('demo', { roomId: rid })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, error: 'The direct message room, is already closed to the sender' })
    expect(res.body).toStrictEqual(errors.directAlreadyClosed().body)
    expect(state()).toBe(before)
  })

  it("refuses the recipient's never-opened subscription of a new DM as already closed", async () => {
    const created = await t.api('dm.create', { as: 'demo', body: { username: 'bob' } })
    const res = await close('bob', { roomId: created.body.room.rid })
    expect(res.body).toStrictEqual({ success: false, error: 'The direct message room, is already closed to the sender' })
  })

  it('closes a subscription whose room no longer exists', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'alice')
    t.mock.db.rooms.remove(t.room(rid))
    const res = await close('demo', { roomId: rid })
    expect(res.body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription(rid, t.user('demo')._id)).toMatchObject({ open: false, alert: false })
  })

  it('not subscribed: an unknown room, or a user id (no DM is created)', async () => {
    await t.login('demo')
    const before = state()
    for (const roomId of ['no-such-room', t.user('bob')._id, 'bob']) {
      const res = await close('demo', { roomId })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'The user is not subscribed to the room' })
    }
    expect(state()).toBe(before)
  })

  it('403 for a DM the caller is not in', async () => {
    await t.login('demo')
    const before = state()
    const res = await close('demo', { roomId: t.dmId('alice', 'bob') })
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    // Admins are no exception: closing is about one's own subscription.
    expect((await close('admin', { roomId: t.dmId('alice', 'bob') })).status).toBe(403)
    expect(state()).toBe(before)
  })

  it('[invalid-channel] for a room that is not a DM', async () => {
    const res = await close('demo', { roomId: 'GENERAL' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
    expect(t.mock.core.subscription('GENERAL', t.user('demo')._id)!.open).toBe(true)
  })

  describe('validation', () => {
    it('an empty roomId', async () => {
      const res = await close('demo', { roomId: '' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Body param "roomId" is required [error-room-param-not-provided]',
        errorType: 'error-room-param-not-provided',
      })
    })

    it('a missing roomId, an extra key, a wrong type', async () => {
      expect((await close('demo', {})).body).toStrictEqual({ success: false, errorType: 'invalid-params', error: "must have required property 'roomId'" })
      expect((await close('demo', { roomId: t.dmId('demo', 'alice'), open: false })).body).toStrictEqual({
        success: false,
        errorType: 'invalid-params',
        error: 'must NOT have additional properties',
      })
      expect((await close('demo', { roomId: { $ne: '' } })).body).toStrictEqual({ success: false, errorType: 'invalid-params', error: 'must be string' })
      expect(t.mock.core.subscription(t.dmId('demo', 'alice'), t.user('demo')._id)!.open).toBe(true)
    })
  })

  it('401 without credentials (before validation)', async () => {
    expect(await t.api('dm.close', { body: { roomId: t.dmId('demo', 'alice') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
    expect(await t.api('dm.close', { body: {} })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
