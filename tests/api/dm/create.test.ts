import { describe, expect, it } from 'vitest'
import { findDirectRoom } from '../../../src/domain/rooms.js'
import { errors } from '../../../src/errors.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'
const ID = /^[23456789A-HJ-NP-Za-km-z]{17}$/

/** Rooms, subscriptions, messages, uploads and trash as JSON: "nothing was written" means this is unchanged. */
const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads', 'trash'] as const).map((k) => t.mock.db[k].all()))
const create = (as: string, body: unknown) => t.api('dm.create', { as, body })
const sub = (rid: string, username: string) => t.mock.core.subscription(rid, t.user(username)._id)

/** Faker users (not personas), in seed order. */
const people = () => t.mock.db.users.all().filter((u) => !['admin', 'demo', 'alice', 'bob'].includes(u.username))

describe('POST /api/v1/dm.create', () => {
  it('creates a 1:1 DM whose _id is the two user ids sorted and concatenated', async () => {
    t.mock.clock.set(NOW)
    const demo = t.user('demo')
    const bob = t.user('bob')
    const rid = t.dmId('demo', 'bob')
    expect(t.mock.db.rooms.get(rid)).toBeUndefined()

    const res = await create('demo', { username: 'bob' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ room: { t: 'd', rid, usernames: ['bob', 'demo'], _id: rid }, success: true })
    expect(Object.keys(res.body.room)).toStrictEqual(['t', 'rid', 'usernames', '_id'])

    // The room as stored: no name, fname or owner on a DM.
    expect(json(t.mock.db.rooms.get(rid))).toStrictEqual({
      _id: rid,
      t: 'd',
      ts: NOW,
      _updatedAt: NOW,
      msgs: 0,
      usersCount: 2,
      uids: [demo._id, bob._id].sort(),
      usernames: ['bob', 'demo'],
      default: false,
      ro: false,
      sysMes: true,
    })
    // rooms.info shows them as well, as on a new DM of the server.
    const info = await t.api('rooms.info', { as: 'demo', query: { roomId: rid } })
    expect(info.body.room).toMatchObject({ default: false, ro: false, sysMes: true })

    // The creator's subscription is open, the recipient's starts closed.
    const mine = (await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: BEFORE } })).body.update
    expect(mine).toHaveLength(1)
    expect(mine[0]).toStrictEqual({
      _id: expect.stringMatching(ID),
      rid,
      u: { _id: demo._id, username: 'demo', name: 'Demo User' },
      t: 'd',
      name: 'bob',
      fname: 'Bob Nguyen',
      ts: NOW,
      _updatedAt: NOW,
      open: true,
      alert: false,
      unread: 0,
      userMentions: 0,
      groupMentions: 0,
    })
    const theirs = (await t.api('subscriptions.get', { as: 'bob', query: { updatedSince: BEFORE } })).body.update
    expect(theirs).toHaveLength(1)
    expect(theirs[0]).toMatchObject({ rid, name: 'demo', fname: 'Demo User', open: false, alert: false, ts: NOW })

    // And dm.list shows it.
    const list = await t.api('dm.list', { as: 'demo' })
    expect(list.body.ims.map((r: { _id: string }) => r._id)).toContain(rid)
  })

  it('is idempotent: same members, same room, nothing new written', async () => {
    t.mock.clock.set(NOW)
    const first = await create('demo', { username: 'bob' })
    const before = state()
    t.mock.clock.set('2026-03-01T10:05:00.000Z')
    const again = await create('demo', { usernames: 'bob' })
    expect(again.status).toBe(200)
    expect(again.body).toStrictEqual(first.body)
    expect(state()).toBe(before)
    // The other member "creating" it answers the same room.
    const fromBob = await create('bob', { username: 'demo' })
    expect(fromBob.body.room.rid).toBe(first.body.room.rid)
    expect(t.mock.db.rooms.count()).toBe(JSON.parse(before)[0].length)
  })

  it("re-opens the caller's hidden subscription (and only the caller's)", async () => {
    const rid = t.dmId('demo', 'alice')
    t.mock.clock.set(NOW)
    expect((await t.api('dm.close', { as: 'demo', body: { roomId: rid } })).status).toBe(200)
    expect((await t.api('dm.close', { as: 'alice', body: { roomId: rid } })).status).toBe(200)
    t.mock.clock.set('2026-03-01T10:01:00.000Z')
    const res = await create('demo', { username: 'alice' })
    expect(res.body.room).toStrictEqual({ t: 'd', rid, usernames: ['alice', 'demo'], _id: rid })
    expect(sub(rid, 'demo')).toMatchObject({ open: true, _updatedAt: new Date('2026-03-01T10:01:00.000Z') })
    expect(sub(rid, 'alice')).toMatchObject({ open: false })
  })

  it('finds usernames case-insensitively and trims the usernames list', async () => {
    const rid = t.dmId('demo', 'alice')
    expect((await create('demo', { username: 'ALICE' })).body.room.rid).toBe(rid)
    expect((await create('demo', { usernames: '  Alice ' })).body.room.rid).toBe(rid)
    // The caller's own name in the list is dropped, in any case.
    expect((await create('demo', { usernames: 'DEMO, alice' })).body.room.rid).toBe(rid)
  })

  it('creates a group DM from a usernames list: generated id, every subscription open', async () => {
    t.mock.clock.set(NOW)
    const [demo, alice, bob] = [t.user('demo'), t.user('alice'), t.user('bob')]
    const res = await create('demo', { usernames: 'alice, bob' })
    expect(res.status).toBe(200)
    const rid = res.body.room.rid
    expect(rid).toMatch(ID)
    expect(res.body).toStrictEqual({ room: { t: 'd', rid, usernames: ['alice', 'bob', 'demo'], _id: rid }, success: true })
    expect(t.mock.db.rooms.get(rid)).toMatchObject({ t: 'd', usersCount: 3, uids: [demo._id, alice._id, bob._id].sort() })
    expect(sub(rid, 'demo')).toMatchObject({ name: 'alice, bob', fname: 'Alice Carter, Bob Nguyen', open: true })
    expect(sub(rid, 'alice')).toMatchObject({ name: 'bob, demo', fname: 'Bob Nguyen, Demo User', open: true })
    expect(sub(rid, 'bob')).toMatchObject({ name: 'alice, demo', fname: 'Alice Carter, Demo User', open: true })
    // Any order of the same members is the same room.
    expect((await create('alice', { usernames: 'bob,demo' })).body.room.rid).toBe(rid)
  })

  it('accepts exactly DirectMesssage_maxUsers members including the caller', async () => {
    const names = people()
      .slice(0, 7)
      .map((u) => u.username)
    const res = await create('demo', { usernames: names.join(',') })
    expect(res.status).toBe(200)
    expect(res.body.room.usernames).toHaveLength(8)
    expect(t.mock.db.rooms.get(res.body.room.rid)).toMatchObject({ usersCount: 8 })
  })

  it('creates a self-DM with the caller alone', async () => {
    t.mock.clock.set(NOW)
    const res = await create('demo', { username: 'demo' })
    expect(res.status).toBe(200)
    const rid = res.body.room.rid
    expect(rid).toMatch(ID)
    expect(res.body.room).toStrictEqual({ t: 'd', rid, usernames: ['demo'], _id: rid })
    expect(t.mock.db.rooms.get(rid)).toMatchObject({ uids: [t.user('demo')._id], usersCount: 1 })
    expect(sub(rid, 'demo')).toMatchObject({ name: 'demo', fname: 'Demo User', open: true })
  })

  it('refuses a self-DM when Message_AllowDirectMessagesToYourself is off, writing nothing', async () => {
    t.mock.setSetting('Message_AllowDirectMessagesToYourself', false)
    await t.login('demo')
    const before = state()
    const res = await create('demo', { username: 'demo' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(errors.invalidUser('createDirectMessage').body)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Invalid user [error-invalid-user]',
      errorType: 'error-invalid-user',
      details: { method: 'createDirectMessage' },
    })
    expect(state()).toBe(before)
  })

  describe('excludeSelf', () => {
    it('creates the DM of the others only; without view-room-administration nobody has it open', async () => {
      t.mock.clock.set(NOW)
      const [one, two] = people().filter((u) => !findDirectRoom(t.mock.core, [u, t.user('bob')]))
      const res = await create('demo', { usernames: `bob,${one!.username}`, excludeSelf: true })
      expect(res.status).toBe(200)
      const rid = [t.user('bob')._id, one!._id].sort().join('')
      expect(res.body.room.rid).toBe(rid)
      expect(res.body.room.usernames).not.toContain('demo')
      expect(sub(rid, 'demo')).toBeUndefined()
      expect(sub(rid, 'bob')).toMatchObject({ open: false })
      expect(t.mock.core.subscription(rid, one!._id)).toMatchObject({ open: false })
      // An admin doing the same gets every new subscription open.
      const byAdmin = await create('admin', { usernames: `bob,${two!.username}`, excludeSelf: 'true' })
      const rid2 = [t.user('bob')._id, two!._id].sort().join('')
      expect(byAdmin.body.room.rid).toBe(rid2)
      expect(sub(rid2, 'bob')).toMatchObject({ open: true })
      expect(t.mock.core.subscription(rid2, two!._id)).toMatchObject({ open: true })
      expect(sub(rid2, 'admin')).toBeUndefined()
    })

    it('returns an existing DM of the others', async () => {
      const res = await create('demo', { usernames: 'alice,bob', excludeSelf: true })
      expect(res.body.room).toStrictEqual({ t: 'd', rid: t.dmId('alice', 'bob'), usernames: ['alice', 'bob'], _id: t.dmId('alice', 'bob') })
    })

    it('refuses no other member, or a single other member', async () => {
      await t.login('demo')
      const before = state()
      for (const body of [
        { username: 'demo', excludeSelf: true },
        { username: 'alice', excludeSelf: true },
      ]) {
        const res = await create('demo', body)
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual(errors.invalidUser('createDirectMessage').body)
      }
      expect(state()).toBe(before)
    })
  })

  describe('refusals (exact envelopes, nothing written)', () => {
    it('more members than DirectMesssage_maxUsers', async () => {
      await t.login('demo')
      const before = state()
      const names = people()
        .slice(0, 8)
        .map((u) => u.username)
      const res = await create('demo', { usernames: names.join(',') })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'You cannot add more than 8 users, including yourself to a direct message [error-direct-message-max-user-exceeded]',
        errorType: 'error-direct-message-max-user-exceeded',
        details: { method: 'createDirectRoom' },
      })
      // The limit is checked before the usernames are resolved.
      const unknown = await create('demo', { usernames: 'a,b,c,d,e,f,g,h' })
      expect(unknown.body.errorType).toBe('error-direct-message-max-user-exceeded')
      expect(state()).toBe(before)
    })

    it('follows the DirectMesssage_maxUsers setting', async () => {
      t.mock.setSetting('DirectMesssage_maxUsers', 3)
      const res = await create('demo', { usernames: 'alice,bob,admin' })
      expect(res.body).toStrictEqual(errors.directMessageMaxUsers(3).body)
      expect(res.body.error).toBe('You cannot add more than 3 users, including yourself to a direct message [error-direct-message-max-user-exceeded]')
      expect((await create('demo', { usernames: 'alice,bob' })).status).toBe(200)
    })

    it('unknown users and malformed usernames lists', async () => {
      await t.login('demo')
      const before = state()
      for (const body of [
        { username: 'nobody' },
        { usernames: 'alice,nobody' },
        { usernames: 'alice,,bob' },
        { usernames: '' },
        { usernames: ',' },
        { username: '' },
        { username: 12345 },
      ]) {
        const res = await create('demo', body)
        expect(res.status, JSON.stringify(body)).toBe(400)
        expect(res.body).toStrictEqual({
          success: false,
          error: 'Invalid user [error-invalid-user]',
          errorType: 'error-invalid-user',
          details: { method: 'createDirectMessage' },
        })
      }
      expect(state()).toBe(before)
    })

    it('without create-d: an existing DM is still handed back, a new one is not allowed', async () => {
      t.mock.setPermission('create-d', ['admin', 'bot', 'app'])
      const rid = t.dmId('demo', 'alice')
      const existing = await create('demo', { username: 'alice' })
      expect(existing.status).toBe(200)
      expect(existing.body).toStrictEqual({ room: { _id: rid, t: 'd', rid }, success: true })
      expect(Object.keys(existing.body.room)).toStrictEqual(['_id', 't', 'rid'])

      const before = state()
      const res = await create('demo', { username: 'bob' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Not allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
        details: { method: 'createDirectMessage' },
      })
      expect(state()).toBe(before)
    })
  })

  describe('validation (body schema: oneOf username | usernames)', () => {
    const cases: Array<[string, unknown, string]> = [
      ['neither field', {}, "must have required property 'usernames'\nmust have required property 'username'\nmust match exactly one schema in oneOf"],
      [
        'both fields',
        { username: 'alice', usernames: 'bob' },
        'must NOT have additional properties\nmust NOT have additional properties\nmust match exactly one schema in oneOf',
      ],
      [
        'an unknown key',
        { username: 'alice', foo: 1 },
        "must have required property 'usernames'\nmust NOT have additional properties\nmust match exactly one schema in oneOf",
      ],
      ['a non-string username', { username: ['alice'] }, "must have required property 'usernames'\nmust be string\nmust match exactly one schema in oneOf"],
      [
        'a non-boolean excludeSelf',
        { username: 'alice', excludeSelf: 'yes' },
        "must have required property 'usernames'\nmust be boolean\nmust match exactly one schema in oneOf",
      ],
    ]
    for (const [name, body, error] of cases) {
      it(`400 invalid-params for ${name}`, async () => {
        await t.login('demo')
        const before = state()
        const res = await create('demo', body)
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'invalid-params', error })
        expect(state()).toBe(before)
      })
    }

    it('a body that is not JSON counts as empty', async () => {
      const res = await t.api('dm.create', { as: 'demo', body: 'username=alice', headers: { 'content-type': 'text/plain' } })
      expect(res.status).toBe(400)
      expect(res.body.errorType).toBe('invalid-params')
    })

    it('form-encoded bodies work like JSON', async () => {
      const res = await t.api('dm.create', { as: 'demo', body: 'username=alice', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(res.status).toBe(200)
      expect(res.body.room.rid).toBe(t.dmId('demo', 'alice'))
    })
  })

  it('401 without credentials, before validating the body', async () => {
    const before = state()
    expect(await t.api('dm.create', { body: { username: 'alice' } })).toMatchObject({ status: 401, body: LOGGED_OUT })
    expect(await t.api('dm.create', { body: {} })).toMatchObject({ status: 401, body: LOGGED_OUT })
    const wrong = await t.api('dm.create', { body: { username: 'alice' }, as: { userId: t.user('demo')._id, authToken: 'nope' } })
    expect(wrong).toMatchObject({ status: 401, body: LOGGED_OUT })
    expect(state()).toBe(before)
  })
})
