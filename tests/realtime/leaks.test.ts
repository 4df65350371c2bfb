/**
 * Persona × room × stream: who may subscribe, and that an event about a room reaches exactly
 * those who can read it — never an outsider, never an anonymous socket.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { realtimeSetup, TRANSPORTS, type RawSocket } from './harness.js'

const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const

describe.each(TRANSPORTS)('stream isolation over %s', (transport) => {
  const t = realtimeSetup(transport)
  beforeEach(async () => {
    await t.use()
  })

  function rooms() {
    const core = t.mock.core
    const dm = [core.findUser('demo')!._id, core.findUser('alice')!._id].sort().join('')
    return {
      GENERAL: { rid: 'GENERAL', readers: ['admin', 'demo', 'alice', 'bob'], poster: 'alice' },
      leadership: { rid: core.findRoom('leadership')!._id, readers: ['admin', 'alice'], poster: 'admin' },
      'demo–alice DM': { rid: dm, readers: ['demo', 'alice'], poster: 'demo' },
    }
  }

  it('subscriptions are granted exactly to readers, and events reach exactly them', async () => {
    const sockets = new Map<string, RawSocket>()
    for (const name of [...PERSONAS, 'anonymous']) {
      const s = await t.socket()
      await s.handshake()
      if (name !== 'anonymous') expect((await s.login(t.mock.login(name).authToken)).result.id).toBe(t.mock.core.findUser(name)!._id)
      expect((await s.stream('room-messages', '__my_messages__')).frame.msg).toBe('ready')
      sockets.set(name, s)
    }
    for (const [label, room] of Object.entries(rooms())) {
      for (const [name, s] of sockets) {
        const allowed = room.readers.includes(name)
        for (const [stream, event] of [
          ['room-messages', room.rid],
          ['notify-room', `${room.rid}/deleteMessage`],
          ['notify-room', `${room.rid}/user-activity`],
        ] as const) {
          const { frame } = await s.stream(stream, event)
          expect([label, name, stream, frame.msg]).toEqual([label, name, stream, allowed ? 'ready' : 'nosub'])
        }
      }
      const posted = await t.api('chat.sendMessage', { as: room.poster, body: { message: { rid: room.rid, msg: `secret of ${label}` } } })
      expect(posted.status).toBe(200)
      const id = posted.body.message._id
      await t.api('chat.delete', { as: 'admin', body: { roomId: room.rid, msgId: id } })
      for (const reader of room.readers) {
        const s = sockets.get(reader)!
        expect((await s.event('room-messages', room.rid))[0]._id).toBe(id)
        const [mine, info] = await s.event('room-messages', '__my_messages__')
        expect([mine._id, info.roomParticipant]).toEqual([id, true])
        expect(await s.event('notify-room', `${room.rid}/deleteMessage`)).toEqual([{ _id: id }])
      }
    }
    // Nothing about a room reached anyone who cannot read it.
    for (const [name, s] of sockets) {
      const leaked = (await s.collect((f) => f.msg === 'changed', 100)).filter((f) => {
        const text = JSON.stringify(f)
        return Object.entries(rooms()).some(([label, room]) => !room.readers.includes(name) && text.includes(`secret of ${label}`))
      })
      expect([name, leaked]).toEqual([name, []])
    }
    expect(sockets.get('anonymous')!.frames.filter((f) => f.msg === 'changed')).toEqual([])
  })

  it('a user stream is only for its own user', async () => {
    const s = await t.socket()
    await s.handshake()
    await s.login(t.mock.login('bob').authToken)
    const aliceId = t.mock.core.findUser('alice')!._id
    const bobId = t.mock.core.findUser('bob')!._id
    expect((await s.stream('notify-user', `${aliceId}/subscriptions-changed`)).frame.msg).toBe('nosub')
    expect((await s.stream('notify-user', `${bobId}/subscriptions-changed`)).frame.msg).toBe('ready')
    const anonymous = await t.socket()
    await anonymous.handshake()
    expect((await anonymous.stream('notify-user', `${bobId}/rooms-changed`)).frame.msg).toBe('nosub')
    expect((await anonymous.stream('notify-logged', 'user-status')).frame.msg).toBe('nosub')
    expect((await anonymous.stream('notify-all', 'public-settings-changed')).frame.msg).toBe('ready')
  })

  it('logging in re-runs subscriptions: refused ones end, the rest are confirmed', async () => {
    const s = await t.socket()
    await s.handshake()
    await s.login(t.mock.login('alice').authToken)
    const dm = rooms()['demo–alice DM'].rid
    const roomSub = await s.stream('room-messages', dm)
    const allSub = await s.stream('notify-all', 'public-settings-changed')
    expect(roomSub.frame.msg).toBe('ready')
    const result = await s.call('login', { resume: t.mock.login('bob').authToken })
    expect(result.result.id).toBe(t.mock.core.findUser('bob')!._id)
    expect(await s.next((f) => f.msg === 'nosub' && f.id === roomSub.id)).toMatchObject({ error: { error: 'not-allowed' } })
    expect(await s.next((f) => f.msg === 'ready' && f.subs.includes(allSub.id))).toBeTruthy()
    expect(await s.next((f) => f.msg === 'removed' && f.collection === 'users')).toEqual({
      msg: 'removed',
      collection: 'users',
      id: t.mock.core.findUser('alice')!._id,
    })
    await t.api('chat.sendMessage', { as: 'demo', body: { message: { rid: dm, msg: 'not for bob' } } })
    expect(await s.collect((f) => f.msg === 'changed' && JSON.stringify(f).includes('not for bob'))).toEqual([])
  })
})
