import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { roomErrors } from '../../../src/errors-rooms.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { NOW, setup } from '../../helpers.js'
import { roomState } from '../state.js'

const t = setup({ now: NOW })
const SINCE = new Date(Date.parse(NOW) - 1).toISOString()

describe('POST rooms.leave / rooms.favorite', () => {
  it('rooms.leave works for any channel or group by id or name', async () => {
    expect((await t.api('rooms.leave', { as: 'bob', body: { roomName: 'demo-channel' } })).body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription(t.room('demo-channel')._id, t.user('bob')._id)).toBeUndefined()
    expect((await t.api('rooms.leave', { as: 'alice', body: { roomId: t.room('leadership')._id } })).body).toStrictEqual({ success: true })
    expect((await t.api('rooms.leave', { as: 'alice', body: {} })).body).toStrictEqual(errors.roomInfoParamMissing().body)
    expect((await t.api('rooms.leave', { as: 'alice', body: { roomId: 'nope' } })).body).toStrictEqual(errors.roomInfoNotFound().body)
    expect((await t.api('rooms.leave', { as: 'demo', body: { roomId: t.dmId('demo', 'alice') } })).body).toStrictEqual(roomErrors.leaveNotAllowed().body)
  })

  it('rooms.favorite sets f on the caller’s subscription, synced by subscriptions.get', async () => {
    const res = await t.api('rooms.favorite', { as: 'demo', body: { roomId: 'GENERAL', favorite: true } })
    expect(res.body).toStrictEqual({ success: true })
    const sync = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: SINCE } })
    expect(sync.body.update).toHaveLength(1)
    expect(sync.body.update[0]).toMatchObject({ rid: 'GENERAL', f: true, _updatedAt: NOW })
    await t.api('rooms.favorite', { as: 'demo', body: { roomName: 'general', favorite: 'false' } })
    expect(t.mock.core.subscription('GENERAL', t.user('demo')._id)!.f).toBe(false)
    expect((await t.api('rooms.favorite', { as: 'demo', body: { roomId: 'GENERAL' } })).body).toStrictEqual(roomErrors.favoriteRequired().body)
    const bad = await t.api('rooms.favorite', { as: 'demo', body: { roomId: 'GENERAL', favorite: 'yes' } })
    expect(bad.body).toStrictEqual({ success: false, errorType: 'invalid-params', error: 'must be boolean' })
    const notMember = await t.api('rooms.favorite', { as: 'demo', body: { roomName: 'leadership', favorite: true } })
    expect(notMember.body).toStrictEqual(roomErrors.favoriteNotMember().body)
  })
})

