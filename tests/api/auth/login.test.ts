import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { NOW, setup } from '../../helpers.js'

const t = setup()
const UNAUTHORIZED = { success: false, error: 'Unauthorized', status: 'error', message: 'Unauthorized' }

describe('POST /api/v1/login', () => {
  it('logs alice in with {user, password} and returns a working token and `me`', async () => {
    t.mock.clock.set(NOW)
    const alice = t.user('alice')
    const res = await t.api('login', { body: { user: 'alice', password: 'alice' } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['status', 'data', 'success'])
    expect(res.body.status).toBe('success')
    expect(res.body.success).toBe(true)
    expect(res.body.data.userId).toBe(alice._id)
    expect(res.body.data.authToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(res.body.data.me).toStrictEqual({
      _id: alice._id,
      username: 'alice',
      name: 'Alice Carter',
      emails: [{ address: 'alice@example.com', verified: true }],
      status: 'away',
      statusConnection: 'away',
      utcOffset: 0,
      active: true,
      roles: ['user'],
      _updatedAt: NOW,
      email: 'alice@example.com',
      avatarUrl: 'http://localhost:3000/avatar/alice',
      settings: { profile: {}, preferences: {} },
      isOAuthUser: false,
      services: { password: { exists: true } },
    })

    // The token authenticates the next call, and was stored (hashed, never in the clear).
    const me = await t.api('me', { as: { userId: res.body.data.userId, authToken: res.body.data.authToken } })
    expect(me.status).toBe(200)
    expect(me.body.username).toBe('alice')
    const stored = t.user('alice').services.resume.loginTokens
    expect(stored.at(-1)!.when.toISOString()).toBe(NOW)
    expect(JSON.stringify(stored)).not.toContain(res.body.data.authToken)
    expect(t.user('alice').lastLogin?.toISOString()).toBe(NOW)
  })

  it('accepts {username, password}, {email, password}, an email in `user` and the { user: { username } } wrapper', async () => {
    const bob = t.user('bob')
    for (const body of [
      { username: 'bob', password: 'bob' },
      { email: 'bob@example.com', password: 'bob' },
      { user: 'bob@example.com', password: 'bob' },
      { user: { username: 'bob' }, password: 'bob' },
      { user: { email: 'bob@example.com' }, password: 'bob' },
    ]) {
      const res = await t.api('login', { body })
      expect(res.status, JSON.stringify(body)).toBe(200)
      expect(res.body.data.userId).toBe(bob._id)
    }
  })

  it('issues a new token per login; earlier tokens keep working', async () => {
    const first = await t.api('login', { body: { user: 'demo', password: 'demo' } })
    const second = await t.api('login', { body: { user: 'demo', password: 'demo' } })
    expect(first.body.data.authToken).not.toBe(second.body.data.authToken)
    for (const { body } of [first, second]) {
      const me = await t.api('me', { as: { userId: body.data.userId, authToken: body.data.authToken } })
      expect(me.status).toBe(200)
    }
  })

  it('logs in again with {resume: token}', async () => {
    const first = await t.api('login', { body: { user: 'demo', password: 'demo' } })
    const resumed = await t.api('login', { body: { resume: first.body.data.authToken } })
    expect(resumed.status).toBe(200)
    expect(resumed.body.data.userId).toBe(t.user('demo')._id)
    expect(resumed.body.data.authToken).not.toBe(first.body.data.authToken)
  })

  it('accepts a form-urlencoded body', async () => {
    const res = await t.api('login', {
      method: 'POST',
      body: 'user=alice&password=alice',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(200)
    expect(res.body.data.userId).toBe(t.user('alice')._id)
  })

  it.each([
    ['a wrong password', { user: 'alice', password: 'bob' }],
    ['an unknown user', { user: 'nobody', password: 'nobody' }],
    ['an unknown email', { email: 'nobody@example.com', password: 'x' }],
    ['no password', { user: 'alice' }],
    ['an empty body', {}],
    ['a password of the wrong type', { user: 'alice', password: 123 }],
    ['a bad resume token', { resume: 'not-a-token' }],
    ['an empty resume token', { resume: '' }],
  ])('refuses %s with 401 Unauthorized', async (_name, body) => {
    const res = await t.api('login', { body })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(UNAUTHORIZED)
    expect(res.body).toStrictEqual(errors.loginFailed().body)
  })

  it('refuses a deactivated user', async () => {
    const alice = t.user('alice')
    t.mock.db.users.patch(alice, (u) => (u.active = false))
    const res = await t.api('login', { body: { user: 'alice', password: 'alice' } })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(UNAUTHORIZED)
  })

  it('never answers 5xx to malformed bodies', async () => {
    const cases: Array<{ body: string; type?: string }> = [
      { body: '{"user": "alice", "password": ', type: 'application/json' },
      { body: '[1,2,3]', type: 'application/json' },
      { body: 'null', type: 'application/json' },
      { body: '"alice"', type: 'application/json' },
      { body: '{"user":"alice","password":"alice"}', type: 'text/plain' },
      { body: '{"user":"alice","password":"alice"}' },
      { body: '--x\r\n', type: 'multipart/form-data; boundary=x' },
    ]
    for (const { body, type } of cases) {
      const res = await t.api('login', { method: 'POST', body, headers: type ? { 'content-type': type } : {} })
      expect(res.status, `${type}: ${body}`).toBe(401)
      expect(res.body).toStrictEqual(UNAUTHORIZED)
    }
  })

  it('does not need auth headers, and ignores bad ones', async () => {
    const res = await t.api('login', { body: { user: 'alice', password: 'alice' }, as: { userId: 'x', authToken: 'y' } })
    expect(res.status).toBe(200)
  })
})
