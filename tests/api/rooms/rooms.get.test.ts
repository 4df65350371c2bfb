import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'

describe('GET /api/v1/rooms.get', () => {
  it('lists every room demo is subscribed to, and no other, as stored', async () => {
    const res = await t.api('rooms.get', { as: 'demo' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['update', 'remove', 'success'])
    expect(res.body.remove).toStrictEqual([])
    const ids: string[] = res.body.update.map((r: { _id: string }) => r._id)
    const subscribed = t.mock.db.subscriptions
      .all()
      .filter((s) => s.u.username === 'demo')
      .map((s) => s.rid)
    expect([...ids].sort()).toStrictEqual([...subscribed].sort())
    expect(ids).toEqual(expect.arrayContaining(['GENERAL', t.room('demo-channel')._id, t.dmId('demo', 'alice'), t.dmId('admin', 'demo')]))
    expect(ids).not.toContain(t.room('leadership')._id)
    expect(ids).not.toContain(t.dmId('alice', 'bob'))

    const general = res.body.update.find((r: { _id: string }) => r._id === 'GENERAL')
    const stored = t.room('GENERAL')
    expect(general).toStrictEqual(json(stored))
    expect(general).toMatchObject({
      _id: 'GENERAL',
      t: 'c',
      name: 'general',
      fname: 'general',
      u: { _id: t.user('admin')._id, username: 'admin' },
      ts: '2025-12-01T09:00:00.000Z',
      msgs: stored.msgs,
      usersCount: 12,
      topic: 'Company-wide announcements and chatter',
      ro: false,
      default: true,
    })
    expect(general.lastMessage.msg).toBe('Heads up: the staging deploy is green again.')
    expect(general.lm).toBe(general.lastMessage.ts)

    const dm = res.body.update.find((r: { _id: string }) => r._id === t.dmId('demo', 'alice'))
    expect(dm).toMatchObject({ _id: t.dmId('demo', 'alice'), t: 'd', usersCount: 2, usernames: ['alice', 'demo'] })
    expect(dm.uids).toStrictEqual([t.user('demo')._id, t.user('alice')._id].sort())
    expect(dm).not.toHaveProperty('name')
    expect(dm).not.toHaveProperty('u')
  })

  it("includes alice's private group for alice", async () => {
    const res = await t.api('rooms.get', { as: 'alice' })
    const ids = res.body.update.map((r: { _id: string }) => r._id)
    expect(ids).toContain(t.room('leadership')._id)
    expect(ids).toContain(t.dmId('alice', 'bob'))
    expect(ids).toContain(t.dmId('demo', 'alice'))
  })

  it('shows a new message as lastMessage, lm, msgs and _updatedAt of the room', async () => {
    t.mock.clock.set(NOW)
    const before = t.room('GENERAL').msgs
    const sent = await t.send('alice', { rid: 'GENERAL', msg: 'Fresh news for everyone' })
    const res = await t.api('rooms.get', { as: 'demo' })
    const general = res.body.update.find((r: { _id: string }) => r._id === 'GENERAL')
    expect(general.msgs).toBe(before + 1)
    expect(general.lm).toBe(NOW)
    expect(general._updatedAt).toBe(NOW)
    expect(general.lastMessage).toStrictEqual(sent)
    expect(general.lastMessage._id).toBe(sent._id)
    expect(general.lastMessage.u).toStrictEqual({ _id: t.user('alice')._id, username: 'alice', name: 'Alice Carter' })
  })

  it('with updatedSince, returns only the rooms changed after that instant', async () => {
    t.mock.clock.set(NOW)
    await t.send('alice', { rid: 'GENERAL', msg: 'changes GENERAL only' })
    const changed = await t.api('rooms.get', { as: 'demo', query: { updatedSince: BEFORE } })
    expect(changed.status).toBe(200)
    expect(changed.body.update.map((r: { _id: string }) => r._id)).toStrictEqual(['GENERAL'])
    expect(changed.body.remove).toStrictEqual([])

    // Strictly after: a room updated exactly at updatedSince is not included.
    const same = await t.api('rooms.get', { as: 'demo', query: { updatedSince: NOW } })
    expect(same.body).toStrictEqual({ update: [], remove: [], success: true })
  })

  it('accepts any Date-parsable updatedSince and ignores unknown query keys', async () => {
    const res = await t.api('rooms.get', { as: 'demo', query: { updatedSince: '2025-12-01', foo: 'bar' } })
    expect(res.status).toBe(200)
    expect(res.body.update).toHaveLength(t.mock.db.subscriptions.all().filter((s) => s.u.username === 'demo').length)
  })

  it("normalises lastMessage for the caller: `starred` keeps only the caller's own entry", async () => {
    const general = t.room('GENERAL')
    const last = t.message(general.lastMessage._id)!
    t.mock.db.messages.patch(last, (m) => (m.starred = [{ _id: t.user('alice')._id }, { _id: t.user('demo')._id }]))
    const asDemo = await t.api('rooms.get', { as: 'demo' })
    expect(asDemo.body.update.find((r: { _id: string }) => r._id === 'GENERAL').lastMessage.starred).toStrictEqual([{ _id: t.user('demo')._id }])
    const asBob = await t.api('rooms.get', { as: 'bob' })
    expect(asBob.body.update.find((r: { _id: string }) => r._id === 'GENERAL').lastMessage.starred).toStrictEqual([])
  })

  it('refuses an unparsable updatedSince', async () => {
    const res = await t.api('rooms.get', { as: 'demo', query: { updatedSince: 'yesterday' } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
      errorType: 'error-updatedSince-param-invalid',
    })
    expect(res.body).toStrictEqual(errors.updatedSinceInvalid().body)
  })

  it('answers 401 without or with wrong credentials (before validating the query)', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api('rooms.get', { ...(as ? { as } : {}), query: { updatedSince: 'yesterday' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
