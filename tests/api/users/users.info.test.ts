import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()

describe('GET /api/v1/users.info', () => {
  it("shows another user's public fields only", async () => {
    const alice = t.user('alice')
    const res = await t.api('users.info', { as: 'demo', query: { username: 'alice' } })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({
      user: { _id: alice._id, username: 'alice', name: 'Alice Carter', status: 'away', utcOffset: 0, type: 'user', active: true, canViewAllInfo: false },
      success: true,
    })
  })

  it('finds the same user by userId', async () => {
    const byName = await t.api('users.info', { as: 'demo', query: { username: 'alice' } })
    const byId = await t.api('users.info', { as: 'demo', query: { userId: t.user('alice')._id } })
    expect(byId.body).toStrictEqual(byName.body)
  })

  it('shows the private fields to the user themself', async () => {
    t.mock.clock.set(NOW)
    const demo = t.user('demo')
    const res = await t.api('users.info', { as: 'demo', query: { userId: demo._id } })
    expect(res.body.user).toStrictEqual({
      _id: demo._id,
      username: 'demo',
      name: 'Demo User',
      status: 'online',
      utcOffset: 0,
      type: 'user',
      active: true,
      canViewAllInfo: true,
      emails: [{ address: 'demo@example.com', verified: true }],
      statusConnection: 'online',
      createdAt: '2025-12-01T09:00:00.000Z',
      lastLogin: NOW,
      roles: ['user'],
      services: { password: true },
    })
  })

  it('shows private fields (but not services) to an admin', async () => {
    const res = await t.api('users.info', { as: 'admin', query: { username: 'bob' } })
    expect(res.body.user.canViewAllInfo).toBe(true)
    expect(res.body.user.emails).toStrictEqual([{ address: 'bob@example.com', verified: true }])
    expect(res.body.user.roles).toStrictEqual(['user'])
    expect(res.body.user).not.toHaveProperty('services')
  })

  it("lists the caller's own rooms with includeUserRooms=true, sorted by type then name", async () => {
    const res = await t.api('users.info', { as: 'demo', query: { username: 'demo', includeUserRooms: 'true' } })
    const sub = (rid: string) => t.mock.core.subscription(rid, t.user('demo')._id)!
    const channel = t.room('demo-channel')._id
    const rooms: Array<{ t: string; name: string }> = res.body.user.rooms
    expect(rooms).toHaveLength(t.mock.db.subscriptions.all().filter((s) => s.u.username === 'demo').length)
    expect(rooms).toEqual(
      expect.arrayContaining([
        { _id: sub(channel)._id, rid: channel, name: 'demo-channel', t: 'c', unread: 0, roles: ['owner'] },
        { _id: sub('GENERAL')._id, rid: 'GENERAL', name: 'general', t: 'c', unread: 0 },
        { _id: sub(t.dmId('admin', 'demo'))._id, rid: t.dmId('admin', 'demo'), name: 'admin', t: 'd', unread: 1 },
        { _id: sub(t.dmId('demo', 'alice'))._id, rid: t.dmId('demo', 'alice'), name: 'alice', t: 'd', unread: sub(t.dmId('demo', 'alice')).unread },
      ]),
    )
    const order = rooms.map((r) => [r.t, r.name] as const)
    expect(order).toStrictEqual([...order].sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0] < b[0] ? -1 : 1)))
    expect(order.filter(([type]) => type === 'd')).toStrictEqual([
      ['d', 'admin'],
      ['d', 'alice'],
    ])
  })

  it("does not list another user's rooms without view-other-user-channels, but does for admin", async () => {
    const asDemo = await t.api('users.info', { as: 'demo', query: { username: 'alice', includeUserRooms: 'true' } })
    expect(asDemo.body.user).not.toHaveProperty('rooms')
    const asAdmin = await t.api('users.info', { as: 'admin', query: { username: 'alice', includeUserRooms: 'true' } })
    expect(asAdmin.body.user.rooms.map((r: { name: string }) => r.name)).toContain('leadership')
  })

  it('looks users up by email for admins only', async () => {
    const asAdmin = await t.api('users.info', { as: 'admin', query: { email: 'alice@example.com' } })
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.body.user.username).toBe('alice')
    const asDemo = await t.api('users.info', { as: 'demo', query: { email: 'alice@example.com' } })
    expect(asDemo.status).toBe(400)
    expect(asDemo.body).toStrictEqual({ success: false, error: 'User not found.' })
  })

  it('answers "User not found." for an unknown user', async () => {
    for (const query of [{ username: 'nobody' }, { userId: 'nobody' }]) {
      const res = await t.api('users.info', { as: 'demo', query })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(errors.userNotFound().body)
      expect(res.body).toStrictEqual({ success: false, error: 'User not found.' })
    }
  })

  it('requires exactly one lookup key', async () => {
    const none = await t.api('users.info', { as: 'demo' })
    expect(none.status).toBe(400)
    // One line per accepted lookup key, then the union line (the server also lists importId and
    // freeSwitchExtension, which the mock does not support).
    expect(none.body).toMatchObject({ success: false, errorType: 'error-invalid-params' })
    expect(none.body.error).toMatch(/^must have required property 'userId'\nmust have required property 'username'\n/)
    const both = await t.api('users.info', { as: 'demo', query: { username: 'alice', userId: t.user('alice')._id } })
    expect(both.status).toBe(400)
    expect(both.body.errorType).toBe('error-invalid-params')
    expect(both.body.error).toMatch(/must NOT have additional properties/)
    const unknown = await t.api('users.info', { as: 'demo', query: { username: 'alice', foo: 'x' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errorType).toBe('error-invalid-params')
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'nope' }]) {
      const res = await t.api('users.info', { ...(as ? { as } : {}), query: { username: 'alice' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
