import { describe, expect, it } from 'vitest'
import { json, LOGGED_OUT, setup } from '../../helpers.js'

const t = setup()
const ids = (body: { ims: Array<{ _id: string }> }) => body.ims.map((r) => r._id)
const PERMISSION = { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }

describe('GET /api/v1/dm.list.everyone', () => {
  it('an admin lists every DM of the workspace, member or not', async () => {
    const all = t.mock.db.rooms.all().filter((r) => r.t === 'd')
    const res = await t.api('dm.list.everyone', { as: 'admin' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['ims', 'offset', 'count', 'total', 'success'])
    expect(ids(res.body)).toStrictEqual(all.map((r) => r._id))
    expect(res.body).toMatchObject({ offset: 0, count: all.length, total: all.length })
    expect(ids(res.body)).toContain(t.dmId('alice', 'bob'))
    expect(res.body.ims.find((r: { _id: string }) => r._id === t.dmId('alice', 'bob'))).toStrictEqual(json(t.room(t.dmId('alice', 'bob'))))
  })

  it('shows a DM created a moment ago, and paginates', async () => {
    const rid = (await t.api('dm.create', { as: 'alice', body: { usernames: 'bob,demo' } })).body.room.rid
    const all = await t.api('dm.list.everyone', { as: 'admin', query: { count: 0 } })
    expect(ids(all.body).at(-1)).toBe(rid)
    const page = await t.api('dm.list.everyone', { as: 'admin', query: { count: 2, offset: 1 } })
    expect(ids(page.body)).toStrictEqual(ids(all.body).slice(1, 3))
    expect(page.body).toMatchObject({ count: 2, offset: 1, total: all.body.total })
  })

  it('query and fields apply only when the workspace allows them', async () => {
    await t.api('dm.create', { as: 'alice', body: { usernames: 'bob,demo' } })
    const query = { query: '{"usersCount":3}', fields: '{"usernames":1}' }
    const ignored = await t.api('dm.list.everyone', { as: 'admin', query })
    expect(ignored.body.total).toBe(t.mock.db.rooms.all().filter((r) => r.t === 'd').length)
    t.mock.setSetting('ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS', true)
    const applied = await t.api('dm.list.everyone', { as: 'admin', query })
    expect(applied.body.total).toBe(1)
    expect(applied.body.ims[0]).toStrictEqual({ _id: applied.body.ims[0]._id, usernames: ['alice', 'bob', 'demo'] })
  })

  it('403 for users without view-room-administration (before anything else)', async () => {
    for (const as of ['demo', 'alice', 'bob']) {
      const res = await t.api('dm.list.everyone', { as, query: { sort: 'not json' } })
      expect(res.status).toBe(403)
      expect(res.body).toStrictEqual(PERMISSION)
    }
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.list.everyone')).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
