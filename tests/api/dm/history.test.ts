import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { type ApiOptions, json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const ids = (body: { messages: Array<{ _id: string }> }) => body.messages.map((m) => m._id)

describe('GET /api/v1/dm.history', () => {
  const endpoint = 'dm.history'
  const history = (as: string, query: ApiOptions['query']) => t.api(endpoint, { as, query })

  it('returns the demo–alice DM newest first, without thread-only replies, as stored', async () => {
    const dm = t.dmId('demo', 'alice')
    const res = await history('demo', { roomId: dm })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'success'])
    const expected = t.historyIds(dm)
    expect(expected.length).toBeGreaterThan(20)
    expect(expected.length).toBeLessThanOrEqual(50)
    expect(ids(res.body)).toStrictEqual(expected)
    expect(res.body.messages[0]).toStrictEqual(json(t.message(expected[0]!)))
    expect(res.body.messages[0]._id).toBe(t.room(dm).lastMessage._id)
    // The fixed opening of the conversation is the oldest page's end.
    expect(res.body.messages.at(-1).msg).toBe(DEFAULT_TEXTS.dmHello)
    expect(res.body.messages.at(-2).msg).toBe('Sure, send me the link.')
    const msgs = res.body.messages.map((m: { msg: string }) => m.msg)
    expect(msgs).not.toContain('Ask away!')
    for (const m of res.body.messages) expect(m.rid).toBe(dm)
  })

  it('includes thread replies with showThreadMessages=true', async () => {
    const dm = t.dmId('demo', 'alice')
    const res = await history('alice', { roomId: dm, showThreadMessages: 'true' })
    expect(ids(res.body)).toStrictEqual(t.historyIds(dm, { showThreadMessages: true }).slice(0, 50))
    expect(res.body.messages.map((m: { msg: string }) => m.msg)).toEqual(
      expect.arrayContaining(['Ask away!', 'Looking now. One question about the cursor handling.']),
    )
    const explicitFalse = await history('alice', { roomId: dm, showThreadMessages: 'false' })
    expect(ids(explicitFalse.body)).toStrictEqual(t.historyIds(dm))
  })

  it('finds the DM by the other user id, username or @username', async () => {
    const dm = t.dmId('demo', 'alice')
    const expected = t.historyIds(dm).slice(0, 3)
    for (const roomId of [t.user('alice')._id, 'alice', '@alice']) {
      const res = await history('demo', { roomId, count: 3 })
      expect(res.status, roomId).toBe(200)
      expect(ids(res.body)).toStrictEqual(expected)
    }
  })

  it('creates a missing DM on the fly when addressed by user (empty history)', async () => {
    const dm = t.dmId('demo', 'bob')
    const res = await history('demo', { roomId: 'bob' })
    expect(res.body).toStrictEqual({ messages: [], success: true })
    expect(t.mock.db.rooms.get(dm)).toMatchObject({ t: 'd', msgs: 0 })
  })

  it('shows a message posted at the current instant', async () => {
    t.mock.clock.set(NOW)
    const dm = t.dmId('demo', 'alice')
    const sent = await t.send('alice', { rid: dm, msg: 'just now' })
    const res = await history('demo', { roomId: dm, count: 1 })
    expect(res.body.messages).toStrictEqual([sent])
  })

  it('pages with count and offset', async () => {
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm)
    const res = await history('demo', { roomId: dm, count: 5, offset: 2 })
    expect(ids(res.body)).toStrictEqual(all.slice(2, 7))
    const beyond = await history('demo', { roomId: dm, offset: 1000 })
    expect(beyond.body.messages).toStrictEqual([])
  })

  it('bounds by latest/oldest, exclusive unless inclusive=true', async () => {
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm)
    const latest = t.message(all[3]!)!.ts.toISOString()
    const oldest = t.message(all[8]!)!.ts.toISOString()
    const exclusive = await history('demo', { roomId: dm, latest, oldest })
    expect(ids(exclusive.body)).toStrictEqual(all.slice(4, 8))
    const inclusive = await history('demo', { roomId: dm, latest, oldest, inclusive: 'true' })
    expect(ids(inclusive.body)).toStrictEqual(all.slice(3, 9))
    const onlyLatest = await history('demo', { roomId: dm, latest, count: 2 })
    expect(ids(onlyLatest.body)).toStrictEqual(all.slice(4, 6))
  })

  it('matches nothing for an unparsable latest (as a Mongo query with an invalid date)', async () => {
    const res = await history('demo', { roomId: t.dmId('demo', 'alice'), latest: 'garbage' })
    expect(res.body).toStrictEqual({ messages: [], success: true })
  })

  it('reports firstUnread and unreadNotLoaded with unreads=true', async () => {
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm)
    const sub = t.mock.core.subscription(dm, t.user('demo')._id)!
    // demo last saw the DM just after the 6th newest message.
    t.mock.db.subscriptions.patch(sub, (s) => (s.ls = new Date(t.message(all[5]!)!.ts.getTime() + 1)))
    const res = await history('demo', { roomId: dm, count: 2, unreads: 'true' })
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'unreadNotLoaded', 'firstUnread', 'success'])
    expect(ids(res.body)).toStrictEqual(all.slice(0, 2))
    expect(res.body.firstUnread._id).toBe(all[4])
    expect(res.body.unreadNotLoaded).toBe(3)

    t.mock.db.subscriptions.patch(sub, (s) => delete s.ls)
    const never = await history('demo', { roomId: dm, count: 2, unreads: 'true' })
    expect(never.body.unreadNotLoaded).toBe(0)
    expect(never.body).not.toHaveProperty('firstUnread')
  })

  it('validates sort but ignores it', async () => {
    const dm = t.dmId('demo', 'alice')
    const res = await history('demo', { roomId: dm, sort: '{"ts":1}', count: 3 })
    expect(ids(res.body)).toStrictEqual(t.historyIds(dm).slice(0, 3))
    const bad = await history('demo', { roomId: dm, sort: 'x' })
    expect(bad.status).toBe(400)
    expect(bad.body).toStrictEqual({
      success: false,
      error: 'Invalid sort parameter provided: "x" [error-invalid-sort]',
      errorType: 'error-invalid-sort',
      details: { helperMethod: 'parseJsonQuery' },
    })
    expect(bad.body).toStrictEqual(errors.invalidSort('x').body)
    const badValue = await history('demo', { roomId: dm, sort: '{"ts":2}' })
    expect(badValue.body).toStrictEqual(errors.invalidSort('{"ts":2}').body)
  })

  it("refuses demo reading alice and bob's DM with 403 unauthorized", async () => {
    for (const as of ['demo', 'admin']) {
      const res = await history(as, { roomId: t.dmId('alice', 'bob') })
      expect(res.status).toBe(403)
      expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    }
  })

  it('answers [invalid-channel] for a room that is not a DM, or nothing at all', async () => {
    for (const roomId of ['GENERAL', t.room('leadership')._id, 'doesNotExist']) {
      const res = await history('demo', { roomId })
      expect(res.status, roomId).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
    }
  })

  it.each([
    [{}, "must have required property 'roomId'"],
    [{ roomId: '' }, 'must NOT have fewer than 1 characters'],
    [{ username: 'alice' }, "must have required property 'roomId'"],
    [{ roomId: 'alice', username: 'alice' }, 'must NOT have additional properties'],
    [{ roomId: 'alice', count: 'ten' }, 'must be number'],
    [{ roomId: 'alice', inclusive: 'maybe' }, 'must be boolean'],
    [{ roomId: 'alice', showThreadMessages: 'yes' }, 'must be boolean'],
  ])('validates the query %j: %s', async (query, error) => {
    const res = await history('demo', query)
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
  })

  it('answers 401 without or with wrong credentials, before validating', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api(endpoint, as ? { as } : {})
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})

