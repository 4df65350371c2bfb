import { describe, expect, it } from 'vitest'
import { type ApiOptions, json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const history = (as: string, query: ApiOptions['query']) => t.api('groups.history', { as, query })
const NOT_FOUND = {
  success: false,
  error: 'The required "roomId" or "roomName" param provided does not match any group [error-room-not-found]',
  errorType: 'error-room-not-found',
}

describe('GET /api/v1/groups.history', () => {
  it("returns the leadership group's messages to alice, newest first", async () => {
    const leadership = t.room('leadership')
    const res = await history('alice', { roomId: leadership._id })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'success'])
    const userMessages = res.body.messages.filter((m: { t?: string }) => m.t === undefined).map((m: { msg: string }) => m.msg)
    expect(userMessages).toStrictEqual(['Noted. I will draft the roadmap.', 'Quarterly planning notes go here.'])
    expect(res.body.messages).toStrictEqual(t.historyIds(leadership._id).map((id) => json(t.message(id))))
    expect(res.body.messages.at(-1).u).toStrictEqual({ _id: t.user('admin')._id, username: 'admin', name: 'Administrator' })
  })

  it('finds the group by roomName, for admin too', async () => {
    const res = await history('admin', { roomName: 'leadership', count: 1 })
    expect(res.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual(t.historyIds(t.room('leadership')._id).slice(0, 1))
  })

  it('shows a new message to members', async () => {
    t.mock.clock.set(NOW)
    const sent = await t.send('admin', { rid: t.room('leadership')._id, msg: 'Board meeting moved.' })
    const res = await history('alice', { roomName: 'leadership', count: 1 })
    expect(res.body.messages).toStrictEqual([sent])
  })

  it('refuses demo and bob (not members) as if the group did not exist', async () => {
    for (const as of ['demo', 'bob']) {
      for (const query of [{ roomId: t.room('leadership')._id }, { roomName: 'leadership' }]) {
        const res = await history(as, query)
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual(NOT_FOUND)
      }
    }
  })

  it('does not serve public channels or DMs', async () => {
    for (const query of [{ roomId: 'GENERAL' }, { roomName: 'general' }, { roomId: t.dmId('demo', 'alice') }, { roomId: 'nope' }]) {
      const res = await history('alice', query)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(NOT_FOUND)
    }
  })

  it('requires roomId or roomName', async () => {
    const res = await history('alice', {})
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The parameter "roomId" or "roomName" is required [error-room-param-not-provided]',
      errorType: 'error-room-param-not-provided',
    })
  })

  it('validates the query', async () => {
    const res = await history('alice', { roomName: 'leadership', username: 'x' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error: 'must NOT have additional properties' })
    const sort = await history('alice', { roomName: 'leadership', sort: '[1]' })
    expect(sort.body.errorType).toBe('error-invalid-sort')
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('alice').userId, authToken: t.login('demo').authToken }]) {
      const res = await t.api('groups.history', { ...(as ? { as } : {}), query: { roomName: 'leadership' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
