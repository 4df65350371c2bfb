import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, setup } from '../../helpers.js'

const t = setup()

describe('GET /api/v1/me', () => {
  it("returns the caller's own profile, without password hashes or tokens", async () => {
    const demo = t.user('demo')
    const res = await t.api('me', { as: 'demo' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({
      _id: demo._id,
      username: 'demo',
      name: 'Demo User',
      emails: [{ address: 'demo@example.com', verified: true }],
      status: 'online',
      statusConnection: 'online',
      utcOffset: 0,
      active: true,
      roles: ['user'],
      _updatedAt: demo._updatedAt.toISOString(),
      email: 'demo@example.com',
      avatarUrl: `${t.origin}/avatar/demo`,
      settings: { profile: {}, preferences: {} },
      isOAuthUser: false,
      services: { password: { exists: true } },
      success: true,
    })
    expect(JSON.stringify(res.body)).not.toMatch(/sha256|loginTokens|hashedToken/)
  })

  it('reports the admin roles of admin', async () => {
    const res = await t.api('me', { as: 'admin' })
    expect(res.body.username).toBe('admin')
    expect(res.body.roles).toStrictEqual(['admin', 'user'])
    expect(res.body.name).toBe('Administrator')
  })

  it('answers 401 with the exact 4-key body without credentials', async () => {
    const res = await t.api('me')
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(LOGGED_OUT)
    expect(Object.keys(res.body)).toStrictEqual(['success', 'error', 'status', 'message'])
  })

  it('answers 401 with only one of the two headers', async () => {
    const { userId, authToken } = t.login('demo')
    for (const headers of [{ 'X-User-Id': userId }, { 'X-Auth-Token': authToken }] as Array<Record<string, string>>) {
      const res = await t.api('me', { headers })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })

  it("answers 401 with a wrong token, an unknown user, or another user's token", async () => {
    const demo = t.login('demo')
    const alice = t.login('alice')
    for (const as of [
      { userId: demo.userId, authToken: 'x'.repeat(43) },
      { userId: 'unknownUserId1234', authToken: demo.authToken },
      { userId: alice.userId, authToken: demo.authToken },
    ]) {
      const res = await t.api('me', { as })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })

  it('accepts lower-case header names', async () => {
    const { userId, authToken } = t.login('bob')
    const res = await t.api('me', { headers: { 'x-user-id': userId, 'x-auth-token': authToken } })
    expect(res.status).toBe(200)
    expect(res.body.username).toBe('bob')
  })

  it('answers 401 for a deactivated user', async () => {
    const credentials = t.login('bob')
    t.mock.db.users.patch(t.user('bob'), (u) => (u.active = false))
    const res = await t.api('me', { as: credentials })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(LOGGED_OUT)
  })
})
