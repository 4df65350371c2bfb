/**
 * The rule every dm.* endpoint that takes `roomId` or `username` follows (`findDirectMessageRoom`):
 * the value is first read as a user (id or username, leading `@` allowed), whose DM with the caller
 * is found — or created on the spot — and only then as a room id. Unknown → `[invalid-channel]`.
 */
import { describe, expect, it } from 'vitest'
import { NOW, setup } from '../../helpers.js'

const t = setup()
const INVALID = { success: false, error: '[invalid-channel]', errorType: 'invalid-channel' }

describe('finding the DM from roomId / username', () => {
  it('a username, a user id and @username all lead to the same existing DM, changing nothing', async () => {
    const rid = t.dmId('demo', 'alice')
    await t.api('dm.close', { as: 'demo', body: { roomId: rid } })
    const before = JSON.stringify([t.mock.db.rooms.all(), t.mock.db.subscriptions.all()])
    const expected = (await t.api('dm.members', { as: 'demo', query: { roomId: rid } })).body
    for (const query of [{ username: 'alice' }, { roomId: 'alice' }, { roomId: t.user('alice')._id }, { roomId: '@alice' }, { username: 'ALICE' }]) {
      expect((await t.api('dm.members', { as: 'demo', query })).body, JSON.stringify(query)).toStrictEqual(expected)
    }
    // A lookup does not re-open the caller's closed subscription.
    expect(JSON.stringify([t.mock.db.rooms.all(), t.mock.db.subscriptions.all()])).toBe(before)
  })

  it('a user without a DM yet: the DM is created (creator open, other closed), then served', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'bob')
    const rooms = t.mock.db.rooms.count()
    const res = await t.api('dm.files', { as: 'demo', query: { username: 'bob' } })
    expect(res.body).toStrictEqual({ files: [], count: 0, offset: 0, total: 0, success: true })
    expect(t.mock.db.rooms.count()).toBe(rooms + 1)
    expect(t.room(rid)).toMatchObject({ t: 'd', ts: new Date(NOW), usernames: ['bob', 'demo'] })
    expect(t.mock.core.subscription(rid, t.user('demo')._id)).toMatchObject({ open: true, name: 'bob' })
    expect(t.mock.core.subscription(rid, t.user('bob')._id)).toMatchObject({ open: false, name: 'demo' })
    // dm.list now has it.
    expect((await t.api('dm.list', { as: 'demo' })).body.ims.map((r: { _id: string }) => r._id)).toContain(rid)
  })

  it("one's own name or id is the self-DM", async () => {
    const res = await t.api('dm.members', { as: 'demo', query: { username: 'demo' } })
    expect(res.body.members.map((m: { username: string }) => m.username)).toStrictEqual(['demo'])
    const self = t.mock.db.rooms.all().find((r) => r.t === 'd' && r.uids?.length === 1 && r.uids[0] === t.user('demo')._id)!
    expect((await t.api('dm.counters', { as: 'demo', query: { roomId: self._id } })).body).toMatchObject({ joined: true, members: 1 })
  })

  it('anything else is [invalid-channel], and nothing is created', async () => {
    const rooms = t.mock.db.rooms.count()
    for (const [path, options] of [
      ['dm.members', { query: { username: 'nobody' } }],
      ['dm.files', { query: { roomId: 'GENERAL' } }],
      ['dm.members', { query: { roomId: t.room('leadership')._id } }],
      ['dm.delete', { body: { username: 'nobody' } }],
      ['im.blockUser', { body: { roomId: '@nobody', block: true } }],
    ] as const) {
      const res = await t.api(path, { as: 'admin', ...options })
      expect(res.status, path).toBe(400)
      expect(res.body).toStrictEqual(INVALID)
    }
    expect(t.mock.db.rooms.count()).toBe(rooms)
  })
})
