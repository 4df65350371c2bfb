/**
 * The same flows through a real client: `RestClient` from @rocket.chat/api-client (what
 * Rocket.Chat's own web client uses), talking to the mock through MSW's `setupServer`.
 */
import { RestClient } from '@rocket.chat/api-client'
import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../seeds/default.js'
import { NOW, ORIGIN, setup } from './helpers.js'

const t = setup()

async function loggedIn(user: string): Promise<RestClient> {
  const client = new RestClient({ baseUrl: ORIGIN })
  const login = await client.post('/v1/login', { user, password: user })
  expect(login).toMatchObject({ status: 'success', data: { userId: t.user(user)._id } })
  const data = (login as unknown as { data: { userId: string; authToken: string } }).data
  client.setCredentials({ 'X-User-Id': data.userId, 'X-Auth-Token': data.authToken })
  return client
}

describe('@rocket.chat/api-client RestClient against the mock', () => {
  it('logs in and reads /me and /api/info', async () => {
    const client = await loggedIn('demo')
    const me = await client.get('/v1/me')
    expect(me).toMatchObject({ _id: t.user('demo')._id, username: 'demo', name: 'Demo User', success: true })
    const info = await client.get('/info' as never)
    expect(info).toMatchObject({ version: '8.6', success: true })
  })

  it('posts to GENERAL, reads the history, edits, deletes', async () => {
    t.mock.clock.set(NOW)
    const client = await loggedIn('demo')

    const posted = await client.post('/v1/chat.postMessage', { roomId: 'GENERAL', text: 'Hello from the real client' })
    const message = posted.message as unknown as { _id: string; rid: string; msg: string; ts: string }
    expect(message).toMatchObject({ rid: 'GENERAL', msg: 'Hello from the real client', ts: NOW })

    const history = await client.get('/v1/channels.history', { roomId: 'GENERAL', count: 2 })
    expect(history.messages.map((m) => m._id)).toStrictEqual([message._id, t.historyIds('GENERAL')[1]])

    t.mock.clock.set('2026-03-01T10:02:00.000Z')
    const updated = await client.post('/v1/chat.update', { roomId: 'GENERAL', msgId: message._id, text: 'Hello, edited' })
    expect(updated.message).toMatchObject({ _id: message._id, msg: 'Hello, edited', editedAt: '2026-03-01T10:02:00.000Z' })

    const got = await client.get('/v1/chat.getMessage', { msgId: message._id })
    expect(got.message).toMatchObject({ msg: 'Hello, edited', editedBy: { username: 'demo' } })

    const deleted = await client.post('/v1/chat.delete', { roomId: 'GENERAL', msgId: message._id })
    expect(deleted).toMatchObject({ _id: message._id, success: true })

    // The client rejects non-2xx answers with the Response itself.
    const gone = await client.get('/v1/chat.getMessage', { msgId: message._id }).then(
      () => undefined,
      (error: unknown) => error as Response,
    )
    expect(gone).toBeInstanceOf(Response)
    expect(gone!.status).toBe(400)
    expect(await gone!.json()).toStrictEqual({ success: false })
  })

  it("reads demo's DM history with alice and posts into it", async () => {
    t.mock.clock.set(NOW)
    const dm = t.dmId('demo', 'alice')
    const demo = await loggedIn('demo')
    const history = await demo.get('/v1/dm.history', { roomId: dm, count: 100 })
    expect(history.messages.map((m) => m._id)).toStrictEqual(t.historyIds(dm))
    expect(history.messages.at(-1)!.msg).toBe(DEFAULT_TEXTS.dmHello)

    await demo.post('/v1/chat.sendMessage', { message: { rid: dm, msg: 'sent via the client' } })
    const alice = await loggedIn('alice')
    const im = await alice.get('/v1/im.history', { roomId: dm, count: 1 })
    expect(im.messages[0]).toMatchObject({ msg: 'sent via the client', u: { username: 'demo' } })
    const messages = await alice.get('/v1/dm.messages', { roomId: dm, count: 1 })
    expect(messages).toMatchObject({ count: 1, offset: 0, total: t.historyIds(dm, { showThreadMessages: true }).length })
  })

  it('loads rooms and subscriptions the way the client boots', async () => {
    const client = await loggedIn('alice')
    // Not in this version's rest-typings path table; the client sends them all the same.
    const rooms = await client.get('/v1/rooms.get' as never)
    const subs = await client.get('/v1/subscriptions.get' as never)
    const roomIds = (rooms as unknown as { update: Array<{ _id: string }> }).update.map((r) => r._id).sort()
    const subRids = (subs as unknown as { update: Array<{ rid: string }> }).update.map((s) => s.rid).sort()
    expect(roomIds).toStrictEqual(subRids)
    expect(roomIds).toContain(t.room('leadership')._id)
  })

  it('surfaces 401 and 403 as rejected Responses', async () => {
    const anonymous = new RestClient({ baseUrl: ORIGIN })
    const unauthenticated = await anonymous.get('/v1/me').catch((error: unknown) => error as Response)
    expect((unauthenticated as Response).status).toBe(401)
    expect(await (unauthenticated as Response).json()).toStrictEqual({
      success: false,
      error: 'You must be logged in to do this.',
      status: 'error',
      message: 'You must be logged in to do this.',
    })
    const wrongLogin = await anonymous.post('/v1/login', { user: 'demo', password: 'nope' }).catch((error: unknown) => error as Response)
    expect((wrongLogin as Response).status).toBe(401)

    const demo = await loggedIn('demo')
    const forbidden = await demo.get('/v1/dm.history', { roomId: t.dmId('alice', 'bob') }).catch((error: unknown) => error as Response)
    expect((forbidden as Response).status).toBe(403)
    expect(await (forbidden as Response).json()).toStrictEqual({ success: false, error: 'unauthorized' })
  })

  it('logs out', async () => {
    const client = await loggedIn('bob')
    expect(await client.post('/v1/logout')).toStrictEqual({ status: 'success', data: { message: "You've been logged out!" } })
    const after = await client.get('/v1/me').catch((error: unknown) => error as Response)
    expect((after as Response).status).toBe(401)
  })
})
