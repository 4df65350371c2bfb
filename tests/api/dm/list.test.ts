import { describe, expect, it } from 'vitest'
import { setStar } from '../../../src/domain/actions.js'
import { serializeRoom } from '../../../src/serialize/room.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const ids = (body: { ims: Array<{ _id: string }> }) => body.ims.map((r) => r._id)

describe('GET /api/v1/dm.list', () => {
  it("lists the caller's DMs as stored, with lastMessage", async () => {
    const res = await t.api('dm.list', { as: 'demo' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['ims', 'offset', 'count', 'total', 'success'])
    expect(ids(res.body)).toStrictEqual([t.dmId('demo', 'alice'), t.dmId('admin', 'demo')])
    expect(res.body).toMatchObject({ offset: 0, count: 2, total: 2 })
    const dm = t.room(t.dmId('demo', 'alice'))
    expect(res.body.ims[0]).toStrictEqual(json(dm))
    expect(res.body.ims[0]).toMatchObject({ t: 'd', usernames: ['alice', 'demo'], usersCount: 2, lm: dm.lastMessage.ts.toISOString() })
    // The last message of the demo–alice DM is alice's shared recording.
    expect(res.body.ims[0].lastMessage).toMatchObject({ rid: dm._id, u: { username: 'alice' }, file: { name: 'standup-recording.mp3' } })

    expect(ids((await t.api('dm.list', { as: 'bob' })).body)).toStrictEqual([t.dmId('alice', 'bob')])
  })

  it('normalises lastMessage for the caller: starred keeps only their own star', async () => {
    const rid = t.dmId('demo', 'alice')
    const last = t.mock.db.messages.get(t.room(rid).lastMessage._id)!
    setStar(t.mock.core, last, t.user('alice'), true)
    const forDemo = (await t.api('dm.list', { as: 'demo' })).body.ims[0]
    expect(forDemo.lastMessage.starred).toStrictEqual([])
    const forAlice = (await t.api('dm.list', { as: 'alice' })).body.ims.find((r: { _id: string }) => r._id === rid)
    expect(forAlice.lastMessage.starred).toStrictEqual([{ _id: t.user('alice')._id }])
    expect(forDemo).toStrictEqual(json(serializeRoom(t.mock.core, t.room(rid), t.user('demo'))))
  })

  it('includes a DM made with dm.create, and keeps a closed one', async () => {
    t.mock.clock.set(NOW)
    const rid = (await t.api('dm.create', { as: 'demo', body: { username: 'bob' } })).body.room.rid
    await t.api('dm.close', { as: 'demo', body: { roomId: t.dmId('demo', 'alice') } })
    const res = await t.api('dm.list', { as: 'demo' })
    expect(ids(res.body)).toStrictEqual([t.dmId('demo', 'alice'), t.dmId('admin', 'demo'), rid])
    expect(res.body.ims[2]).toStrictEqual({
      _id: rid,
      t: 'd',
      ts: NOW,
      _updatedAt: NOW,
      msgs: 0,
      usersCount: 2,
      uids: [t.user('demo')._id, t.user('bob')._id].sort(),
      usernames: ['bob', 'demo'],
      default: false,
      ro: false,
      sysMes: true,
    })
    // bob's subscription is closed, but the DM is his too.
    expect(ids((await t.api('dm.list', { as: 'bob' })).body)).toContain(rid)
  })

  it('paginates and sorts', async () => {
    const page = await t.api('dm.list', { as: 'demo', query: { count: 1, offset: 1 } })
    expect(ids(page.body)).toStrictEqual([t.dmId('admin', 'demo')])
    expect(page.body).toMatchObject({ offset: 1, count: 1, total: 2 })
    const byMsgs = await t.api('dm.list', { as: 'demo', query: { sort: '{"msgs":1}' } })
    expect(ids(byMsgs.body)).toStrictEqual([t.dmId('admin', 'demo'), t.dmId('demo', 'alice')])
    // No query schema: unreadable counts fall back to the default.
    expect((await t.api('dm.list', { as: 'demo', query: { count: 'lots', foo: 'bar' } })).body.count).toBe(2)
  })

  it('an invalid sort', async () => {
    const res = await t.api('dm.list', { as: 'demo', query: { sort: '{"msgs":"up"}' } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Invalid sort parameter provided: "{"msgs":"up"}" [error-invalid-sort]',
      errorType: 'error-invalid-sort',
      details: { helperMethod: 'parseJsonQuery' },
    })
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.list')).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
