/**
 * Login tokens: unguessable (not from the seeded stream), and dead after
 * `Accounts_LoginExpiration` days on the mock's clock; seeded data stays deterministic.
 */
import { describe, expect, it } from 'vitest'
import { createRocketChatMock } from '../../src/mock.js'
import { NOW, setup } from '../helpers.js'

const t = setup({ now: NOW })

async function loginOverHttp(mock: ReturnType<typeof createRocketChatMock>, user: string, password: string) {
  const res = await mock.fetch(
    new Request('http://localhost:3000/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    }),
  )
  return (await res!.json()) as { status: string; data: { userId: string; authToken: string } }
}

describe('login tokens', () => {
  it('two mocks with the same seed give different tokens, and the same data', async () => {
    const a = createRocketChatMock({ seed: 42, now: NOW })
    const b = createRocketChatMock({ seed: 42, now: NOW })
    expect(JSON.stringify(a.snapshot())).toBe(JSON.stringify(b.snapshot()))
    const first = a.login('alice').authToken
    const predicted = b.login('alice').authToken
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(predicted).not.toBe(first)
    // bob cannot log in as alice with a token a second seeded mock produced.
    const me = await a.fetch(
      new Request('http://localhost:3000/api/v1/me', { headers: { 'X-User-Id': a.core.findUser('alice')!._id, 'X-Auth-Token': predicted } }),
    )
    expect(me!.status).toBe(401)
  })

  it('logging in does not shift seeded ids (tokens do not consume the id stream)', async () => {
    const a = createRocketChatMock({ seed: 42, now: NOW })
    const b = createRocketChatMock({ seed: 42, now: NOW })
    for (let i = 0; i < 5; i++) a.login('demo')
    const post = async (mock: typeof a) => {
      const login = mock.login('demo')
      const res = await mock.fetch(
        new Request('http://localhost:3000/api/v1/chat.postMessage', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-User-Id': login.userId, 'X-Auth-Token': login.authToken },
          body: JSON.stringify({ roomId: 'GENERAL', text: 'same id?' }),
        }),
      )
      return ((await res!.json()) as { message: { _id: string } }).message._id
    }
    expect(await post(a)).toBe(await post(b))
  })

  it('a token expires after Accounts_LoginExpiration days on the mock clock', async () => {
    const login = await loginOverHttp(t.mock, 'alice', 'alice')
    expect(login.status).toBe('success')
    const as = { userId: login.data.userId, authToken: login.data.authToken }
    expect((await t.api('me', { as })).status).toBe(200)
    t.mock.clock.advance(89 * 86_400_000)
    expect((await t.api('me', { as })).status).toBe(200)
    t.mock.clock.advance(1 * 86_400_000 + 1)
    const dead = await t.api('me', { as })
    expect(dead.status).toBe(401)
    expect(dead.body).toStrictEqual({
      success: false,
      error: 'You must be logged in to do this.',
      status: 'error',
      message: 'You must be logged in to do this.',
    })
    // A resume login with the dead token is refused too.
    const resume = await t.api('login', { body: { resume: as.authToken } })
    expect(resume.status).toBe(401)
  })

  it('follows the setting', async () => {
    t.mock.setSetting('Accounts_LoginExpiration', 1)
    const as = t.mock.login('bob')
    t.mock.clock.advance(86_400_000)
    expect((await t.api('me', { as })).status).toBe(200)
    t.mock.clock.advance(1)
    expect((await t.api('me', { as })).status).toBe(401)
  })
})
