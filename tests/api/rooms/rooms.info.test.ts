import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { json, LOGGED_OUT, setup } from '../../helpers.js'

const t = setup()

describe('GET /api/v1/rooms.info', () => {
  it('returns GENERAL by roomId, as stored', async () => {
    const res = await t.api('rooms.info', { as: 'demo', query: { roomId: 'GENERAL' } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['room', 'success'])
    expect(res.body.room).toStrictEqual(json(t.room('GENERAL')))
    expect(res.body.room).toMatchObject({ _id: 'GENERAL', t: 'c', name: 'general', usersCount: 12, default: true })
    expect(res.body.room.msgs).toBe(t.mock.db.messages.all().filter((m) => m.rid === 'GENERAL' && !m._hidden).length)
  })

  it('finds a room by roomName', async () => {
    const res = await t.api('rooms.info', { as: 'demo', query: { roomName: 'demo-channel' } })
    expect(res.status).toBe(200)
    expect(res.body.room).toMatchObject({
      _id: t.room('demo-channel')._id,
      name: 'demo-channel',
      t: 'c',
      u: { _id: t.user('demo')._id, username: 'demo' },
      topic: "Demo's own channel: demo may pin here",
      usersCount: 3,
    })
  })

  it('lets anyone read a public channel they have not joined', async () => {
    const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !t.mock.core.subscription(r._id, t.user('demo')._id))!
    const res = await t.api('rooms.info', { as: 'demo', query: { roomId: channel._id } })
    expect(res.status).toBe(200)
    expect(res.body.room._id).toBe(channel._id)
  })

  it('returns a DM to its members, by id', async () => {
    const res = await t.api('rooms.info', { as: 'alice', query: { roomId: t.dmId('demo', 'alice') } })
    expect(res.status).toBe(200)
    expect(res.body.room).toMatchObject({ _id: t.dmId('demo', 'alice'), t: 'd', usernames: ['alice', 'demo'] })
  })

  it('returns the private group to its members', async () => {
    const res = await t.api('rooms.info', { as: 'alice', query: { roomName: 'leadership' } })
    expect(res.status).toBe(200)
    expect(res.body.room).toMatchObject({ t: 'p', name: 'leadership', topic: 'Private: admin and alice only', usersCount: 2 })
  })

  it("adds the parent of a discussion, which inherits the parent room's access", async () => {
    const discussions = t.mock.db.rooms.all().filter((r) => r.prid !== undefined)
    const inGeneral = discussions.find((r) => r.prid === 'GENERAL')!
    const inLeadership = discussions.find((r) => r.prid === t.room('leadership')._id)!
    expect(inGeneral).toBeDefined()
    expect(inLeadership).toBeDefined()
    const res = await t.api('rooms.info', { as: 'demo', query: { roomId: inGeneral._id } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['room', 'parent', 'success'])
    expect(res.body.room).toMatchObject({ _id: inGeneral._id, prid: 'GENERAL', t: 'c' })
    expect(res.body.parent).toStrictEqual({ _id: 'GENERAL', name: 'general', fname: 'general', t: 'c' })
    const asAlice = await t.api('rooms.info', { as: 'alice', query: { roomId: inLeadership._id } })
    expect(asAlice.body.parent).toStrictEqual({ _id: t.room('leadership')._id, name: 'leadership', fname: 'leadership', t: 'p' })
    const asDemo = await t.api('rooms.info', { as: 'demo', query: { roomId: inLeadership._id } })
    expect(asDemo.body).toStrictEqual(errors.roomInfoNotAllowed().body)
  })

  it.each([
    ['the private group', () => ({ roomName: 'leadership' })],
    ['the private group by id', () => ({ roomId: t.room('leadership')._id })],
    ["alice and bob's DM", () => ({ roomId: t.dmId('alice', 'bob') })],
  ])("refuses demo %s with the server's quirky envelope", async (_name, query) => {
    const res = await t.api('rooms.info', { as: 'demo', query: query() })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, error: 'not-allowed', errorType: 'Not Allowed' })
    expect(res.body).toStrictEqual(errors.roomInfoNotAllowed().body)
  })

  it('answers error-room-not-found for an unknown room', async () => {
    for (const query of [{ roomId: 'nope' }, { roomName: 'nope' }]) {
      const res = await t.api('rooms.info', { as: 'demo', query })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'The required "roomId" or "roomName" param provided does not match any channel [error-room-not-found]',
        errorType: 'error-room-not-found',
      })
    }
  })

  it('requires roomId or roomName', async () => {
    for (const query of [{}, { roomId: '' }, { roomName: '' }]) {
      const res = await t.api('rooms.info', { as: 'demo', query })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'The parameter "roomId" or "roomName" is required [error-roomid-param-not-provided]',
        errorType: 'error-roomid-param-not-provided',
      })
      expect(res.body).toStrictEqual(errors.roomInfoParamMissing().body)
    }
  })

  it('ignores `fields` by default', async () => {
    const res = await t.api('rooms.info', { as: 'demo', query: { roomId: 'GENERAL', fields: '{"name":1}' } })
    expect(res.status).toBe(200)
    expect(res.body.room).toStrictEqual(json(t.room('GENERAL')))
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: 'x', authToken: 'y' }]) {
      const res = await t.api('rooms.info', { ...(as ? { as } : {}), query: { roomId: 'GENERAL' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
