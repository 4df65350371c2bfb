import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, setup } from '../../helpers.js'

const t = setup()
const LOGGED_OUT_BODY = { status: 'success', data: { message: "You've been logged out!" } }

describe.each(['POST', 'GET'] as const)('%s /api/v1/logout', (method) => {
  it('revokes the token used, answering the documented body (no `success` key)', async () => {
    const credentials = t.login('demo')
    const res = await t.api('logout', { method, as: credentials })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual(LOGGED_OUT_BODY)

    const me = await t.api('me', { as: credentials })
    expect(me.status).toBe(401)
    expect(me.body).toStrictEqual(LOGGED_OUT)
    // A second logout with the dead token is refused.
    const again = await t.api('logout', { method, as: credentials })
    expect(again.status).toBe(401)
    expect(again.body).toStrictEqual(LOGGED_OUT)
  })

  it("leaves the user's other tokens (other sessions) working", async () => {
    const session1 = t.mock.login('demo')
    const session2 = t.mock.login('demo')
    expect((await t.api('logout', { method, as: session1 })).status).toBe(200)
    expect((await t.api('me', { as: session1 })).status).toBe(401)
    const me = await t.api('me', { as: session2 })
    expect(me.status).toBe(200)
    expect(me.body.username).toBe('demo')
    expect(t.user('demo').services.resume.loginTokens).toHaveLength(1)
  })

  it('works for a token obtained through POST /login', async () => {
    const login = await t.api('login', { body: { user: 'bob', password: 'bob' } })
    const credentials = { userId: login.body.data.userId, authToken: login.body.data.authToken }
    expect((await t.api('logout', { method, as: credentials })).body).toStrictEqual(LOGGED_OUT_BODY)
    expect((await t.api('me', { as: credentials })).status).toBe(401)
  })

  it('answers 401 without credentials', async () => {
    const res = await t.api('logout', { method })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(LOGGED_OUT)
  })

  it('answers 401 with a wrong token or a token of another user', async () => {
    const demo = t.login('demo')
    const alice = t.login('alice')
    for (const as of [
      { userId: demo.userId, authToken: 'wrong' },
      { userId: demo.userId, authToken: alice.authToken },
      { userId: 'nobody', authToken: demo.authToken },
    ]) {
      const res = await t.api('logout', { method, as })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
    // Nothing was revoked.
    expect((await t.api('me', { as: 'demo' })).status).toBe(200)
    expect((await t.api('me', { as: 'alice' })).status).toBe(200)
  })

  it('ignores a body or query it does not use', async () => {
    const res = await t.api('logout', { method, as: 'demo', query: { x: '1' }, ...(method === 'POST' ? { body: { foo: 'bar' } } : {}) })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual(LOGGED_OUT_BODY)
  })
})
