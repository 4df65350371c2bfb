import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'
const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads', 'trash'] as const).map((k) => t.mock.db[k].all()))
const block = (as: string, body: unknown, path = 'im.blockUser') => t.api(path, { as, body })
const sub = (rid: string, username: string) => t.mock.core.subscription(rid, t.user(username)._id)!
const send = (as: string, rid: string, msg: string) => t.api('chat.sendMessage', { as, body: { message: { rid, msg } } })

describe('POST /api/v1/im.blockUser', () => {
  it('blocks the other member of a 1:1 DM: flags on both subscriptions, sending refused both ways', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'alice')
    const res = await block('demo', { roomId: rid, block: true })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    expect(sub(rid, 'alice')).toMatchObject({ blocked: true, _updatedAt: new Date(NOW) })
    expect(sub(rid, 'alice')).not.toHaveProperty('blocker')
    expect(sub(rid, 'demo')).toMatchObject({ blocker: true, _updatedAt: new Date(NOW) })
    expect(sub(rid, 'demo')).not.toHaveProperty('blocked')

    const demoSubs = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: BEFORE } })
    expect(demoSubs.body.update).toHaveLength(1)
    expect(demoSubs.body.update[0]).toMatchObject({ rid, blocker: true })
    const aliceSubs = await t.api('subscriptions.get', { as: 'alice', query: { updatedSince: BEFORE } })
    expect(aliceSubs.body.update[0]).toMatchObject({ rid, blocked: true })

    const before = state()
    for (const who of ['demo', 'alice']) {
      const refused = await send(who, rid, 'can you hear me?')
      expect(refused.status).toBe(400)
      expect(refused.body).toStrictEqual({ success: false, error: 'room_is_blocked' })
    }
    expect(state()).toBe(before)
  })

  it('block: false unblocks: the flags are removed and messages flow again', async () => {
    const rid = t.dmId('demo', 'alice')
    t.mock.clock.set(NOW)
    await block('demo', { roomId: rid, block: true })
    const res = await block('demo', { roomId: rid, block: false })
    expect(res.body).toStrictEqual({ success: true })
    expect(sub(rid, 'alice')).not.toHaveProperty('blocked')
    expect(sub(rid, 'demo')).not.toHaveProperty('blocker')
    // The second request in this frozen millisecond: stamped 1 ms after the first.
    expect(sub(rid, 'demo')._updatedAt).toStrictEqual(new Date(Date.parse(NOW) + 1))
    expect((await send('alice', rid, 'back again')).status).toBe(200)
  })

  it('accepts string booleans, user names for the room, and answers as dm.blockUser too', async () => {
    const rid = t.dmId('demo', 'alice')
    expect((await block('demo', { roomId: 'alice', block: 'true' }, 'dm.blockUser')).body).toStrictEqual({ success: true })
    expect(sub(rid, 'alice').blocked).toBe(true)
    expect((await block('demo', { roomId: t.user('alice')._id, block: 'false' })).body).toStrictEqual({ success: true })
    expect(sub(rid, 'alice').blocked).toBeUndefined()
  })

  it('unblocking a DM that was never blocked is harmless', async () => {
    const rid = t.dmId('demo', 'alice')
    expect((await block('alice', { roomId: rid, block: false })).body).toStrictEqual({ success: true })
    expect((await send('demo', rid, 'still fine')).status).toBe(200)
  })

  describe('refusals (nothing written)', () => {
    const invalidRoom = (method: string) => ({
      success: false,
      error: 'Invalid room [error-invalid-room]',
      errorType: 'error-invalid-room',
      details: { method },
    })

    it('a group DM cannot be blocked', async () => {
      const rid = (await t.api('dm.create', { as: 'demo', body: { usernames: 'alice,bob' } })).body.room.rid
      const before = state()
      const res = await block('demo', { roomId: rid, block: true })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(invalidRoom('blockUser'))
      expect(state()).toBe(before)
    })

    it('a self-DM has no one to block', async () => {
      const rid = (await t.api('dm.create', { as: 'demo', body: { username: 'demo' } })).body.room.rid
      const before = state()
      expect((await block('demo', { roomId: rid, block: true })).body).toStrictEqual(invalidRoom('im.blockUser'))
      expect((await block('demo', { roomId: rid, block: false })).body).toStrictEqual(invalidRoom('im.blockUser'))
      expect(state()).toBe(before)
    })

    it('a caller outside the DM has no subscription to flag', async () => {
      t.login('admin')
      const before = state()
      expect((await block('admin', { roomId: t.dmId('alice', 'bob'), block: true })).body).toStrictEqual(invalidRoom('blockUser'))
      expect((await block('admin', { roomId: t.dmId('alice', 'bob'), block: false })).body).toStrictEqual(invalidRoom('unblockUser'))
      expect(state()).toBe(before)
    })

    it('[invalid-channel] for unknown rooms and for channels', async () => {
      for (const roomId of ['nope', 'GENERAL']) {
        expect((await block('demo', { roomId, block: true })).body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
      }
    })

    it('validation errors', async () => {
      const rid = t.dmId('demo', 'alice')
      const invalid = (error: string) => ({ success: false, errorType: 'invalid-params', error })
      expect((await block('demo', {})).body).toStrictEqual(invalid("must have required property 'roomId'"))
      expect((await block('demo', { roomId: rid })).body).toStrictEqual(invalid("must have required property 'block'"))
      expect((await block('demo', { roomId: '', block: true })).body).toStrictEqual(invalid('must NOT have fewer than 1 characters'))
      expect((await block('demo', { roomId: rid, block: 'yes' })).body).toStrictEqual(invalid('must be boolean'))
      expect((await block('demo', { roomId: rid, block: true, userId: 'x' })).body).toStrictEqual(invalid('must NOT have additional properties'))
      expect(sub(rid, 'alice').blocked).toBeUndefined()
    })
  })

  it('401 without credentials', async () => {
    expect(await t.api('im.blockUser', { body: { roomId: t.dmId('demo', 'alice'), block: true } })).toMatchObject({ status: 401, body: LOGGED_OUT })
    expect(await t.api('dm.blockUser', { body: {} })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
