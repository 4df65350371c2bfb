/**
 * Rocket.Chat's own DDP client (`@rocket.chat/ddp-client`, DDPSDK) against the mock: connect,
 * log in with the REST token, subscribe to a room, and watch another persona's writes arrive.
 */
import { DDPSDK } from '@rocket.chat/ddp-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { realtimeSetup, TRANSPORTS } from './harness.js'

/** Resolves with the args of the next event `cb` accepts. */
function nextEvent<T extends unknown[]>(subscribe: (cb: (...args: T) => void) => unknown, accept: (...args: T) => boolean = () => true, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no event')), ms)
    subscribe((...args) => {
      if (!accept(...args)) return
      clearTimeout(timer)
      resolve(args)
    })
  })
}

describe.each(TRANSPORTS)('@rocket.chat/ddp-client over %s', (transport) => {
  const t = realtimeSetup(transport)
  const sdks: DDPSDK[] = []
  beforeEach(async () => {
    await t.use()
  })
  afterEach(() => {
    for (const sdk of sdks.splice(0)) sdk.connection.close()
  })

  async function client(username: string): Promise<DDPSDK> {
    const sdk = await DDPSDK.createAndConnect(t.origin)
    sdks.push(sdk)
    await sdk.account.loginWithToken(t.mock.login(username).authToken)
    return sdk
  }

  it('logs in with the REST token and sees another persona post, edit, react and delete live', async () => {
    const alice = await client('alice')
    expect(alice.account.uid).toBe(t.mock.core.findUser('alice')!._id)
    const events: any[] = []
    const sub = alice.stream('room-messages', 'GENERAL', (m: any) => events.push(m))
    await sub.ready()

    const posted = await t.api('chat.sendMessage', { as: 'bob', body: { message: { rid: 'GENERAL', msg: 'hello **alice**' } } })
    expect(posted.status).toBe(200)
    const id = posted.body.message._id
    await expect.poll(() => events.length).toBe(1)
    expect(events[0]).toMatchObject({
      _id: id,
      rid: 'GENERAL',
      msg: 'hello **alice**',
      u: { username: 'bob' },
      ts: { $date: Date.parse(posted.body.message.ts) },
    })
    expect(events[0].md[0].type).toBe('PARAGRAPH')

    await t.api('chat.update', { as: 'bob', body: { roomId: 'GENERAL', msgId: id, text: 'edited' } })
    await expect.poll(() => events.length).toBe(2)
    expect(events[1]).toMatchObject({ _id: id, msg: 'edited', editedBy: { username: 'bob' }, editedAt: { $date: expect.any(Number) } })

    await t.api('chat.react', { as: 'bob', body: { messageId: id, emoji: ':tada:' } })
    await expect.poll(() => events.length).toBe(3)
    expect(events[2].reactions).toEqual({ ':tada:': { usernames: ['bob'] } })

    const deleted = nextEvent<[{ _id: string }]>((cb) => alice.stream('notify-room', 'GENERAL/deleteMessage', cb))
    await new Promise((r) => setTimeout(r, 50))
    await t.api('chat.delete', { as: 'bob', body: { roomId: 'GENERAL', msgId: id } })
    expect((await deleted)[0]).toEqual({ _id: id })
    expect(events).toHaveLength(3)
  })

  it('a thread reply arrives with its parent re-sent with the new tcount', async () => {
    const alice = await client('alice')
    const events: any[] = []
    await alice.stream('room-messages', 'GENERAL', (m: any) => events.push(m)).ready()
    const root = await t.api('chat.sendMessage', { as: 'bob', body: { message: { rid: 'GENERAL', msg: 'root' } } })
    const reply = await t.api('chat.sendMessage', { as: 'demo', body: { message: { rid: 'GENERAL', msg: 'reply', tmid: root.body.message._id } } })
    await expect.poll(() => events.length).toBe(3)
    const ids = events.map((m) => m._id)
    expect(ids).toContain(reply.body.message._id)
    const parent = events.filter((m) => m._id === root.body.message._id).at(-1)
    expect(parent).toMatchObject({ tcount: 1, tlm: { $date: Date.parse(reply.body.message.ts) } })
    expect(parent.replies).toEqual(expect.arrayContaining([t.mock.core.findUser('bob')!._id, t.mock.core.findUser('demo')!._id]))
  })

  it("unread counters reach the user's own subscriptions-changed and rooms-changed streams", async () => {
    const alice = await client('alice')
    const uid = alice.account.uid!
    const subEvents: any[] = []
    const roomEvents: any[] = []
    await alice.stream('notify-user', `${uid}/subscriptions-changed`, (...args: any[]) => subEvents.push(args)).ready()
    await alice.stream('notify-user', `${uid}/rooms-changed`, (...args: any[]) => roomEvents.push(args)).ready()
    const posted = await t.api('chat.sendMessage', { as: 'bob', body: { message: { rid: 'GENERAL', msg: 'ping @alice' } } })
    await expect.poll(() => subEvents.length).toBeGreaterThan(0)
    const [action, sub] = subEvents.at(-1)
    expect(action).toBe('updated')
    expect(sub).toMatchObject({ rid: 'GENERAL', u: { username: 'alice' }, alert: true, userMentions: expect.any(Number) })
    const before = t.mock.core.subscription('GENERAL', uid)!
    expect(sub.unread).toBe(before.unread)
    await expect.poll(() => roomEvents.length).toBeGreaterThan(0)
    expect(roomEvents.at(-1)[0]).toBe('updated')
    expect(roomEvents.at(-1)[1]).toMatchObject({ _id: 'GENERAL', lastMessage: { _id: posted.body.message._id, msg: 'ping @alice' } })

    await t.api('subscriptions.read', { as: 'alice', body: { rid: 'GENERAL', readThreads: true } })
    await expect.poll(() => subEvents.at(-1)?.[1]?.unread).toBe(0)
    expect(subEvents.at(-1)[1]).toMatchObject({ alert: false, userMentions: 0, ls: { $date: expect.any(Number) } })
  })

  it('typing is relayed to the room, not echoed, and only under the caller’s own username', async () => {
    const alice = await client('alice')
    const bob = await client('bob')
    const seenByBob: any[] = []
    const seenByAlice: any[] = []
    await bob.stream('notify-room', 'GENERAL/user-activity', (...args: any[]) => seenByBob.push(args)).ready()
    await alice.stream('notify-room', 'GENERAL/user-activity', (...args: any[]) => seenByAlice.push(args)).ready()
    await alice.call('stream-notify-room', 'GENERAL/user-activity', 'alice', ['user-typing'], { tmid: 'x' })
    await expect.poll(() => seenByBob.length).toBe(1)
    expect(seenByBob[0]).toEqual(['alice', ['user-typing'], { tmid: 'x' }])
    // Forged username: silently dropped.
    await alice.call('stream-notify-room', 'GENERAL/user-activity', 'bob', ['user-typing'], {})
    await alice.call('stream-notify-room', 'GENERAL/user-activity', 'alice', [], {})
    await expect.poll(() => seenByBob.length).toBe(2)
    expect(seenByBob[1]).toEqual(['alice', [], {}])
    expect(seenByAlice).toEqual([])
  })

  it('logout ends login-only subscriptions', async () => {
    const alice = await client('alice')
    const sub = alice.stream('room-messages', 'GENERAL', () => {})
    await sub.ready()
    await alice.account.logout()
    const posted = await t.api('chat.sendMessage', { as: 'bob', body: { message: { rid: 'GENERAL', msg: 'after logout' } } })
    expect(posted.status).toBe(200)
    // The token is gone for REST too.
    const token = await t.api('me', {})
    expect(token.status).toBe(401)
  })
})
