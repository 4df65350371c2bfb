import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const counters = (as: string, query: Record<string, string>) => t.api('dm.counters', { as, query })

describe('GET /api/v1/dm.counters', () => {
  it('a new DM: exact counters before and after a message', async () => {
    t.mock.clock.set(NOW)
    const rid = (await t.api('dm.create', { as: 'demo', body: { username: 'bob' } })).body.room.rid
    const empty = await counters('demo', { roomId: rid })
    expect(empty.status).toBe(200)
    expect(empty.body).toStrictEqual({ joined: true, members: 2, unreads: 0, unreadsFrom: null, msgs: 0, latest: NOW, userMentions: 0, success: true })
    expect(Object.keys(empty.body)).toStrictEqual(['joined', 'members', 'unreads', 'unreadsFrom', 'msgs', 'latest', 'userMentions', 'success'])

    t.mock.clock.set('2026-03-01T10:01:00.000Z')
    await t.send('bob', { rid, msg: 'hello demo' })
    const after = await counters('demo', { roomId: rid })
    expect(after.body).toStrictEqual({
      joined: true,
      members: 2,
      unreads: 1,
      unreadsFrom: null,
      msgs: 1,
      latest: '2026-03-01T10:01:00.000Z',
      userMentions: t.mock.core.subscription(rid, t.user('demo')._id)!.userMentions,
      success: true,
    })
  })

  it("the seeded demo–alice DM: demo's unread count, last-seen time and the room's last message", async () => {
    const rid = t.dmId('demo', 'alice')
    const room = t.room(rid)
    const sub = t.mock.core.subscription(rid, t.user('demo')._id)!
    expect(sub.ls).toBeInstanceOf(Date)
    const res = await counters('demo', { roomId: rid })
    expect(res.body).toStrictEqual({
      joined: true,
      members: 2,
      unreads: sub.unread,
      unreadsFrom: sub.ls!.toISOString(),
      msgs: room.msgs,
      latest: room.lm!.toISOString(),
      userMentions: sub.userMentions,
      success: true,
    })
    expect(res.body.unreads).toBeGreaterThan(0)
    expect(res.body.msgs).toBeGreaterThan(30)
  })

  it('members counts active users only', async () => {
    const rid = t.dmId('demo', 'alice')
    t.mock.db.users.patch(t.user('alice'), (u) => (u.active = false))
    expect((await counters('demo', { roomId: rid })).body.members).toBe(1)
  })

  it("an admin may ask for another user's counters with userId", async () => {
    const rid = t.dmId('demo', 'alice')
    const sub = t.mock.core.subscription(rid, t.user('alice')._id)!
    const res = await counters('admin', { roomId: rid, userId: t.user('alice')._id })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ joined: true, members: 2, unreads: sub.unread, msgs: t.room(rid).msgs })
    // ...but not for a user outside the DM, nor an unknown one, nor its own (not a member).
    expect((await counters('admin', { roomId: rid, userId: t.user('bob')._id })).body).toStrictEqual({ success: false, error: 'unauthorized' })
    expect((await counters('admin', { roomId: rid, userId: 'nobody' })).status).toBe(403)
    expect((await counters('admin', { roomId: rid })).status).toBe(403)
  })

  it('userId without view-room-administration is 403, even for oneself', async () => {
    const rid = t.dmId('demo', 'alice')
    const res = await counters('demo', { roomId: rid, userId: t.user('demo')._id })
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
  })

  it("403 for someone else's DM, an unknown room or a user id; nothing is created", async () => {
    const rooms = t.mock.db.rooms.count()
    for (const roomId of [t.dmId('alice', 'bob'), 'no-such-room', t.user('bob')._id]) {
      const res = await counters('demo', { roomId })
      expect(res.status, roomId).toBe(403)
      expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    }
    expect(t.mock.db.rooms.count()).toBe(rooms)
  })

  it('[invalid-channel] for a channel', async () => {
    expect((await counters('demo', { roomId: 'GENERAL' })).body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
  })

  describe('validation (query schema)', () => {
    it('roomId missing, empty, an unknown key', async () => {
      expect((await counters('demo', {})).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: "must have required property 'roomId'",
      })
      expect((await counters('demo', { roomId: '' })).body).toStrictEqual({
        success: false,
        error: 'Query param "roomId" is required [error-room-param-not-provided]',
        errorType: 'error-room-param-not-provided',
      })
      expect((await counters('demo', { roomId: t.dmId('demo', 'alice'), count: '1' })).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: 'must NOT have additional properties',
      })
    })

    it('a repeated roomId is not a string', async () => {
      const res = await t.api('dm.counters', { as: 'demo', query: { roomId: ['a', 'b'] } })
      expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error: 'must be string' })
    })
  })

  it('401 without credentials, before validation', async () => {
    expect(await t.api('dm.counters', { query: { roomId: t.dmId('demo', 'alice') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
    expect(await t.api('dm.counters')).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
