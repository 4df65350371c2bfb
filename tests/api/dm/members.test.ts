import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const members = (as: string, query: Record<string, string | string[]>) => t.api('dm.members', { as, query })
const names = (body: { members: Array<{ username: string }> }) => body.members.map((m) => m.username)

describe('GET /api/v1/dm.members', () => {
  it('lists the members with their subscription, most recently updated first', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'alice')
    const [demo, alice] = [t.user('demo'), t.user('alice')]
    const res = await members('demo', { roomId: rid })
    expect(res.status).toBe(200)
    const demoSub = t.mock.core.subscription(rid, demo._id)!
    const aliceSub = t.mock.core.subscription(rid, alice._id)!
    // demo just logged in (its _updatedAt is NOW), alice did not: demo comes first.
    expect(res.body).toStrictEqual({
      members: [
        {
          _id: demo._id,
          username: 'demo',
          name: 'Demo User',
          status: 'online',
          utcOffset: 0,
          subscription: { _id: demoSub._id, ts: demoSub.ts.toISOString() },
        },
        {
          _id: alice._id,
          username: 'alice',
          name: 'Alice Carter',
          status: 'away',
          utcOffset: 0,
          subscription: { _id: aliceSub._id, ts: aliceSub.ts.toISOString() },
        },
      ],
      count: 2,
      offset: 0,
      total: 2,
      success: true,
    })
  })

  it('ties on _updatedAt are ordered by username, in the direction sort.username asks', async () => {
    t.mock.clock.set(NOW)
    t.login('alice')
    t.login('demo')
    const rid = t.dmId('demo', 'alice')
    expect(names((await members('demo', { roomId: rid })).body)).toStrictEqual(['alice', 'demo'])
    expect(names((await members('demo', { roomId: rid, sort: '{"username":-1}' })).body)).toStrictEqual(['demo', 'alice'])
    // Other sort keys are validated but not used.
    expect(names((await members('demo', { roomId: rid, sort: '{"name":-1}' })).body)).toStrictEqual(['alice', 'demo'])
  })

  it('filters by status (one value or several) and by text in the search fields', async () => {
    const rid = t.dmId('demo', 'alice')
    expect(names((await members('demo', { roomId: rid, 'status[]': ['away'] })).body)).toStrictEqual(['alice'])
    expect(names((await members('demo', { roomId: rid, status: 'online' })).body)).toStrictEqual(['demo'])
    const none = await members('demo', { roomId: rid, status: ['busy', 'offline'] })
    expect(none.body).toStrictEqual({ members: [], count: 0, offset: 0, total: 0, success: true })

    expect(names((await members('demo', { roomId: rid, filter: 'CARTER' })).body)).toStrictEqual(['alice'])
    expect(names((await members('demo', { roomId: rid, filter: 'dem' })).body)).toStrictEqual(['demo'])
    // The filter is text, not a pattern.
    expect((await members('demo', { roomId: rid, filter: '.*' })).body.total).toBe(0)
  })

  it('paginates with count and offset', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'alice')
    const page = await members('demo', { roomId: rid, count: '1', offset: '1' })
    expect(page.body).toMatchObject({ count: 1, offset: 1, total: 2 })
    expect(names(page.body)).toStrictEqual(['alice'])
  })

  it('leaves out deactivated users', async () => {
    t.mock.db.users.patch(t.user('alice'), (u) => (u.active = false))
    const res = await members('demo', { roomId: t.dmId('demo', 'alice') })
    expect(names(res.body)).toStrictEqual(['demo'])
    expect(res.body.total).toBe(1)
  })

  it('by username: the DM with that user (case-insensitive, with or without @)', async () => {
    const rid = t.dmId('demo', 'alice')
    const byRoom = await members('demo', { roomId: rid })
    expect((await members('demo', { username: 'alice' })).body).toStrictEqual(byRoom.body)
    expect((await members('demo', { username: '@Alice' })).body).toStrictEqual(byRoom.body)
  })

  it('a group DM lists all its members', async () => {
    const rid = (await t.api('dm.create', { as: 'demo', body: { usernames: 'alice,bob' } })).body.room.rid
    const res = await members('bob', { roomId: rid })
    expect(names(res.body).sort()).toStrictEqual(['alice', 'bob', 'demo'])
    expect(res.body.total).toBe(3)
  })

  it("403 for someone else's DM", async () => {
    const res = await members('demo', { roomId: t.dmId('alice', 'bob') })
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    // Admins read DMs through dm.messages.others, not here.
    expect((await members('admin', { roomId: t.dmId('alice', 'bob') })).status).toBe(403)
  })

  it('[invalid-channel] for unknown names and non-DM rooms; nothing is created', async () => {
    const rooms = t.mock.db.rooms.count()
    for (const query of [{ username: 'nobody' }, { roomId: 'no-such-room' }, { roomId: 'GENERAL' }, { roomId: '@nobody' }] as Array<Record<string, string>>) {
      const res = await members('demo', query)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
    }
    expect(t.mock.db.rooms.count()).toBe(rooms)
  })

  describe('validation', () => {
    it('roomId xor username', async () => {
      expect((await members('demo', {})).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: "must have required property 'roomId'\nmust have required property 'username'\nmust match exactly one schema in oneOf",
      })
      expect((await members('demo', { roomId: t.dmId('demo', 'alice'), username: 'alice' })).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: 'must match exactly one schema in oneOf',
      })
    })

    it('unknown keys, bad counts and bad sorts', async () => {
      const roomId = t.dmId('demo', 'alice')
      expect((await members('demo', { roomId, foo: 'bar' })).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: 'must NOT have additional properties',
      })
      expect((await members('demo', { roomId, count: 'ten' })).body).toMatchObject({ success: false, errorType: 'error-invalid-params' })
      expect((await members('demo', { roomId, sort: '{"username":2}' })).body).toStrictEqual({
        success: false,
        error: 'Invalid sort parameter provided: "{"username":2}" [error-invalid-sort]',
        errorType: 'error-invalid-sort',
        details: { helperMethod: 'parseJsonQuery' },
      })
    })
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.members', { query: { roomId: t.dmId('demo', 'alice') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
