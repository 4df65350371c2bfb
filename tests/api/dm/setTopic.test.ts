import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const BEFORE = '2026-03-01T09:59:59.999Z'
const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads', 'trash'] as const).map((k) => t.mock.db[k].all()))
const setTopic = (as: string, body: unknown) => t.api('dm.setTopic', { as, body })

describe('POST /api/v1/dm.setTopic', () => {
  it('an admin member sets the topic: stored, with a room_changed_topic system message', async () => {
    const rid = t.dmId('admin', 'demo')
    const room = t.room(rid)
    const { msgs, lm } = room
    const lastMessageId = room.lastMessage._id
    t.mock.clock.set(NOW)

    const res = await setTopic('admin', { roomId: rid, topic: 'Onboarding' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ topic: 'Onboarding', success: true })

    const changed = await t.api('rooms.get', { as: 'demo', query: { updatedSince: BEFORE } })
    expect(changed.body.update).toHaveLength(1)
    expect(changed.body.update[0]).toMatchObject({ _id: rid, topic: 'Onboarding', _updatedAt: NOW, msgs: msgs + 1 })
    // A system message counts in msgs but is not the room's last message.
    expect(changed.body.update[0].lm).toBe(lm!.toISOString())
    expect(changed.body.update[0].lastMessage._id).toBe(lastMessageId)

    const newest = await t.api('dm.messages', { as: 'demo', query: { roomId: rid, count: 1 } })
    expect(newest.body.messages[0]).toMatchObject({
      rid,
      t: 'room_changed_topic',
      msg: 'Onboarding',
      ts: NOW,
      u: { _id: t.user('admin')._id, username: 'admin', name: 'Administrator' },
      groupable: false,
    })
  })

  it('the same topic again changes nothing', async () => {
    const rid = t.dmId('admin', 'demo')
    await setTopic('admin', { roomId: rid, topic: 'Onboarding' })
    const before = state()
    t.mock.clock.set(NOW)
    const res = await setTopic('admin', { roomId: rid, topic: 'Onboarding' })
    expect(res.body).toStrictEqual({ topic: 'Onboarding', success: true })
    expect(state()).toBe(before)
  })

  it('without topic: clears it, and the response has no topic key; null is echoed', async () => {
    const rid = t.dmId('admin', 'demo')
    t.mock.clock.set('2026-03-01T09:00:00.000Z')
    await setTopic('admin', { roomId: rid, topic: 'Onboarding' })
    t.mock.clock.set(NOW)
    const res = await setTopic('admin', { roomId: rid })
    expect(res.body).toStrictEqual({ success: true })
    expect(t.room(rid).topic).toBe('')
    const system = t.mock.db.messages.sorted('room', rid).at(-1)!
    expect(system).toMatchObject({ t: 'room_changed_topic', msg: '', ts: new Date(NOW) })

    // Nothing to clear any more: no new message.
    const count = t.mock.db.messages.sorted('room', rid).length
    expect((await setTopic('admin', { roomId: rid, topic: null })).body).toStrictEqual({ topic: null, success: true })
    expect(t.mock.db.messages.sorted('room', rid).length).toBe(count)
  })

  it('coerces a number topic to a string', async () => {
    const res = await setTopic('admin', { roomId: t.dmId('admin', 'demo'), topic: 42 })
    expect(res.body).toStrictEqual({ topic: '42', success: true })
    expect(t.room(t.dmId('admin', 'demo')).topic).toBe('42')
  })

  it('an ordinary member lacks edit-room: exact refusal, nothing written', async () => {
    const rid = t.dmId('demo', 'alice')
    await t.login('demo')
    const before = state()
    const res = await setTopic('demo', { roomId: rid, topic: 'Ours' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'Editing room is not allowed [error-action-not-allowed]',
      errorType: 'error-action-not-allowed',
      details: { method: 'saveRoomSettings', action: 'Editing_room' },
    })
    expect(res.body).toStrictEqual(errors.editRoomNotAllowed().body)
    expect(state()).toBe(before)
  })

  it('works for an ordinary member once the workspace grants edit-room to users', async () => {
    t.mock.setPermission('edit-room', ['admin', 'owner', 'moderator', 'user'])
    const rid = t.dmId('demo', 'alice')
    const res = await setTopic('demo', { roomId: rid, topic: 'Ours' })
    expect(res.body).toStrictEqual({ topic: 'Ours', success: true })
    expect(t.room(rid).topic).toBe('Ours')
  })

  it('403 for a DM the caller is not in (even an admin), an unknown room or a user id', async () => {
    await t.login('admin')
    const before = state()
    for (const roomId of [t.dmId('alice', 'bob'), 'no-such-room', t.user('bob')._id]) {
      const res = await setTopic('admin', { roomId, topic: 'x' })
      expect(res.status, roomId).toBe(403)
      expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    }
    expect(state()).toBe(before)
  })

  it('[invalid-channel] for a channel', async () => {
    const res = await setTopic('admin', { roomId: 'GENERAL', topic: 'x' })
    expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
    expect(t.room('GENERAL').topic).toBe('Company-wide announcements and chatter')
  })

  it('validation errors', async () => {
    expect((await setTopic('admin', { roomId: '', topic: 'x' })).body).toStrictEqual({
      success: false,
      error: 'Body param "roomId" is required [error-room-param-not-provided]',
      errorType: 'error-room-param-not-provided',
    })
    expect((await setTopic('admin', { topic: 'x' })).body).toStrictEqual({
      success: false,
      errorType: 'invalid-params',
      error: "must have required property 'roomId'",
    })
    expect((await setTopic('admin', { roomId: 'x', topic: 'y', z: 1 })).body).toStrictEqual({
      success: false,
      errorType: 'invalid-params',
      error: 'must NOT have additional properties',
    })
    expect((await setTopic('admin', { roomId: 'x', topic: ['y'] })).body).toStrictEqual({
      success: false,
      errorType: 'invalid-params',
      error: 'must be string',
    })
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.setTopic', { body: { roomId: t.dmId('admin', 'demo'), topic: 'x' } })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