describe('POST rooms.createDiscussion', () => {
  it('creates the discussion room, its subscriptions and the parent’s discussion-created message', async () => {
    const before = t.room('GENERAL').msgs
    const res = await t.api('rooms.createDiscussion', {
      as: 'demo',
      body: { prid: 'GENERAL', t_name: 'Launch checklist', users: ['alice', 'ghost'], reply: 'First item: the docs', topic: 'Launch' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const discussion = res.body.discussion
    expect(discussion).toMatchObject({ rid: discussion._id, t: 'c', prid: 'GENERAL', fname: 'Launch checklist', topic: 'Launch', usersCount: 2, msgs: 1 })
    expect(discussion.name).not.toBe('Launch checklist')
    const subs = t.mock.db.subscriptions.sorted('room', discussion._id)
    expect(subs.map((s) => [s.u.username, s.prid, s.roles]).sort()).toStrictEqual([
      ['alice', 'GENERAL', undefined],
      ['demo', 'GENERAL', ['owner']],
    ])
    const created = t.mock.db.messages.sorted('roomDiscussions', 'GENERAL').find((m) => m.drid === discussion._id)!
    expect(created).toMatchObject({ t: 'discussion-created', msg: 'Launch checklist', u: { username: 'demo' } })
    expect(t.room('GENERAL').msgs).toBe(before + 1)
    const [reply] = t.mock.db.messages.sorted('room', discussion._id)
    expect(reply).toMatchObject({ msg: 'First item: the docs', u: { username: 'demo' } })
    // The parent's message carries the discussion's counters; getDiscussions lists it.
    expect(created.dcount).toBe(1)
    const list = await t.api('chat.getDiscussions', { as: 'alice', query: { roomId: 'GENERAL' } })
    expect(list.body.messages.map((m: { drid: string }) => m.drid)).toContain(discussion._id)
    // The new room syncs to its members.
    const rooms = await t.api('rooms.get', { as: 'alice', query: { updatedSince: SINCE } })
    expect(rooms.body.update.map((r: { _id: string }) => r._id)).toContain(discussion._id)
  })

  it('quotes pmid in the new room and in discussion-created', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const res = await t.api('rooms.createDiscussion', { as: 'alice', body: { prid: 'GENERAL', pmid: retro._id, t_name: 'Retro follow-up' } })
    expect(res.status).toBe(200)
    const [quote] = t.mock.db.messages.sorted('room', res.body.discussion._id)
    expect(quote!.attachments![0]).toMatchObject({
      text: DEFAULT_TEXTS.retro,
      author_name: 'alice',
      message_link: `http://localhost:3000/channel/general?msg=${retro._id}`,
    })
  })

  it('refuses bad input in the server’s order and writes nothing', async () => {
    const leadershipMsg = t.mock.db.messages.sorted('room', t.room('leadership')._id)[0]!
    const cases: Array<[string, Record<string, unknown>, { body: unknown }]> = [
      ['demo', {}, roomErrors.discussionPridRequired()],
      ['demo', { prid: 'GENERAL' }, roomErrors.discussionNameRequired()],
      ['demo', { prid: 'GENERAL', t_name: 'x', users: 'alice' }, roomErrors.discussionUsersNotArray()],
      ['demo', { prid: 'GENERAL', t_name: 'x', encrypted: 'yes' }, roomErrors.discussionEncryptedNotBoolean()],
      ['demo', { prid: 'nope', t_name: 'x' }, roomErrors.discussionInvalidRoom()],
      ['demo', { prid: 'GENERAL', t_name: 'x', pmid: 'nope' }, roomErrors.discussionNotAllowed()],
      ['demo', { prid: 'GENERAL', t_name: 'x', pmid: leadershipMsg._id }, roomErrors.discussionMessageElsewhere()],
      ['demo', { prid: t.room('leadership')._id, t_name: 'x' }, roomErrors.discussionNotAllowed()],
    ]
    const nested = t.mock.db.rooms.all().find((r) => r.prid === 'GENERAL')!
    cases.push(['alice', { prid: nested._id, t_name: 'x' }, roomErrors.discussionNested()])
    for (const [as, body, error] of cases) {
      const before = roomState(t.mock)
      const res = await t.api('rooms.createDiscussion', { as, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body, JSON.stringify(body)).toStrictEqual(error.body)
      expect(roomState(t.mock)).toBe(before)
    }
    t.mock.setSetting('Discussion_enabled', false)
    expect((await t.api('rooms.createDiscussion', { as: 'demo', body: { prid: 'GENERAL', t_name: 'x' } })).body).toStrictEqual(
      roomErrors.discussionNotAllowed().body,
    )
  })
})

describe('subscriptions.getOne / subscriptions.unread', () => {
  it('getOne: the subscription, or null', async () => {
    const res = await t.api('subscriptions.getOne', { as: 'demo', query: { roomId: 'GENERAL' } })
    const stored = t.mock.core.subscription('GENERAL', t.user('demo')._id)!
    expect(res.body.subscription).toMatchObject({ _id: stored._id, rid: 'GENERAL', name: 'general', t: 'c', open: true })
    expect(Object.keys(res.body)).toStrictEqual(['subscription', 'success'])
    expect((await t.api('subscriptions.getOne', { as: 'demo', query: { roomId: t.room('leadership')._id } })).body).toStrictEqual({
      subscription: null,
      success: true,
    })
    expect((await t.api('subscriptions.getOne', { as: 'demo' })).body).toStrictEqual({
      success: false,
      errorType: 'error-invalid-params',
      error: "must have required property 'roomId'",
    })
    expect((await t.api('subscriptions.getOne', { as: 'demo', query: { roomId: '' } })).body).toStrictEqual(roomErrors.getOneRoomIdRequired().body)
  })

  it('unread from a message moves ls before it and raises the alert', async () => {
    await t.api('subscriptions.read', { as: 'demo', body: { rid: 'GENERAL' } })
    const target = t.mock.db.messages
      .sorted('room', 'GENERAL')
      .filter((m) => m.u.username === 'alice' && !m.t)
      .at(-1)!
    const res = await t.api('subscriptions.unread', { as: 'demo', body: { firstUnreadMessage: { _id: target._id } } })
    expect(res.body).toStrictEqual({ success: true })
    const sub = t.mock.core.subscription('GENERAL', t.user('demo')._id)!
    expect(sub).toMatchObject({ open: true, alert: true })
    expect(sub.ls!.toISOString()).toBe(target.ts.toISOString())
    const own = t.mock.db.messages.sorted('room', 'GENERAL').find((m) => m.u.username === 'demo' && !m.t)!
    expect((await t.api('subscriptions.unread', { as: 'demo', body: { firstUnreadMessage: { _id: own._id } } })).body).toStrictEqual(
      roomErrors.unreadNotAllowed().body,
    )
    const byRoom = await t.api('subscriptions.unread', { as: 'demo', body: { roomId: 'GENERAL' } })
    expect(byRoom.body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription('GENERAL', t.user('demo')._id)!.ls!.toISOString()).toBe(t.room('GENERAL').lm!.toISOString())
    const empty = await t.api('channels.create', { as: 'demo', body: { name: 'empty-room' } })
    expect((await t.api('subscriptions.unread', { as: 'demo', body: { roomId: empty.body.channel._id } })).body).toStrictEqual(
      roomErrors.noMessageForUnread().body,
    )
    const neither = await t.api('subscriptions.unread', { as: 'demo', body: {} })
    expect(neither.status).toBe(400)
    expect(neither.body.errorType).toBe('invalid-params')
  })
})