describe('dm.history pagination on a large DM', () => {
  it('defaults to 50, caps at 100, and count=0 returns everything', async () => {
    t.use({ scenario: 'large', messages: 250 })
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm)
    expect(all.length).toBeGreaterThan(200)
    const page = async (query: ApiOptions['query']) => ids((await t.api('dm.history', { as: 'demo', query: { roomId: dm, ...query } })).body)
    expect(await page({})).toStrictEqual(all.slice(0, 50))
    expect(await page({ count: 150 })).toStrictEqual(all.slice(0, 100))
    expect(await page({ count: 0 })).toStrictEqual(all)
    expect(await page({ count: 10, offset: 100 })).toStrictEqual(all.slice(100, 110))
  })

  it('count=0 falls back to 50 when API_Allow_Infinite_Count is off', async () => {
    t.use({ scenario: 'large', messages: 250, settings: { API_Allow_Infinite_Count: false } })
    const dm = t.dmId('demo', 'alice')
    const res = await t.api('dm.history', { as: 'demo', query: { roomId: dm, count: 0 } })
    expect(res.body.messages).toHaveLength(50)
  })
})

describe('GET /api/v1/im.history', () => {
  it('answers exactly what dm.history answers, errors included', async () => {
    const dm = t.dmId('demo', 'alice')
    const cases: Array<{ as?: string; query: ApiOptions['query'] }> = [
      { as: 'alice', query: { roomId: dm, count: 7, offset: 3, showThreadMessages: 'true' } },
      { as: 'demo', query: { roomId: '@alice', unreads: 'true', count: 2 } },
      { as: 'demo', query: { roomId: t.dmId('alice', 'bob') } },
      { as: 'demo', query: { roomId: 'GENERAL' } },
      { as: 'demo', query: { roomId: dm, sort: 'x' } },
      { as: 'demo', query: {} },
      { query: { roomId: dm } },
    ]
    for (const { as, query } of cases) {
      const a = await t.api('dm.history', { ...(as ? { as } : {}), query })
      const b = await t.api('im.history', { ...(as ? { as } : {}), query })
      expect({ status: b.status, body: b.body }, JSON.stringify(query)).toStrictEqual({ status: a.status, body: a.body })
    }
  })
})
