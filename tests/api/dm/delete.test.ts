import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'
const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads', 'trash', 'readReceipts'] as const).map((k) => t.mock.db[k].all()))
const del = (as: string, body: unknown) => t.api('dm.delete', { as, body })

describe('POST /api/v1/dm.delete', () => {
  it('an admin erases its DM: room, messages, subscriptions; rooms.get and subscriptions.get report the removal', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('admin', 'demo')
    const messageIds = t.mock.db.messages.sorted('room', rid).map((m) => m._id)
    const subs = t.mock.db.subscriptions.sorted('room', rid).map((s) => ({ _id: s._id, user: s.u.username }))
    expect(messageIds.length).toBeGreaterThan(0)
    expect(subs).toHaveLength(2)

    const res = await del('admin', { roomId: rid })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })

    expect(t.mock.db.rooms.get(rid)).toBeUndefined()
    expect(t.mock.db.messages.sorted('room', rid)).toHaveLength(0)
    expect(t.mock.db.subscriptions.sorted('room', rid)).toHaveLength(0)
    expect(t.mock.db.trash.get(rid)).toMatchObject({ _id: rid, __collection__: 'rooms', _deletedAt: new Date(NOW), t: 'd' })
    // Each trashed message gets its own stamp (the room's trash is paged by them), from NOW on.
    const stamps = messageIds.map((id) => t.mock.db.trash.get(id)!._deletedAt.getTime() - Date.parse(NOW))
    for (const id of messageIds) expect(t.mock.db.trash.get(id)).toMatchObject({ __collection__: 'message', rid })
    expect(stamps.sort((a, b) => a - b)).toStrictEqual(messageIds.map((_, i) => i))

    for (const who of ['demo', 'admin']) {
      const rooms = await t.api('rooms.get', { as: who, query: { updatedSince: BEFORE } })
      expect(rooms.body.remove).toStrictEqual([{ _id: rid, _deletedAt: NOW }])
      expect(rooms.body.update.map((r: { _id: string }) => r._id)).not.toContain(rid)
      const mine = subs.find((s) => s.user === who)!
      const subscriptions = await t.api('subscriptions.get', { as: who, query: { updatedSince: BEFORE } })
      expect(subscriptions.body.remove).toStrictEqual([{ _id: mine._id, _deletedAt: NOW }])
      expect(subscriptions.body.update).toStrictEqual([])
    }
    expect((await t.api('dm.list', { as: 'demo' })).body.ims.map((r: { _id: string }) => r._id)).toStrictEqual([t.dmId('demo', 'alice')])
  })

  it('an admin may erase a DM it is not in, uploads included, and by username', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'alice')
    expect(t.mock.db.uploads.sorted('room', rid)).toHaveLength(5)
    const uploads = t.mock.db.uploads.count()
    expect((await del('admin', { roomId: rid })).body).toStrictEqual({ success: true })
    expect(t.mock.db.uploads.sorted('room', rid)).toHaveLength(0)
    expect(t.mock.db.uploads.count()).toBe(uploads - 5)
    expect((await t.api('dm.files', { as: 'demo', query: { roomId: rid } })).body).toStrictEqual({
      success: false,
      error: '[invalid-channel]',
      errorType: 'invalid-channel',
    })

    const adminDemo = t.dmId('admin', 'demo')
    expect((await del('admin', { username: 'demo' })).body).toStrictEqual({ success: true })
    expect(t.mock.db.rooms.get(adminDemo)).toBeUndefined()
  })

  it('a DM deleted, created again with the same id, and deleted again', async () => {
    t.mock.clock.set(NOW)
    const rid = t.dmId('admin', 'demo')
    await del('admin', { roomId: rid })
    t.mock.clock.set('2026-03-01T10:05:00.000Z')
    expect((await t.api('dm.create', { as: 'admin', body: { username: 'demo' } })).body.room.rid).toBe(rid)
    const again = await del('admin', { roomId: rid })
    expect(again.body).toStrictEqual({ success: true })
    const rooms = await t.api('rooms.get', { as: 'demo', query: { updatedSince: BEFORE } })
    // Created and erased in the same frozen millisecond: the erase is stamped 1 ms later.
    expect(rooms.body.remove).toStrictEqual([{ _id: rid, _deletedAt: '2026-03-01T10:05:00.001Z' }])
  })

  it('a member without delete-d: exact refusal, nothing erased', async () => {
    const rid = t.dmId('demo', 'alice')
    t.login('demo')
    const before = state()
    const res = await del('demo', { roomId: rid })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Not allowed [error-not-allowed]',
      errorType: 'error-not-allowed',
      details: { method: 'eraseRoom' },
    })
    expect(state()).toBe(before)
  })

  it("a non-member without view-room-administration: 'Not allowed' without details", async () => {
    const rid = t.dmId('alice', 'bob')
    t.login('demo')
    const before = state()
    const res = await del('demo', { roomId: rid })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, error: 'Not allowed [error-not-allowed]', errorType: 'error-not-allowed' })
    expect(state()).toBe(before)
  })

  it('a workspace granting delete-d to users lets members erase their DMs', async () => {
    t.mock.setPermission('delete-d', ['admin', 'user'])
    const rid = t.dmId('demo', 'alice')
    expect((await del('demo', { roomId: rid })).body).toStrictEqual({ success: true })
    expect(t.mock.db.rooms.get(rid)).toBeUndefined()
  })

  it('[invalid-channel] for unknown rooms and users and for channels, nothing erased', async () => {
    t.login('admin')
    const before = state()
    for (const body of [{ roomId: 'nope' }, { username: 'nobody' }, { roomId: 'GENERAL' }]) {
      const res = await del('admin', body)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
    }
    expect(state()).toBe(before)
  })

  describe('validation', () => {
    const cases: Array<[string, unknown, string]> = [
      ['neither field', {}, "must have required property 'roomId'\nmust have required property 'username'\nmust match exactly one schema in oneOf"],
      [
        'both fields',
        { roomId: 'a', username: 'b' },
        'must NOT have additional properties\nmust NOT have additional properties\nmust match exactly one schema in oneOf',
      ],
      [
        'an unknown key',
        { roomId: 'a', force: true },
        "must NOT have additional properties\nmust have required property 'username'\nmust match exactly one schema in oneOf",
      ],
    ]
    for (const [name, body, error] of cases) {
      it(`400 invalid-params for ${name}`, async () => {
        t.login('admin')
        const before = state()
        const res = await del('admin', body)
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'invalid-params', error })
        expect(state()).toBe(before)
      })
    }

    it('an empty roomId', async () => {
      expect((await del('admin', { roomId: '' })).body).toStrictEqual({
        success: false,
        error: 'Query param "roomId" or "username" is required [error-room-param-not-provided]',
        errorType: 'error-room-param-not-provided',
      })
    })
  })

  it('401 without credentials', async () => {
    const before = state()
    expect(await t.api('dm.delete', { body: { roomId: t.dmId('admin', 'demo') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
    expect(state()).toBe(before)
  })
})
