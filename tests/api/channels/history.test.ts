import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { type ApiOptions, json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const ids = (body: { messages: Array<{ _id: string }> }) => body.messages.map((m) => m._id)
const history = (as: string, query: ApiOptions['query']) => t.api('channels.history', { as, query })
const NOT_FOUND = {
  success: false,
  error: 'The required "roomId" or "roomName" param provided does not match any channel [error-room-not-found]',
  errorType: 'error-room-not-found',
}

describe('GET /api/v1/channels.history', () => {
  it('returns the 50 newest visible GENERAL messages, newest first, as stored', async () => {
    const all = t.historyIds('GENERAL')
    expect(all.length).toBeGreaterThan(50)
    const res = await history('demo', { roomId: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'success'])
    expect(ids(res.body)).toStrictEqual(all.slice(0, 50))
    expect(res.body.messages[0]).toStrictEqual(json(t.room('GENERAL').lastMessage))
    expect(res.body.messages[0].msg).toBe('Heads up: the staging deploy is green again.')
  })

  it('returns everything with count=0, including the pin system message and thread roots, not replies', async () => {
    const res = await history('demo', { roomId: 'GENERAL', count: 0 })
    expect(ids(res.body)).toStrictEqual(t.historyIds('GENERAL'))
    const texts = res.body.messages.map((m: { msg: string }) => m.msg)
    // The welcome message and its pin notice share the first timestamp.
    expect(texts.slice(-2)).toContain(DEFAULT_TEXTS.welcome)
    expect(texts).toEqual(expect.arrayContaining([DEFAULT_TEXTS.retro, DEFAULT_TEXTS.release, 'Hi all! Glad to be here.']))
    expect(texts).not.toContain('Count me in.')
    const pinned = res.body.messages.filter((m: { t?: string }) => m.t === 'message_pinned')
    expect(pinned).toHaveLength(1)
    expect(pinned[0]).toMatchObject({ msg: '', u: { username: 'admin' }, attachments: [{ text: DEFAULT_TEXTS.welcome, author_name: 'admin' }] })
  })

  it('includes the retro replies with showThreadMessages=true', async () => {
    const res = await history('demo', { roomId: 'GENERAL', count: 0, showThreadMessages: 'true' })
    expect(ids(res.body)).toStrictEqual(t.historyIds('GENERAL', { showThreadMessages: true }))
    const texts = res.body.messages.map((m: { msg: string }) => m.msg)
    expect(texts).toEqual(
      expect.arrayContaining(['Count me in.', 'Me too, I will bring the notes.', 'Booked the big room for 3pm.', 'Perfect, thanks @admin!']),
    )
  })

  it('hides the system types listed in Hide_System_Messages', async () => {
    t.use({ settings: { Hide_System_Messages: ['message_pinned'] } })
    const res = await history('demo', { roomId: 'GENERAL', count: 0 })
    expect(res.body.messages.some((m: { t?: string }) => m.t === 'message_pinned')).toBe(false)
    expect(res.body.messages).toHaveLength(t.historyIds('GENERAL').length - 1)
  })

  it('finds the channel by roomName', async () => {
    const byName = await history('bob', { roomName: 'general', count: 5 })
    const byId = await history('bob', { roomId: 'GENERAL', count: 5 })
    expect(byName.body).toStrictEqual(byId.body)
  })

  it('lets a non-member read a public channel', async () => {
    const demo = t.user('demo')
    const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !t.mock.core.subscription(r._id, demo._id))!
    const res = await history('demo', { roomId: channel._id, count: 0 })
    expect(res.status).toBe(200)
    expect(ids(res.body)).toStrictEqual(t.historyIds(channel._id))
  })

  it('pages with count/offset and respects latest/oldest', async () => {
    const all = t.historyIds('GENERAL')
    expect(ids((await history('demo', { roomId: 'GENERAL', count: 4, offset: 3 })).body)).toStrictEqual(all.slice(3, 7))
    const latest = t.message(all[10]!)!.ts.toISOString()
    const oldest = t.message(all[14]!)!.ts.toISOString()
    expect(ids((await history('demo', { roomId: 'GENERAL', latest, oldest })).body)).toStrictEqual(all.slice(11, 14))
    expect(ids((await history('demo', { roomId: 'GENERAL', latest, oldest, inclusive: 'true' })).body)).toStrictEqual(all.slice(10, 15))
  })

  it('caps count at API_Upper_Count_Limit (default 100)', async () => {
    t.use({ settings: { API_Upper_Count_Limit: 10 } })
    expect((await history('demo', { roomId: 'GENERAL', count: 20 })).body.messages).toHaveLength(10)
    expect((await history('demo', { roomId: 'GENERAL', count: 0 })).body.messages).toHaveLength(t.historyIds('GENERAL').length)
  })

  it('shows what was just posted, edited and deleted', async () => {
    t.mock.clock.set(NOW)
    const sent = await t.send('alice', { rid: 'GENERAL', msg: 'v1' })
    expect((await history('demo', { roomId: 'GENERAL', count: 1 })).body.messages).toStrictEqual([sent])
    await t.api('chat.update', { as: 'alice', body: { roomId: 'GENERAL', msgId: sent._id, text: 'v2' } })
    // The edit is the next request: stamped 1 ms after the post (the clock is frozen).
    expect((await history('demo', { roomId: 'GENERAL', count: 1 })).body.messages[0]).toMatchObject({
      _id: sent._id,
      msg: 'v2',
      editedAt: '2026-03-01T10:00:00.001Z',
    })
    await t.api('chat.delete', { as: 'alice', body: { roomId: 'GENERAL', msgId: sent._id } })
    expect((await history('demo', { roomId: 'GENERAL', count: 1 })).body.messages[0].msg).toBe('Heads up: the staging deploy is green again.')
  })

  it('does not serve private groups or DMs', async () => {
    for (const query of [{ roomId: t.room('leadership')._id }, { roomName: 'leadership' }, { roomId: t.dmId('demo', 'alice') }, { roomId: 'nope' }]) {
      for (const as of ['demo', 'alice']) {
        const res = await history(as, query)
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual(NOT_FOUND)
      }
    }
  })

  it('requires roomId or roomName', async () => {
    const res = await history('demo', {})
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The parameter "roomId" or "roomName" is required [error-room-param-not-provided]',
      errorType: 'error-room-param-not-provided',
    })
  })

  it('validates sort but ignores it', async () => {
    const sorted = await history('demo', { roomId: 'GENERAL', count: 3, sort: '{"ts":1}' })
    expect(ids(sorted.body)).toStrictEqual(t.historyIds('GENERAL').slice(0, 3))
    const res = await history('demo', { roomId: 'GENERAL', sort: 'x' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(errors.invalidSort('x').body)
    expect(res.body.error).toBe('Invalid sort parameter provided: "x" [error-invalid-sort]')
  })

  it.each([
    [{ roomId: 'GENERAL', foo: 'bar' }, 'must NOT have additional properties'],
    [{ roomId: 'GENERAL', count: 'many' }, 'must be number'],
    [{ roomId: 'GENERAL', unreads: 'perhaps' }, 'must be boolean'],
  ])('validates the query %j: %s', async (query, error) => {
    const res = await history('demo', query)
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api('channels.history', { ...(as ? { as } : {}), query: { roomId: 'GENERAL' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
