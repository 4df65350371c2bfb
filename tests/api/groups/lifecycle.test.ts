import { describe, expect, it } from 'vitest'
import { roomErrors } from '../../../src/errors-rooms.js'
import { json, NOW, setup } from '../../helpers.js'
import { roomState } from '../state.js'

const t = setup({ now: NOW })

describe('groups.*', () => {
  it('create makes a private group only its members see', async () => {
    const res = await t.api('groups.create', { as: 'alice', body: { name: 'secret-plans', members: ['bob'] } })
    expect(res.status).toBe(200)
    const group = res.body.group
    expect(group).toMatchObject({ t: 'p', name: 'secret-plans', usersCount: 2, msgs: 0, u: { username: 'alice' } })
    expect(group).toStrictEqual(json(t.room(group._id)))
    const info = await t.api('groups.info', { as: 'bob', query: { roomId: group._id } })
    expect(info.body.group._id).toBe(group._id)
    const outsider = await t.api('groups.info', { as: 'demo', query: { roomId: group._id } })
    expect(outsider.status).toBe(400)
    expect(outsider.body).toStrictEqual(roomErrors.groupNotFound().body)
    expect((await t.api('groups.info', { as: 'demo', query: { roomName: 'general' } })).body).toStrictEqual(roomErrors.groupNotFound().body)
    // A private group name is taken for channels too.
    expect((await t.api('channels.create', { as: 'demo', body: { name: 'secret-plans' } })).body).toStrictEqual(roomErrors.duplicateName('secret-plans').body)
  })

  it('create: create-p is checked before the body; body errors use "Body param"', async () => {
    expect((await t.api('groups.create', { as: 'demo', body: {} })).body).toStrictEqual(roomErrors.groupNameRequired().body)
    expect((await t.api('groups.create', { as: 'demo', body: { name: 'g', members: {} } })).body).toStrictEqual(roomErrors.groupMembersNotArray().body)
    expect((await t.api('groups.create', { as: 'demo', body: { name: 'g', extraData: 'x' } })).body).toStrictEqual(roomErrors.groupExtraDataNotObject().body)
    t.mock.setPermission('create-p', ['admin'])
    const res = await t.api('groups.create', { as: 'demo', body: {} })
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
  })

  it('list shows the caller’s groups by name, with totals', async () => {
    await t.api('groups.create', { as: 'alice', body: { name: 'aaa-private' } })
    const res = await t.api('groups.list', { as: 'alice' })
    // alice's groups: the new one, leadership and the seeded discussion of leadership (named by id).
    const discussion = t.mock.db.rooms.all().find((r) => r.prid === t.room('leadership')._id)!
    expect(res.body.groups.map((g: { name: string }) => g.name)).toStrictEqual(['aaa-private', 'leadership', discussion.name].sort())
    expect(res.body).toMatchObject({ count: 3, offset: 0, total: 3 })
    expect((await t.api('groups.list', { as: 'bob' })).body).toMatchObject({ groups: [], count: 0, total: 0 })
  })

  it('invite, members, kick, leave', async () => {
    const leadership = t.room('leadership')
    const invited = await t.api('groups.invite', { as: 'admin', body: { roomId: leadership._id, username: 'bob' } })
    expect(invited.status).toBe(200)
    expect(invited.body.group.usersCount).toBe(3)
    const members = await t.api('groups.members', { as: 'bob', query: { roomId: leadership._id } })
    expect(members.body.members.map((m: { username: string }) => m.username).sort()).toStrictEqual(['admin', 'alice', 'bob'])
    expect((await t.api('groups.members', { as: 'demo', query: { roomId: leadership._id } })).body).toStrictEqual(roomErrors.groupNotFound().body)
    expect((await t.api('groups.invite', { as: 'admin', body: { roomId: leadership._id, username: 'ghost' } })).body).toStrictEqual(
      roomErrors.groupInviteEmpty().body,
    )
    // Outsiders find the group (by name too) but may not add anyone.
    expect((await t.api('groups.invite', { as: 'demo', body: { roomName: 'leadership', username: 'demo' } })).body).toStrictEqual(
      roomErrors.inviteNotAllowed().body,
    )
    expect((await t.api('groups.invite', { as: 'demo', body: { username: 'demo' } })).body).toStrictEqual(roomErrors.roomParamMissing().body)
    expect((await t.api('groups.info', { as: 'alice', query: {} })).body).toStrictEqual(roomErrors.roomParamMissing().body)
    const kicked = await t.api('groups.kick', { as: 'admin', body: { roomId: leadership._id, userId: t.user('bob')._id } })
    expect(kicked.body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription(leadership._id, t.user('bob')._id)).toBeUndefined()
    const left = await t.api('groups.leave', { as: 'alice', body: { roomId: leadership._id } })
    expect(left.body).toStrictEqual({ success: true })
    expect(t.room('leadership').usersCount).toBe(1)
    const kinds = t.mock.db.messages
      .sorted('room', leadership._id)
      .filter((m) => m.t)
      .map((m) => `${m.t}:${m.msg}:${m.u.username}`)
    // One frozen instant: the three are compared as a set.
    expect(kinds.slice(-3).sort()).toStrictEqual(['au:bob:admin', 'ru:bob:admin', 'ul:alice:alice'])
    // alice is no longer a member: the group is gone for her.
    expect((await t.api('groups.leave', { as: 'alice', body: { roomId: leadership._id } })).body).toStrictEqual(roomErrors.groupNotFound().body)
    const before = roomState(t.mock)
    expect((await t.api('groups.leave', { as: 'admin', body: { roomId: leadership._id } })).body).toStrictEqual(roomErrors.lastOwner('leaveRoom').body)
    expect(roomState(t.mock)).toBe(before)
  })
})
