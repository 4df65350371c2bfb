import { describe, expect, it } from 'vitest'
import { roomErrors } from '../../../src/errors-rooms.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { roomState } from '../state.js'

const t = setup({ now: NOW })

const systemMessages = (rid: string) =>
  t.mock.db.messages
    .sorted('room', rid)
    .filter((m) => m.t !== undefined)
    .map((m) => ({ t: m.t, msg: m.msg, u: m.u.username }))

async function create(name: string, as = 'demo', extra: Record<string, unknown> = {}) {
  const res = await t.api('channels.create', { as, body: { name, ...extra } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.channel
}

describe('POST /api/v1/channels.create', () => {
  it('creates the room, the owner and member subscriptions, and nothing else', async () => {
    const before = t.mock.db.messages.count()
    const res = await t.api('channels.create', { as: 'demo', body: { name: 'launch-room', members: ['alice', 'bob', 'nobody-here'] } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['channel', 'success'])
    const channel = res.body.channel
    expect(channel).toMatchObject({
      t: 'c',
      name: 'launch-room',
      fname: 'launch-room',
      msgs: 0,
      usersCount: 3,
      ro: false,
      ts: NOW,
      _updatedAt: NOW,
      u: { _id: t.user('demo')._id, username: 'demo', name: 'Demo User' },
    })
    expect(channel).toStrictEqual(json(t.room(channel._id)))
    const subs = t.mock.db.subscriptions.sorted('room', channel._id)
    expect(subs.map((s) => s.u.username).sort()).toStrictEqual(['alice', 'bob', 'demo'])
    const owner = subs.find((s) => s.u.username === 'demo')!
    expect(owner).toMatchObject({ roles: ['owner'], open: true, alert: false, unread: 0, name: 'launch-room', t: 'c' })
    expect(owner.ls?.toISOString()).toBe(NOW)
    const alice = subs.find((s) => s.u.username === 'alice')!
    expect(alice.roles).toBeUndefined()
    expect(alice.ls).toBeUndefined()
    expect(t.mock.db.messages.count()).toBe(before)
  })

  it('is seen by rooms.get and subscriptions.get, with and without updatedSince', async () => {
    const since = new Date(Date.parse(NOW) - 1).toISOString()
    const channel = await create('fresh', 'alice', { members: ['bob'] })
    for (const user of ['alice', 'bob']) {
      const rooms = await t.api('rooms.get', { as: user, query: { updatedSince: since } })
      expect(rooms.body.update.map((r: { _id: string }) => r._id)).toContain(channel._id)
      const subs = await t.api('subscriptions.get', { as: user, query: { updatedSince: since } })
      expect(subs.body.update.map((s: { rid: string }) => s.rid)).toContain(channel._id)
      const all = await t.api('subscriptions.get', { as: user })
      expect(all.body.update.map((s: { rid: string }) => s.rid)).toContain(channel._id)
    }
    const demo = await t.api('rooms.get', { as: 'demo', query: { updatedSince: since } })
    expect(demo.body.update.map((r: { _id: string }) => r._id)).not.toContain(channel._id)
  })

  it('keeps readOnly, excludeSelf and extraData; trims the name but not fname', async () => {
    const channel = await create('  news  ', 'admin', {
      readOnly: true,
      excludeSelf: true,
      members: ['alice'],
      extraData: { description: 'Company news', _id: 'HIJACK' },
    })
    expect(channel).toMatchObject({ name: 'news', fname: '  news  ', ro: true, usersCount: 1, description: 'Company news' })
    expect(channel._id).not.toBe('HIJACK')
    expect(t.mock.db.subscriptions.sorted('room', channel._id).map((s) => s.u.username)).toStrictEqual(['alice'])
  })

  it('refuses a taken, invalid or reserved name with the exact errors, and writes nothing', async () => {
    const cases: Array<[unknown, { status: number; body: unknown }]> = [
      ['general', roomErrors.duplicateName('general')],
      ['demo-channel', roomErrors.duplicateName('demo-channel')],
      ['with space', roomErrors.invalidRoomName('with space')],
      ['<b>x</b>', roomErrors.invalidRoomName('<b>x</b>')],
      ['ünïcödé', roomErrors.invalidRoomName('ünïcödé')],
      ['user', roomErrors.invalidRoomName('user')],
      ['System', roomErrors.invalidRoomName('System')],
      ['', roomErrors.channelNameRequired()],
      [undefined, roomErrors.channelNameRequired()],
      ['   ', roomErrors.invalidName()],
    ]
    for (const [name, error] of cases) {
      const before = roomState(t.mock)
      const res = await t.api('channels.create', { as: 'demo', body: name === undefined ? {} : { name } })
      expect(res.status, String(name)).toBe(error.status)
      expect(res.body, String(name)).toStrictEqual(error.body)
      expect(roomState(t.mock), String(name)).toBe(before)
    }
    expect(roomErrors.duplicateName('general').body).toStrictEqual({
      success: false,
      error: "A channel with name 'general' exists [error-duplicate-channel-name]",
      errorType: 'error-duplicate-channel-name',
      details: { function: 'RocketChat.getValidRoomName', channel_name: 'general' },
    })
    expect(roomErrors.invalidRoomName('<b>x</b>').body.error).toBe('&lt;b&gt;x&lt;/b&gt; is not a valid room name. [error-invalid-room-name]')
  })

  it('an archived holder of the name gets its own error', async () => {
    const channel = await create('old-news')
    t.mock.core.db.rooms.patch(t.room(channel._id), (r) => (r.archived = true))
    const res = await t.api('channels.create', { as: 'alice', body: { name: 'old-news' } })
    expect(res.body).toStrictEqual(roomErrors.archivedDuplicateName('old-news').body)
  })

  it('honours UTF8_Channel_Names_Validation and UI_Allow_room_names_with_special_chars', async () => {
    t.mock.setSetting('UTF8_Channel_Names_Validation', '[a-z]+')
    expect((await t.api('channels.create', { as: 'demo', body: { name: 'abc-1' } })).body).toStrictEqual(roomErrors.invalidRoomName('abc-1').body)
    expect((await create('abc')).name).toBe('abc')
    t.mock.setSetting('UI_Allow_room_names_with_special_chars', true)
    const special = await create('Équipe produit')
    expect(special).toMatchObject({ name: 'Équipe produit', fname: 'Équipe produit' })
    const again = await create('Équipe produit', 'alice')
    expect(again.name).toBe('Équipe produit-1')
  })

  it('checks members and create-c', async () => {
    const notArray = await t.api('channels.create', { as: 'demo', body: { name: 'x1', members: 'alice' } })
    expect(notArray.body).toStrictEqual(roomErrors.channelMembersNotArray().body)
    const numbers = await t.api('channels.create', { as: 'demo', body: { name: 'x1', members: ['alice', 5] } })
    expect(numbers.status).toBe(400)
    expect(numbers.body).toStrictEqual({ success: false, error: 'Match error: Expected string, got number in field [1]' })
    const nameNumber = await t.api('channels.create', { as: 'demo', body: { name: 42 } })
    expect(nameNumber.body).toStrictEqual({ success: false, error: 'Match error: Expected string, got number' })
    t.mock.setPermission('create-c', ['admin'])
    const forbidden = await t.api('channels.create', { as: 'demo', body: { name: 'x1' } })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body).toStrictEqual({ success: false, error: 'unauthorized' })
    expect(t.mock.core.findRoom('x1')).toBeUndefined()
    expect((await t.api('channels.create', { body: { name: 'x1' } })).body).toStrictEqual(LOGGED_OUT)
  })
})

describe('channels.join / leave', () => {
  it('join subscribes the caller unread, posts uj and counts the member', async () => {
    const channel = await create('joinable')
    const res = await t.api('channels.join', { as: 'bob', body: { roomId: channel._id } })
    expect(res.status).toBe(200)
    expect(res.body.channel).toMatchObject({ _id: channel._id, usersCount: 2 })
    expect(res.body.channel.msgs).toBe(1)
    const sub = t.mock.core.subscription(channel._id, t.user('bob')._id)!
    expect(sub).toMatchObject({ open: true, alert: true, unread: 1, userMentions: 1, groupMentions: 0 })
    expect(systemMessages(channel._id)).toStrictEqual([{ t: 'uj', msg: 'bob', u: 'bob' }])
    // Joining again changes nothing.
    const before = roomState(t.mock)
    expect((await t.api('channels.join', { as: 'bob', body: { roomName: 'joinable' } })).status).toBe(200)
    expect(roomState(t.mock)).toBe(before)
  })

  it('join: unknown and private rooms, join codes, archived channels', async () => {
    expect((await t.api('channels.join', { as: 'bob', body: { roomId: 'nope' } })).body).toStrictEqual(roomErrors.channelNotFound().body)
    expect((await t.api('channels.join', { as: 'bob', body: { roomName: 'leadership' } })).body).toStrictEqual(roomErrors.channelNotFound().body)
    const coded = await create('coded')
    t.mock.core.db.rooms.patch(t.room(coded._id), (r) => Object.assign(r, { joinCodeRequired: true, joinCode: 's3cret' }))
    expect((await t.api('channels.join', { as: 'bob', body: { roomId: coded._id, joinCode: 'wrong' } })).body).toStrictEqual(roomErrors.invalidJoinCode().body)
    expect((await t.api('channels.join', { as: 'bob', body: { roomId: coded._id, joinCode: 's3cret' } })).status).toBe(200)
    expect((await t.api('channels.archive', { as: 'demo', body: { roomId: coded._id } })).status).toBe(200)
    expect((await t.api('channels.join', { as: 'alice', body: { roomId: coded._id } })).body).toStrictEqual(roomErrors.channelArchived('coded').body)
  })

  it('leave posts ul, drops the subscription to the trash and shows as removed in subscriptions.get', async () => {
    const since = new Date(Date.parse(NOW) - 1).toISOString()
    const channel = await create('leavable', 'demo', { members: ['alice'] })
    const aliceSub = t.mock.core.subscription(channel._id, t.user('alice')._id)!
    const res = await t.api('channels.leave', { as: 'alice', body: { roomId: channel._id } })
    expect(res.status).toBe(200)
    expect(res.body.channel).toMatchObject({ _id: channel._id, usersCount: 1 })
    expect(t.mock.core.subscription(channel._id, t.user('alice')._id)).toBeUndefined()
    expect(systemMessages(channel._id)).toStrictEqual([{ t: 'ul', msg: 'alice', u: 'alice' }])
    const subs = await t.api('subscriptions.get', { as: 'alice', query: { updatedSince: since } })
    // Stamped at NOW or, when earlier writes of the test took it, just after (stamps strictly increase).
    expect(subs.body.remove).toStrictEqual([{ _id: aliceSub._id, _deletedAt: expect.any(String) }])
    expect(Date.parse(subs.body.remove[0]._deletedAt) - Date.parse(NOW)).toBeGreaterThanOrEqual(0)
    expect(Date.parse(subs.body.remove[0]._deletedAt) - Date.parse(NOW)).toBeLessThan(100)
    expect(subs.body.update.map((s: { rid: string }) => s.rid)).not.toContain(channel._id)
    expect((await t.api('channels.leave', { as: 'alice', body: { roomId: channel._id } })).body).toStrictEqual(roomErrors.leaveNotInRoom().body)
  })

  it('the last owner cannot leave', async () => {
    const channel = await create('owned', 'demo', { members: ['alice'] })
    const before = roomState(t.mock)
    const res = await t.api('channels.leave', { as: 'demo', body: { roomId: channel._id } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'You are the last owner. Please set new owner before leaving the room. [error-you-are-last-owner]',
      errorType: 'error-you-are-last-owner',
      details: { method: 'leaveRoom' },
    })
    expect(roomState(t.mock)).toBe(before)
  })
})

describe('channels.invite / kick', () => {
  it('invite adds members with au from the inviter; unknown ones are dropped', async () => {
    const channel = await create('team', 'demo')
    const res = await t.api('channels.invite', { as: 'demo', body: { roomId: channel._id, userIds: [t.user('alice')._id, t.user('bob')._id, 'ghost'] } })
    expect(res.status).toBe(200)
    expect(res.body.channel.usersCount).toBe(3)
    // Same instant (the clock is frozen): compare as a set.
    expect(systemMessages(channel._id).sort((a, b) => a.msg.localeCompare(b.msg))).toStrictEqual([
      { t: 'au', msg: 'alice', u: 'demo' },
      { t: 'au', msg: 'bob', u: 'demo' },
    ])
    const byName = await t.api('channels.invite', { as: 'demo', body: { roomId: channel._id, username: 'admin' } })
    expect(byName.body.channel.usersCount).toBe(4)
  })

  it('invite: nobody known, no users, no right, a DM', async () => {
    const channel = await create('team2', 'demo', { members: ['alice'] })
    const before = roomState(t.mock)
    const ghosts = await t.api('channels.invite', { as: 'demo', body: { roomId: channel._id, usernames: ['ghost', 'phantom'] } })
    expect(ghosts.status).toBe(400)
    expect(ghosts.body).toStrictEqual({ success: false, error: 'invalid-user-invite-list', errorType: 'Cannot invite if no users are provided' })
    expect((await t.api('channels.invite', { as: 'demo', body: { roomId: channel._id } })).body).toStrictEqual(roomErrors.usersParamMissing().body)
    // alice is a plain member: no add-user-to-joined-room.
    expect((await t.api('channels.invite', { as: 'alice', body: { roomId: channel._id, username: 'bob' } })).body).toStrictEqual(
      roomErrors.inviteNotAllowed().body,
    )
    expect(roomState(t.mock)).toBe(before)
  })

  it('kick posts ru from the kicker; a non-member and the last owner cannot be kicked', async () => {
    const channel = await create('kickable', 'demo', { members: ['alice', 'bob'] })
    const res = await t.api('channels.kick', { as: 'demo', body: { roomId: channel._id, username: 'bob' } })
    expect(res.status).toBe(200)
    expect(res.body.channel.usersCount).toBe(2)
    expect(systemMessages(channel._id)).toStrictEqual([{ t: 'ru', msg: 'bob', u: 'demo' }])
    expect((await t.api('channels.kick', { as: 'demo', body: { roomId: channel._id, username: 'bob' } })).body).toStrictEqual(
      roomErrors.kickUserNotInRoom().body,
    )
    expect((await t.api('channels.kick', { as: 'alice', body: { roomId: channel._id, username: 'demo' } })).body).toStrictEqual(
      roomErrors.kickNotAllowed().body,
    )
    expect((await t.api('channels.kick', { as: 'demo', body: { roomId: channel._id, username: 'ghost' } })).body).toStrictEqual(
      roomErrors.userParamNoMatch().body,
    )
    expect((await t.api('channels.kick', { as: 'demo', body: { roomId: channel._id } })).body).toStrictEqual(roomErrors.userParamMissing().body)
    // admin holds remove-user globally; demo is the only owner.
    expect((await t.api('channels.kick', { as: 'admin', body: { roomId: channel._id, username: 'demo' } })).body).toStrictEqual(
      roomErrors.lastOwner('removeUserFromRoom').body,
    )
  })
})

describe('channels.list / list.joined / members / info', () => {
  it('list: every public channel by name, paginated; list.joined: only the caller’s', async () => {
    await create('aaa-first', 'alice')
    const all = t.mock.db.rooms
      .all()
      .filter((r) => r.t === 'c')
      .map((r) => r.name!)
      .sort()
    const res = await t.api('channels.list', { as: 'demo', query: { count: 2 } })
    expect(res.body).toMatchObject({ count: 2, offset: 0, total: all.length })
    expect(res.body.channels.map((c: { name: string }) => c.name)).toStrictEqual(all.slice(0, 2))
    const page2 = await t.api('channels.list', { as: 'demo', query: { count: 2, offset: 2 } })
    expect(page2.body.channels.map((c: { name: string }) => c.name)).toStrictEqual(all.slice(2, 4))
    const joined = await t.api('channels.list.joined', { as: 'demo' })
    const demoChannels = t.mock.db.subscriptions
      .sorted('user', t.user('demo')._id)
      .filter((s) => s.t === 'c')
      .map((s) => t.room(s.rid).name!)
      .sort()
    expect(joined.body.channels.map((c: { name: string }) => c.name)).toStrictEqual(demoChannels)
    expect(joined.body.total).toBe(demoChannels.length)
    expect(demoChannels).not.toContain('aaa-first')
    const desc = await t.api('channels.list', { as: 'demo', query: { sort: '{"name":-1}', count: 1 } })
    expect(desc.body.channels[0].name).toBe(all[all.length - 1])
  })

  it('members: online first, then by username; filter and pagination', async () => {
    const res = await t.api('channels.members', { as: 'bob', query: { roomName: 'demo-channel' } })
    expect(res.status).toBe(200)
    expect(res.body.members.map((m: { username: string }) => m.username)).toStrictEqual(['demo', 'bob', 'alice'])
    expect(res.body.members[0]).toStrictEqual({ _id: t.user('demo')._id, username: 'demo', name: 'Demo User', status: 'online', utcOffset: 0 })
    expect(res.body).toMatchObject({ count: 3, offset: 0, total: 3 })
    const filtered = await t.api('channels.members', { as: 'bob', query: { roomName: 'demo-channel', filter: 'ALI' } })
    expect(filtered.body.members.map((m: { username: string }) => m.username)).toStrictEqual(['alice'])
    const page = await t.api('channels.members', { as: 'bob', query: { roomName: 'demo-channel', count: 1, offset: 1 } })
    expect(page.body).toMatchObject({ count: 1, offset: 1, total: 3 })
    const online = await t.api('channels.members', { as: 'bob', query: { roomName: 'demo-channel', 'status[]': 'online' } })
    expect(online.body.members.map((m: { username: string }) => m.username)).toStrictEqual(['demo'])
    const unknownKey = await t.api('channels.members', { as: 'bob', query: { roomName: 'demo-channel', nope: '1' } })
    expect(unknownKey.status).toBe(400)
    expect(unknownKey.body.errorType).toBe('error-invalid-params')
    // A broadcast channel's members: owners, moderators and admins only.
    t.mock.core.db.rooms.patch(t.room('demo-channel'), (r) => (r.broadcast = true))
    expect((await t.api('channels.members', { as: 'bob', query: { roomName: 'demo-channel' } })).status).toBe(403)
    expect((await t.api('channels.members', { as: 'demo', query: { roomName: 'demo-channel' } })).status).toBe(200)
  })

  it('info by id or name; not a channel → error-room-not-found', async () => {
    const byId = await t.api('channels.info', { as: 'bob', query: { roomId: 'GENERAL' } })
    expect(byId.body.channel).toMatchObject({ _id: 'GENERAL', name: 'general' })
    const byName = await t.api('channels.info', { as: 'bob', query: { roomName: 'general' } })
    expect(byName.body.channel).toStrictEqual(byId.body.channel)
    for (const query of [{ roomName: 'leadership' }, { roomId: t.dmId('demo', 'alice') }, { roomId: 'nope' }]) {
      const res = await t.api('channels.info', { as: 'bob', query })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(roomErrors.channelNotFound().body)
    }
    const neither = await t.api('channels.info', { as: 'bob' })
    expect(neither.body).toStrictEqual({
      success: false,
      errorType: 'error-invalid-params',
      error: "must have required property 'roomId'\nmust have required property 'roomName'\nmust match exactly one schema in oneOf",
    })
    const extra = await t.api('channels.info', { as: 'bob', query: { roomId: 'GENERAL', fields: '{}' } })
    expect(extra.body.error).toBe("must NOT have additional properties\nmust have required property 'roomName'\nmust match exactly one schema in oneOf")
    // Without view-c-room a public channel is not readable.
    t.mock.setPermission('view-c-room', ['admin'])
    const refused = await t.api('channels.info', { as: 'bob', query: { roomId: 'GENERAL' } })
    expect(refused.status).toBe(403)
    expect(refused.body).toStrictEqual({ success: false, error: 'unauthorized' })
  })
})

describe('channels.setTopic / archive', () => {
  it('setTopic stores the topic and posts room_changed_topic; same topic and no right are refused', async () => {
    const res = await t.api('channels.setTopic', { as: 'demo', body: { roomName: 'demo-channel', topic: 'New topic' } })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ topic: 'New topic', success: true })
    expect(roomErrors.topicRequired().body.error).toBe('The bodyParam "topic" is required')
    expect(t.room('demo-channel').topic).toBe('New topic')
    expect(systemMessages(t.room('demo-channel')._id).at(-1)).toStrictEqual({ t: 'room_changed_topic', msg: 'New topic', u: 'demo' })
    expect((await t.api('channels.setTopic', { as: 'demo', body: { roomName: 'demo-channel', topic: 'New topic' } })).body).toStrictEqual(
      roomErrors.topicUnchanged().body,
    )
    expect((await t.api('channels.setTopic', { as: 'demo', body: { roomName: 'demo-channel' } })).body).toStrictEqual(roomErrors.topicRequired().body)
    const bob = await t.api('channels.setTopic', { as: 'bob', body: { roomName: 'demo-channel', topic: 'Bob was here' } })
    expect(bob.body.errorType).toBe('error-action-not-allowed')
    expect(t.room('demo-channel').topic).toBe('New topic')
  })

  it('archive marks the room and every subscription, posts room-archived; needs archive-room', async () => {
    const channel = await create('to-archive', 'demo', { members: ['alice'] })
    const refused = await t.api('channels.archive', { as: 'alice', body: { roomId: channel._id } })
    expect(refused.body).toStrictEqual(roomErrors.archiveNotAuthorized().body)
    expect(t.room(channel._id).archived).toBeUndefined()
    const res = await t.api('channels.archive', { as: 'demo', body: { roomId: channel._id } })
    expect(res.body).toStrictEqual({ success: true })
    expect(t.room(channel._id).archived).toBe(true)
    for (const sub of t.mock.db.subscriptions.sorted('room', channel._id)) expect(sub).toMatchObject({ archived: true, open: false, alert: false })
    expect(systemMessages(channel._id)).toStrictEqual([{ t: 'room-archived', msg: '', u: 'demo' }])
    expect((await t.api('channels.archive', { as: 'demo', body: { roomId: channel._id } })).body).toStrictEqual(roomErrors.channelArchived('to-archive').body)
    // Still listed by info, which does not refuse archived rooms.
    expect((await t.api('channels.info', { as: 'demo', query: { roomId: channel._id } })).body.channel.archived).toBe(true)
  })
})
