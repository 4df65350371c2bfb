import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { type ApiOptions, json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const ids = (body: { messages: Array<{ _id: string }> }) => body.messages.map((m) => m._id)

describe('GET /api/v1/dm.messages', () => {
  const endpoint = 'dm.messages'
  const list = (as: string, query: ApiOptions['query']) => t.api(endpoint, { as, query })

  it('lists every message of the DM (thread replies included), newest first, with count/offset/total', async () => {
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm, { showThreadMessages: true })
    const res = await list('demo', { roomId: dm })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'count', 'offset', 'total', 'success'])
    expect(ids(res.body)).toStrictEqual(all.slice(0, 50))
    expect(res.body).toMatchObject({ count: Math.min(50, all.length), offset: 0, total: all.length })
    expect(res.body.messages[0]).toStrictEqual(json(t.message(all[0]!)))
    const texts = res.body.messages.map((m: { msg: string }) => m.msg)
    expect(texts).toEqual(expect.arrayContaining([DEFAULT_TEXTS.dmHello, 'Ask away!']))
  })

  it('finds the DM by username, by user id and by roomId alike', async () => {
    const dm = t.dmId('demo', 'alice')
    const byRoom = await list('demo', { roomId: dm, count: 4 })
    expect((await list('demo', { username: 'alice', count: 4 })).body).toStrictEqual(byRoom.body)
    expect((await list('demo', { roomId: t.user('alice')._id, count: 4 })).body).toStrictEqual(byRoom.body)
  })

  it('pages with count and offset', async () => {
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm, { showThreadMessages: true })
    const res = await list('alice', { roomId: dm, count: 3, offset: 4 })
    expect(res.body).toMatchObject({ count: 3, offset: 4, total: all.length })
    expect(ids(res.body)).toStrictEqual(all.slice(4, 7))
  })

  it('sorts by the given sort', async () => {
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm, { showThreadMessages: true })
    const res = await list('demo', { roomId: dm, sort: '{"ts":1}', count: 0 })
    expect(ids(res.body)).toStrictEqual([...all].reverse())
    expect(res.body.messages[0].msg).toBe(DEFAULT_TEXTS.dmHello)
  })

  it('filters by mentionIds, starredIds and pinned', async () => {
    t.mock.clock.set(NOW)
    const dm = t.dmId('demo', 'alice')
    const demo = t.user('demo')
    const mention = await t.send('alice', { rid: dm, msg: 'hey @demo look' })
    const hello = t.messageByText(DEFAULT_TEXTS.dmHello)
    t.mock.db.messages.patch(hello, (m) => {
      m.starred = [{ _id: demo._id }]
      m.pinned = true
    })
    const mentioned = await list('demo', { roomId: dm, mentionIds: demo._id })
    expect(ids(mentioned.body)).toStrictEqual([mention._id])
    expect(mentioned.body).toMatchObject({ count: 1, total: 1 })
    expect(ids((await list('demo', { roomId: dm, starredIds: `x,${demo._id}` })).body)).toStrictEqual([hello._id])
    expect(ids((await list('demo', { roomId: dm, pinned: 'true' })).body)).toStrictEqual([hello._id])
    expect((await list('demo', { roomId: dm, pinned: 'false' })).body.total).toBe(t.historyIds(dm, { showThreadMessages: true }).length)
  })

  it('normalises starred for the caller', async () => {
    const dm = t.dmId('demo', 'alice')
    const hello = t.messageByText(DEFAULT_TEXTS.dmHello)
    t.mock.db.messages.patch(hello, (m) => (m.starred = [{ _id: t.user('demo')._id }, { _id: t.user('alice')._id }]))
    const res = await list('alice', { roomId: dm, starredIds: t.user('demo')._id })
    expect(res.body.messages[0].starred).toStrictEqual([{ _id: t.user('alice')._id }])
  })

  it('ignores query and fields by default', async () => {
    const dm = t.dmId('demo', 'alice')
    const plain = await list('demo', { roomId: dm, count: 5 })
    const withParams = await list('demo', { roomId: dm, count: 5, query: '{"u.username":"alice"}', fields: '{"msg":1}' })
    expect(withParams.body).toStrictEqual(plain.body)
    const garbage = await list('demo', { roomId: dm, count: 5, query: '{not json', fields: 'nope' })
    expect(garbage.body).toStrictEqual(plain.body)
  })

  it('refuses a bad sort', async () => {
    const res = await list('demo', { roomId: t.dmId('demo', 'alice'), sort: '{"ts":"desc"}' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Invalid sort parameter provided: "{"ts":"desc"}" [error-invalid-sort]',
      errorType: 'error-invalid-sort',
      details: { helperMethod: 'parseJsonQuery' },
    })
  })

  it("refuses demo reading alice and bob's DM with 403 unauthorized", async () => {
    for (const query of [{ roomId: t.dmId('alice', 'bob') }]) {
      const res = await list('demo', query)
      expect(res.status).toBe(403)
      expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    }
  })

  it('requires roomId or username', async () => {
    const res = await list('demo', {})
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Query param "roomId" or "username" is required [error-room-param-not-provided]',
      errorType: 'error-room-param-not-provided',
    })
    expect(res.body).toStrictEqual(errors.roomParamMissing().body)
  })

  it('answers [invalid-channel] for non-DM rooms and unknown names', async () => {
    for (const query of [{ roomId: 'GENERAL' }, { username: 'nobody' }, { roomId: 'nope' }]) {
      const res = await list('demo', query)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(errors.invalidChannel().body)
    }
  })

  it.each([
    [{ roomId: 'alice', foo: '1' }, 'must NOT have additional properties'],
    [{ roomId: 'alice', count: 'all' }, 'must be number'],
    [{ roomId: 'alice', offset: '1.5' }, 'must be integer'],
  ])('validates the query %j: %s', async (query, error) => {
    const res = await list('demo', query)
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api(endpoint, { ...(as ? { as } : {}), query: { username: 'alice' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})

describe('GET /api/v1/im.messages', () => {
  it('answers exactly what dm.messages answers, errors included', async () => {
    const dm = t.dmId('demo', 'alice')
    const cases: Array<{ as?: string; query: ApiOptions['query'] }> = [
      { as: 'alice', query: { roomId: dm, count: 5, offset: 2 } },
      { as: 'demo', query: { username: 'alice', sort: '{"ts":1}', count: 3 } },
      { as: 'demo', query: { roomId: dm, pinned: 'true' } },
      { as: 'demo', query: { roomId: t.dmId('alice', 'bob') } },
      { as: 'demo', query: { roomId: 'GENERAL' } },
      { as: 'demo', query: {} },
      { as: 'demo', query: { roomId: dm, count: 'x' } },
      { query: { roomId: dm } },
    ]
    for (const { as, query } of cases) {
      const a = await t.api('dm.messages', { ...(as ? { as } : {}), query })
      const b = await t.api('im.messages', { ...(as ? { as } : {}), query })
      expect({ status: b.status, body: b.body }, JSON.stringify(query)).toStrictEqual({ status: a.status, body: a.body })
    }
  })
})

describe('dm.messages with ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS', () => {
  const unsafe = () => t.use({ settings: { ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS: true } })

  it('projects with fields (only _id and the named fields)', async () => {
    unsafe()
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm, { showThreadMessages: true })
    const res = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 2, fields: '{"msg":1}' } })
    expect(res.body.messages).toStrictEqual(all.slice(0, 2).map((id) => ({ _id: id, msg: t.message(id)!.msg })))
    const excluded = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 1, fields: '{"md":0,"urls":0}' } })
    expect(excluded.body.messages[0]).not.toHaveProperty('urls')
    expect(excluded.body.messages[0]).toHaveProperty('msg')
  })

  it("filters with query under the endpoint's own filter, dropping top-level operators", async () => {
    unsafe()
    const dm = t.dmId('demo', 'alice')
    const fromAlice = t.historyIds(dm, { showThreadMessages: true }).filter((id) => t.message(id)!.u.username === 'alice')
    const res = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 0, query: '{"u.username":"alice"}' } })
    expect(ids(res.body)).toStrictEqual(fromAlice)
    expect(res.body.total).toBe(fromAlice.length)
    // The caller cannot widen the room filter, and `$where` is silently dropped.
    const widened = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 0, query: '{"rid":"GENERAL","$where":"1"}' } })
    expect(widened.body.messages.every((m: { rid: string }) => m.rid === dm)).toBe(true)
    const or = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 0, query: '{"$or":[{"u.username":"alice"}]}' } })
    expect(ids(or.body)).toStrictEqual(fromAlice)
  })

  it('keeps the endpoint filter when the query names the same field (endpoint keys win)', async () => {
    unsafe()
    const dm = t.dmId('demo', 'alice')
    const res = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 0, query: '{"rid":"GENERAL"}' } })
    expect(res.body.total).toBe(t.historyIds(dm, { showThreadMessages: true }).length)
  })

  it('refuses malformed query and fields', async () => {
    unsafe()
    const dm = t.dmId('demo', 'alice')
    const badQuery = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, query: '{oops' } })
    expect(badQuery.status).toBe(400)
    expect(badQuery.body).toStrictEqual({
      success: false,
      error: 'Invalid query parameter provided: "{oops" [error-invalid-query]',
      errorType: 'error-invalid-query',
      details: { helperMethod: 'parseJsonQuery' },
    })
    const badFields = await t.api('dm.messages', { as: 'demo', query: { roomId: dm, fields: '{"msg":"yes"}' } })
    expect(badFields.body).toStrictEqual(errors.invalidFields('{"msg":"yes"}').body)
  })
})

