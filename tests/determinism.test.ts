import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createRocketChatMock, type RocketChatMock } from '../src/mock.js'
import { NOW, setup } from './helpers.js'

/** Every collection's records, in storage order, as JSON (login tokens are random by design: masked). */
function dump(mock: RocketChatMock): string {
  const out: Record<string, unknown> = {}
  for (const [name, collection] of Object.entries(mock.db)) out[name] = collection.all()
  return JSON.stringify(out, maskTokens)
}

function maskTokens(key: string, value: unknown): unknown {
  return key === 'hashedToken' || key === 'authToken' ? '<token>' : value
}
const hash = (mock: RocketChatMock) => createHash('sha256').update(dump(mock)).digest('hex')

describe('determinism', () => {
  it('the same seed gives a byte-identical database', () => {
    const a = createRocketChatMock({ seed: 42 })
    const b = createRocketChatMock({ seed: 42 })
    expect(dump(a).length).toBeGreaterThan(10_000)
    expect(hash(a)).toBe(hash(b))
    expect(a.db.messages.count()).toBe(b.db.messages.count())
  })

  it('a different seed gives different data (same fixed personas and GENERAL)', () => {
    const a = createRocketChatMock({ seed: 42 })
    const b = createRocketChatMock({ seed: 43 })
    expect(hash(a)).not.toBe(hash(b))
    for (const mock of [a, b]) {
      expect(['admin', 'demo', 'alice', 'bob'].map((u) => mock.core.findUser(u)?.username)).toStrictEqual(['admin', 'demo', 'alice', 'bob'])
      expect(mock.db.rooms.get('GENERAL')?.name).toBe('general')
    }
    expect(a.core.findUser('demo')!._id).not.toBe(b.core.findUser('demo')!._id)
  })

  it('is deterministic for the other scenarios too', () => {
    expect(hash(createRocketChatMock({ seed: 7, scenario: 'empty' }))).toBe(hash(createRocketChatMock({ seed: 7, scenario: 'empty' })))
    const large = () => createRocketChatMock({ seed: 7, scenario: 'large', messages: 300 })
    expect(hash(large())).toBe(hash(large()))
  })

  it('reseed gives what a fresh mock with that seed gives, and back', () => {
    const mock = createRocketChatMock({ seed: 42 })
    const original = hash(mock)
    mock.reseed({ seed: 43 })
    expect(mock.seed).toBe(43)
    expect(hash(mock)).toBe(hash(createRocketChatMock({ seed: 43 })))
    mock.reseed({ seed: 42 })
    expect(hash(mock)).toBe(original)
  })

  it('mock.login tokens are unguessable: neither a mock with the same seed nor a reset reproduces them; the data stays identical', () => {
    const a = createRocketChatMock({ seed: 42, now: NOW })
    const b = createRocketChatMock({ seed: 42, now: NOW })
    const sequence = ['demo', 'alice', 'demo', 'bob']
    const tokensA = sequence.map((u) => a.login(u))
    const tokensB = sequence.map((u) => b.login(u))
    expect(tokensA.map((c) => c.userId)).toStrictEqual(tokensB.map((c) => c.userId))
    for (const [i, token] of tokensA.entries()) expect(token.authToken).not.toBe(tokensB[i]!.authToken)
    expect(new Set(tokensA.map((c) => c.authToken)).size).toBe(4)
    for (const { authToken } of tokensA) expect(authToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(tokensA[0]!.userId).toBe(a.core.findUser('demo')!._id)
    expect(hash(a)).toBe(hash(b))
    a.reset()
    expect(a.login('demo').authToken).not.toBe(tokensA[0]!.authToken)
  })
})

describe('determinism through the API', () => {
  const t = setup()

  async function scriptedSession(): Promise<unknown[]> {
    t.mock.clock.set(NOW)
    const out: unknown[] = []
    const login = await t.api('login', { body: { user: 'demo', password: 'demo' } })
    out.push(JSON.parse(JSON.stringify(login.body, maskTokens)))
    const as = { userId: login.body.data.userId, authToken: login.body.data.authToken }
    const posted = await t.api('chat.postMessage', { as, body: { roomId: 'GENERAL', text: 'deterministic?' } })
    out.push(posted.body)
    t.mock.clock.advance(1000)
    out.push((await t.api('chat.postMessage', { as, body: { channel: '@bob', text: 'new DM' } })).body)
    out.push((await t.api('chat.update', { as, body: { roomId: 'GENERAL', msgId: posted.body.message._id, text: 'yes' } })).body)
    out.push((await t.api('channels.history', { as, query: { roomId: 'GENERAL', count: 3 } })).body)
    out.push((await t.api('chat.delete', { as, body: { roomId: 'GENERAL', msgId: posted.body.message._id } })).body)
    out.push((await t.api('subscriptions.get', { as })).body)
    return out
  }

  it('the same requests on the same seed give identical responses and state', async () => {
    const first = await scriptedSession()
    const firstHash = hash(t.mock)
    t.use()
    const second = await scriptedSession()
    expect(second).toStrictEqual(first)
    expect(hash(t.mock)).toBe(firstHash)
  })

  it('mock.reset() after writes returns to the freshly seeded database', async () => {
    const pristine = hash(t.mock)
    await scriptedSession()
    expect(hash(t.mock)).not.toBe(pristine)
    t.mock.reset()
    expect(hash(t.mock)).toBe(pristine)
    // The same session after a reset replays identically (ids; tokens are random by design).
    const again = await scriptedSession()
    t.mock.reset()
    expect(await scriptedSession()).toStrictEqual(again)
  })

  it('reset keeps the options the mock was created with', async () => {
    const mock = t.use({ settings: { Message_AllowEditing: false } })
    await t.send('demo', { rid: 'GENERAL', msg: 'before reset' })
    mock.reset()
    const sent = await t.send('demo', { rid: 'GENERAL', msg: 'after reset' })
    const res = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: sent._id, text: 'y' } })
    expect(res.body.success).toBe(false)
    expect(res.body.errorType).toBe('error-action-not-allowed')
  })
})
