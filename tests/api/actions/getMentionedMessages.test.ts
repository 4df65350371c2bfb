import { describe, expect, it } from 'vitest'
import { json, LOGGED_OUT, setup } from '../../helpers.js'
import { legacyInvalidQuery, meteor, plain } from './fixtures.js'

const t = setup()
const mentioned = (as: string, query: Record<string, string | number>) => t.api('chat.getMentionedMessages', { as, query })

describe('GET /api/v1/chat.getMentionedMessages', () => {
  it('lists the messages that @-mention the caller, newest first, as stored (not normalised)', async () => {
    const alice = t.user('alice')
    const seeded = t.mock.db.messages
      .sorted('room', 'GENERAL')
      .filter((m) => !m._hidden && m.mentions?.some((x) => x.username === 'alice'))
      .reverse()
    expect(seeded.map((m) => m.msg)).toContain('Morning @alice and welcome :wave:')
    const res = await mentioned('alice', { roomId: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ messages: json(seeded), count: seeded.length, offset: 0, total: seeded.length, success: true })

    const fresh = await t.send('bob', { rid: 'GENERAL', msg: '@alice can you look at this?' })
    await t.api('chat.starMessage', { as: 'bob', body: { messageId: fresh._id } })
    const after = await mentioned('alice', { roomId: 'GENERAL', count: 1 })
    expect(after.body).toMatchObject({ count: 1, offset: 0, total: seeded.length + 1 })
    // Not normalised: bob's star is visible to alice.
    expect(after.body.messages[0]).toMatchObject({ _id: fresh._id, starred: [{ _id: t.user('bob')._id }] })
    expect(after.body.messages[0].mentions).toStrictEqual([{ _id: alice._id, username: 'alice', name: 'Alice Carter', type: 'user' }])
  })

  it('ignores @all/@here and other users, honours sort', async () => {
    t.use({ scenario: 'empty' })
    t.mock.clock.set('2026-02-01T10:00:00.000Z')
    const first = await t.send('bob', { rid: 'GENERAL', msg: 'hey @demo' })
    t.mock.clock.set('2026-02-01T11:00:00.000Z')
    await t.send('bob', { rid: 'GENERAL', msg: 'hey @all and @alice' })
    t.mock.clock.set('2026-02-01T12:00:00.000Z')
    const second = await t.send('alice', { rid: 'GENERAL', msg: '@demo ping' })
    const res = await mentioned('demo', { roomId: 'GENERAL' })
    expect(res.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([second._id, first._id])
    const asc = await mentioned('demo', { roomId: 'GENERAL', sort: '{"ts":1}' })
    expect(asc.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([first._id, second._id])
    expect((await mentioned('demo', { roomId: 'GENERAL', sort: 'ts' })).body).toStrictEqual(
      meteor('error-invalid-sort', 'Invalid sort parameter provided: "ts"', { helperMethod: 'parseJsonQuery' }),
    )
  })

  it('refuses rooms the caller cannot read', async () => {
    expect((await mentioned('demo', { roomId: t.room('leadership')._id })).body).toStrictEqual(plain('error-not-allowed'))
    expect((await mentioned('demo', { roomId: 'nope' })).body).toStrictEqual(plain('error-not-allowed'))
  })

  it('validates the query', async () => {
    expect((await t.api('chat.getMentionedMessages', { as: 'demo' })).body).toStrictEqual(legacyInvalidQuery("must have required property 'roomId'"))
    expect((await mentioned('demo', { roomId: 'GENERAL', text: 'x' })).body).toStrictEqual(legacyInvalidQuery('must NOT have additional properties'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.getMentionedMessages', { query: { roomId: 'GENERAL' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