describe('dm.messages pagination on a large DM', () => {
  it('defaults to 50, caps at 100, count=0 returns all; total is the room size', async () => {
    t.use({ scenario: 'large', messages: 250 })
    const dm = t.dmId('demo', 'alice')
    const all = t.historyIds(dm, { showThreadMessages: true })
    expect(all).toHaveLength(250)
    const page = async (query: Record<string, number>) => (await t.api('dm.messages', { as: 'demo', query: { roomId: dm, ...query } })).body
    expect(await page({})).toMatchObject({ count: 50, offset: 0, total: 250 })
    expect(ids(await page({}))).toStrictEqual(all.slice(0, 50))
    expect(ids(await page({ count: 150 }))).toStrictEqual(all.slice(0, 100))
    expect(await page({ count: 0 })).toMatchObject({ count: 250, total: 250 })
    expect(ids(await page({ count: 20, offset: 240 }))).toStrictEqual(all.slice(240))
    expect(await page({ count: 20, offset: 240 })).toMatchObject({ count: 10, offset: 240, total: 250 })
  })

  it('honours API_Default_Count and API_Upper_Count_Limit', async () => {
    t.use({ scenario: 'large', messages: 250, settings: { API_Default_Count: 7, API_Upper_Count_Limit: 12 } })
    const dm = t.dmId('demo', 'alice')
    expect((await t.api('dm.messages', { as: 'demo', query: { roomId: dm } })).body.count).toBe(7)
    expect((await t.api('dm.messages', { as: 'demo', query: { roomId: dm, count: 50 } })).body.count).toBe(12)
  })
})
