import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidQuery, meteor } from './fixtures.js'

const t = setup()
const ignoreUser = (as: string, query: Record<string, string>) => t.api('chat.ignoreUser', { as, query })

describe('GET /api/v1/chat.ignoreUser', () => {
  it("adds and removes the user in the caller's subscription `ignored`, visible in subscriptions.get", async () => {
    t.mock.clock.set(NOW)
    const alice = t.user('alice')
    const bob = t.user('bob')
    const rid = t.dmId('demo', 'alice')
    const res = await ignoreUser('demo', { rid, userId: alice._id, ignore: 'true' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const subs = (await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: '2026-03-01T09:59:59.000Z' } })).body.update
    expect(subs).toHaveLength(1)
    expect(subs[0]).toMatchObject({ rid, ignored: [alice._id], _updatedAt: NOW })

    await ignoreUser('demo', { rid: 'GENERAL', userId: alice._id, ignore: '1' })
    await ignoreUser('demo', { rid: 'GENERAL', userId: bob._id, ignore: 'yes, true' })
    await ignoreUser('demo', { rid: 'GENERAL', userId: bob._id, ignore: 'true' })
    expect(t.mock.core.subscription('GENERAL', t.user('demo')._id)!.ignored).toStrictEqual([alice._id, bob._id])
    await ignoreUser('demo', { rid: 'GENERAL', userId: alice._id, ignore: 'false' })
    expect(t.mock.core.subscription('GENERAL', t.user('demo')._id)!.ignored).toStrictEqual([bob._id])
  })

  it('parses `ignore` as the server does: true iff it contains "true" or "1"', async () => {
    const alice = t.user('alice')
    const demo = t.user('demo')
    const rid = t.dmId('demo', 'alice')
    for (const [value, expected] of [
      ['false', []],
      ['0', []],
      ['True', []],
      ['yes', []],
      ['10', [alice._id]],
      ['untrue', [alice._id]],
    ] as const) {
      await ignoreUser('demo', { rid, userId: alice._id, ignore: 'false' })
      await ignoreUser('demo', { rid, userId: alice._id, ignore: value })
      expect(t.mock.core.subscription(rid, demo._id)!.ignored, value).toStrictEqual(expected)
    }
  })

  it('refuses when the caller or the target is not in the room, and blank ids, writing nothing', async () => {
    const bob = t.user('bob')
    const alice = t.user('alice')
    const INVALID = meteor('error-invalid-subscription', 'Invalid subscription', { method: 'ignoreUser' })
    // bob is not in the demo–alice DM; demo is not in leadership.
    expect((await expectNoWrite(t, ['demo'], () => ignoreUser('demo', { rid: t.dmId('demo', 'alice'), userId: bob._id, ignore: 'true' }))).body).toStrictEqual(
      INVALID,
    )
    expect(
      (await expectNoWrite(t, ['demo'], () => ignoreUser('demo', { rid: t.room('leadership')._id, userId: alice._id, ignore: 'true' }))).body,
    ).toStrictEqual(INVALID)
    expect((await expectNoWrite(t, ['demo'], () => ignoreUser('demo', { rid: 'GENERAL', userId: 'nobody', ignore: 'true' }))).body).toStrictEqual(INVALID)
    expect((await ignoreUser('demo', { rid: ' ', userId: alice._id, ignore: 'true' })).body).toStrictEqual(
      meteor('error-room-id-param-not-provided', 'The required "rid" param is missing.'),
    )
    expect((await ignoreUser('demo', { rid: 'GENERAL', userId: '  ', ignore: 'true' })).body).toStrictEqual(
      meteor('error-user-id-param-not-provided', 'The required "userId" param is missing.'),
    )
  })

  it('validates the query: rid and userId are required, ignore defaults to true', async () => {
    const alice = t.user('alice')
    expect((await ignoreUser('demo', { rid: 'GENERAL', userId: alice._id })).body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription('GENERAL', t.user('demo')._id)!.ignored).toStrictEqual([alice._id])
    expect((await ignoreUser('demo', { userId: alice._id, ignore: 'true' })).body).toStrictEqual(invalidQuery("must have required property 'rid'"))
    expect((await ignoreUser('demo', { rid: 'GENERAL', userId: '', ignore: 'true' })).body).toStrictEqual(invalidQuery('must NOT have fewer than 1 characters'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.ignoreUser', { query: { rid: 'GENERAL', userId: 'x', ignore: 'true' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
