/**
 * The rooms lifecycle as a realtime client sees it: REST writes to rooms and subscriptions
 * (create, invite, kick, favorite) reach the member's own `subscriptions-changed` and
 * `rooms-changed` streams, and the system messages reach `room-messages`.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { realtimeSetup, TRANSPORTS, type RawSocket } from './harness.js'

describe.each(TRANSPORTS)('rooms lifecycle events (%s)', (transport) => {
  const t = realtimeSetup(transport)
  let s: RawSocket
  let bobId: string
  beforeEach(async () => {
    await t.use()
    s = await t.socket()
    await s.handshake()
    bobId = t.mock.core.findUser('bob')!._id
    await s.login(t.mock.login('bob').authToken)
    expect((await s.stream('notify-user', `${bobId}/subscriptions-changed`)).frame.msg).toBe('ready')
    expect((await s.stream('notify-user', `${bobId}/rooms-changed`)).frame.msg).toBe('ready')
  })

  it('create with bob as a member, favorite, then kick: inserted, updated, removed', async () => {
    const created = await t.api('channels.create', { as: 'demo', body: { name: 'live-room', members: ['bob'] } })
    expect(created.status).toBe(200)
    const rid = created.body.channel._id
    const [subAction, sub] = await s.event('notify-user', `${bobId}/subscriptions-changed`)
    expect([subAction, sub.rid, sub.name]).toEqual(['inserted', rid, 'live-room'])
    const [roomAction, room] = await s.event('notify-user', `${bobId}/rooms-changed`)
    expect([roomAction, room._id]).toEqual(['inserted', rid])

    expect((await t.api('rooms.favorite', { as: 'bob', body: { roomId: rid, favorite: true } })).status).toBe(200)
    const [favAction, fav] = await s.event('notify-user', `${bobId}/subscriptions-changed`)
    expect([favAction, fav.rid, fav.f]).toEqual(['updated', rid, true])

    expect((await s.stream('room-messages', rid)).frame.msg).toBe('ready')
    expect((await t.api('channels.kick', { as: 'demo', body: { roomId: rid, username: 'bob' } })).status).toBe(200)
    const [removed, gone] = await s.event('notify-user', `${bobId}/subscriptions-changed`)
    expect([removed, gone.rid]).toEqual(['removed', rid])
  })

  it('an invitation arrives as an inserted subscription; the au message reaches the room stream of members', async () => {
    expect((await s.stream('room-messages', 'GENERAL')).frame.msg).toBe('ready')
    const created = await t.api('channels.create', { as: 'demo', body: { name: 'invite-live' } })
    const rid = created.body.channel._id
    expect((await t.api('channels.invite', { as: 'demo', body: { roomId: rid, username: 'bob' } })).status).toBe(200)
    const [action, sub] = await s.event('notify-user', `${bobId}/subscriptions-changed`)
    expect([action, sub.rid, sub.unread, sub.alert]).toEqual(['inserted', rid, 1, true])
    expect((await s.stream('room-messages', rid)).frame.msg).toBe('ready')
    expect((await t.api('channels.setTopic', { as: 'demo', body: { roomId: rid, topic: 'Live topic' } })).status).toBe(200)
    const [message] = await s.event('room-messages', rid)
    expect(message).toMatchObject({ t: 'room_changed_topic', msg: 'Live topic', rid })
  })
})
