/** The DDP method table over a socket, and the same table through `method.call` over REST. */
import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { realtimeSetup, TRANSPORTS, type RawSocket, NOW } from './harness.js'

const USER_NOT_FOUND = { isClientSafe: true, error: 401, reason: 'User not found', message: 'User not found [401]', errorType: 'Meteor.Error' }
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe.each(TRANSPORTS)('DDP methods over %s', (transport) => {
  const t = realtimeSetup(transport)
  let s: RawSocket
  beforeEach(async () => {
    await t.use()
    s = await t.socket()
    await s.handshake()
  })
  const as = async (username: string) => s.login(t.mock.login(username).authToken)

  it('login with a sha-256 digest; every failure is 401 "User not found" and the socket stays usable', async () => {
    const ok = await s.call('login', { user: { username: 'alice' }, password: { digest: sha256('alice'), algorithm: 'sha-256' } })
    const alice = t.mock.core.findUser('alice')!
    expect(ok.result).toEqual({ id: alice._id, token: expect.stringMatching(/^.{43}$/), tokenExpires: { $date: expect.any(Number) }, type: 'password' })
    expect(ok.result.tokenExpires.$date).toBe(Date.parse(NOW) + 90 * 86_400_000)
    expect(await s.next((f) => f.msg === 'added' && f.collection === 'users')).toMatchObject({ id: alice._id, fields: { username: 'alice' } })
    // The DDP token works for REST.
    const me = await fetch(`${t.origin}/api/v1/me`, { headers: { 'x-user-id': alice._id, 'x-auth-token': ok.result.token } })
    expect((await me.json()).username).toBe('alice')
    for (const bad of [
      { user: { username: 'alice' }, password: { digest: sha256('wrong'), algorithm: 'sha-256' } },
      { user: { username: 'nobody' }, password: 'x' },
      { user: { email: 'nobody@example.com' }, password: 'x' },
      { resume: 'not-a-token' },
      { what: 1 },
      'text',
    ]) {
      expect((await s.call('login', bad)).error).toEqual(USER_NOT_FOUND)
    }
    expect((await s.call('license:getModules')).result).toEqual([])
  })

  it('sendMessage, updateMessage, setReaction and deleteMessage change the same state REST reads', async () => {
    await as('bob')
    const sent = await s.call('sendMessage', { _id: 'ddp-message-1', rid: 'GENERAL', msg: 'from ddp' })
    expect(sent.result).toMatchObject({ _id: 'ddp-message-1', rid: 'GENERAL', msg: 'from ddp', u: { username: 'bob' }, ts: { $date: Date.parse(NOW) } })
    let read = await t.api('chat.getMessage?msgId=ddp-message-1', { as: 'alice' })
    expect(read.body.message.msg).toBe('from ddp')

    const edited = await s.call('updateMessage', { _id: 'ddp-message-1', rid: 'GENERAL', msg: 'edited over ddp' })
    expect(edited).toEqual({ msg: 'result', id: edited.id })
    expect((await s.call('setReaction', ':thumbsup:', 'ddp-message-1')).error).toBeUndefined()
    read = await t.api('chat.getMessage?msgId=ddp-message-1', { as: 'alice' })
    expect(read.body.message).toMatchObject({ msg: 'edited over ddp', editedBy: { username: 'bob' }, reactions: { ':thumbsup:': { usernames: ['bob'] } } })

    const badKey = await s.call('updateMessage', { _id: 'ddp-message-1', rid: 'GENERAL', msg: 'x', pinned: true })
    expect(badKey.error).toMatchObject({ error: 'error-invalid-update-key', reason: 'Cannot update key pinned' })
    const notMine = await s.call('updateMessage', {
      _id: t.mock.db.messages.sorted('room', 'GENERAL').find((m) => m.u.username === 'alice' && !m.t)!._id,
      rid: 'GENERAL',
      msg: 'hijack',
    })
    expect(notMine.error).toMatchObject({ error: 'error-action-not-allowed', errorType: 'Meteor.Error' })
    expect((await s.call('setReaction', ':no-such-emoji:', 'ddp-message-1')).error).toMatchObject({
      error: 'error-not-allowed',
      reason: 'Invalid emoji provided.',
    })

    expect((await s.call('deleteMessage', { _id: 'ddp-message-1' })).error).toBeUndefined()
    read = await t.api('chat.getMessage?msgId=ddp-message-1', { as: 'alice' })
    expect(read.status).toBe(400)
  })

  it('sendMessage refuses unknown keys (500, as check() does) and reports other errors as an ephemeral message', async () => {
    const anonymous = await s.call('sendMessage', { rid: 'GENERAL', msg: 'x' })
    expect(anonymous.error).toMatchObject({ error: 'error-invalid-user' })
    const aliceId = (await as('alice')).result.id
    expect((await s.call('sendMessage', { rid: 'GENERAL', msg: 'x', pinned: true })).error).toMatchObject({ error: 500, reason: 'Internal server error' })
    await s.stream('notify-user', `${aliceId}/message`)
    const tooLong = await s.call('sendMessage', { rid: 'GENERAL', msg: 'x'.repeat(5001) })
    expect(tooLong).toEqual({ msg: 'result', id: tooLong.id })
    const [ephemeral] = await s.event('notify-user', `${aliceId}/message`)
    expect(ephemeral).toMatchObject({ rid: 'GENERAL', private: true, msg: expect.stringContaining('size exceeds') })
    const closed = await s.call('sendMessage', { rid: t.mock.core.findRoom('leadership')!._id.replace(/./, 'X'), msg: 'x' })
    expect(closed.result).toBeUndefined()
  })

  it('loadHistory, loadNextMessages and loadSurroundingMessages page the room', async () => {
    await as('alice')
    const all = t.mock.db.messages.sorted('room', 'GENERAL').filter((m) => !m._hidden)
    const newest = all.slice(-3).reverse()
    const history = await s.call('loadHistory', 'GENERAL', null, 3)
    expect(history.result.messages.map((m: any) => m._id)).toEqual(newest.map((m) => m._id))
    const mid = all[5]!
    const next = await s.call('loadNextMessages', 'GENERAL', { $date: mid.ts.getTime() }, 2)
    expect(next.result.messages.map((m: any) => m._id)).toEqual(
      all
        .filter((m) => m.ts > mid.ts)
        .slice(0, 2)
        .map((m) => m._id),
    )
    const around = await s.call('loadSurroundingMessages', { _id: mid._id }, 5)
    expect(around.result.messages.map((m: any) => m._id)).toEqual([all[4]!._id, all[3]!._id, mid._id, all[6]!._id, all[7]!._id])
    expect(around.result).toMatchObject({ moreBefore: true, moreAfter: true })
    const dm = [t.mock.core.findUser('demo')!._id, t.mock.core.findUser('bob')!._id].sort().join('')
    expect((await s.call('loadHistory', dm)).result).toBe(false)
    const withUnread = await s.call('loadHistory', 'GENERAL', null, 2, { $date: all.at(-5)!.ts.getTime() })
    expect(withUnread.result.firstUnread._id).toBe(all.at(-4)!._id)
    expect(withUnread.result.unreadNotLoaded).toBe(2)
  })

  it('getThreadMessages returns the root then replies newest first, and reads the thread', async () => {
    await as('alice')
    const root = t.mock.db.messages.sorted('room', 'GENERAL').find((m) => (m.tcount ?? 0) >= 2)!
    const replies = t.mock.db.messages.sorted('thread', root._id).filter((m) => !m._hidden)
    const result = await s.call('getThreadMessages', { tmid: root._id })
    expect(result.result.map((m: any) => m._id)).toEqual([root._id, ...replies.map((m) => m._id).reverse()])
    expect((await s.call('getThreadMessages', { tmid: root._id, limit: 101 })).error).toMatchObject({ error: 'error-not-allowed', reason: 'max limit: 100' })
    expect((await s.call('getThreadMessages', { tmid: 'missing' })).result).toEqual([])
  })

  it('subscriptions/get and rooms/get answer lists, or {update, remove} with a date', async () => {
    expect((await s.call('subscriptions/get')).result).toEqual([])
    await as('alice')
    const all = (await s.call('subscriptions/get')).result
    const rest = await t.api('subscriptions.get', { as: 'alice' })
    expect(all.map((x: any) => x._id).sort()).toEqual(rest.body.update.map((x: any) => x._id).sort())
    const since = (await s.call('subscriptions/get', { $date: Date.parse(NOW) })).result
    expect(since).toEqual({ update: [], remove: [] })
    await t.api('chat.sendMessage', { as: 'bob', body: { message: { rid: 'GENERAL', msg: 'hey' } } })
    t.mock.clock.advance(1)
    const rooms = (await s.call('rooms/get', { $date: Date.parse(NOW) - 1 })).result
    expect(rooms.update.map((r: any) => r._id)).toEqual(['GENERAL'])
    expect((await s.call('rooms/get', 'yesterday')).error).toMatchObject({ error: 500 })
  })

  it('readMessages with readThreads clears the counters and the thread unreads', async () => {
    await as('alice')
    await t.api('chat.sendMessage', { as: 'bob', body: { message: { rid: 'GENERAL', msg: 'hi @alice' } } })
    const before = t.mock.core.subscription('GENERAL', t.mock.core.findUser('alice')!._id)!
    expect(before.userMentions).toBeGreaterThan(0)
    expect((await s.call('readMessages', 'GENERAL', true)).error).toBeUndefined()
    const after = t.mock.core.subscription('GENERAL', t.mock.core.findUser('alice')!._id)!
    expect([after.unread, after.userMentions, after.alert, after.tunread]).toEqual([0, 0, false, []])
    expect((await s.call('readMessages', 'nope')).error).toMatchObject({ error: 'error-room-does-not-exist' })
  })

  it('presence: setUserStatus reaches user-status, stream-user-presence and the own userData', async () => {
    const bobId = (await as('bob')).result.id
    const watcher = await t.socket()
    await watcher.handshake()
    await watcher.login(t.mock.login('alice').authToken)
    await watcher.stream('notify-logged', 'user-status')
    const presence = await watcher.sub('stream-user-presence', '', { added: [bobId] })
    expect(presence.frame.msg).toBe('ready')
    const initial = await watcher.next((f) => f.collection === 'stream-user-presence')
    expect(initial).toEqual({
      msg: 'changed',
      collection: 'stream-user-presence',
      id: bobId,
      fields: { uid: bobId, args: [['bob', expect.any(Number), expect.any(String)]], eventName: bobId },
    })
    const second = await watcher.sub('stream-user-presence', '', { removed: [] })
    expect(second.frame).toEqual({ msg: 'nosub', id: second.id })
    await s.stream('notify-user', `${bobId}/userData`)
    await s.call('setUserStatus', 'busy', 'In a meeting')
    expect(await watcher.event('notify-logged', 'user-status')).toEqual([[bobId, 'bob', 3, 'In a meeting', expect.any(String), ['user']]])
    const frame = await watcher.next((f) => f.collection === 'stream-user-presence')
    expect(frame.fields.args).toEqual([['bob', 3, 'In a meeting']])
    expect(await s.event('notify-user', `${bobId}/userData`)).toEqual([
      { type: 'updated', id: bobId, diff: { status: 'busy', statusText: 'In a meeting' }, unset: {} },
    ])
    const info = await t.api(`users.info?username=bob`, { as: 'alice' })
    expect(info.body.user).toMatchObject({ status: 'busy', statusText: 'In a meeting' })
  })

  it('settings and permissions changed through the mock reach their streams', async () => {
    await as('alice')
    await s.stream('notify-all', 'public-settings-changed')
    await s.stream('notify-logged', 'permissions-changed')
    t.mock.setSetting('Message_AllowEditing', false)
    expect(await s.event('notify-all', 'public-settings-changed')).toEqual([
      'updated',
      { _id: 'Message_AllowEditing', value: false, enterprise: false, requiredOnWizard: false, properties: {} },
    ])
    t.mock.setPermission('pin-message', ['admin'])
    expect(await s.event('notify-logged', 'permissions-changed')).toEqual([
      'updated',
      { _id: 'pin-message', roles: ['admin'], _updatedAt: { $date: Date.parse(NOW) } },
    ])
    const list = (await s.call('permissions/get')).result
    expect(list.find((p: any) => p._id === 'pin-message').roles).toEqual(['admin'])
    const settings = (await s.call('public-settings/get')).result
    expect(settings.find((x: any) => x._id === 'Message_AllowEditing').value).toBe(false)
  })
})

describe.each(TRANSPORTS)('method.call over REST (%s)', (transport) => {
  const t = realtimeSetup(transport)
  beforeEach(async () => {
    await t.use()
  })
  const call = (path: string, message: unknown, as?: string) =>
    t.api(path, { as, body: { message: typeof message === 'string' ? message : JSON.stringify(message) } })

  it('runs a method with the caller’s identity and answers the EJSON result frame', async () => {
    const res = await call(
      'method.call/sendMessage',
      { msg: 'method', id: '7', method: 'sendMessage', params: [{ rid: 'GENERAL', msg: 'over the bridge' }] },
      'bob',
    )
    expect(res.status).toBe(200)
    expect(res.body.success).toBe(true)
    const frame = JSON.parse(res.body.message)
    expect(frame).toMatchObject({ msg: 'result', id: '7', result: { msg: 'over the bridge', u: { username: 'bob' }, ts: { $date: Date.parse(NOW) } } })
    const voidResult = await call('method.call/readMessages', { msg: 'method', id: '8', method: 'readMessages', params: ['GENERAL'] }, 'bob')
    expect(JSON.parse(voidResult.body.message)).toEqual({ msg: 'result', id: '8' })
  })

  it('method errors are 200 with the error in the frame; auth and shape are checked', async () => {
    const unknown = await call('method.call/nope', { msg: 'method', id: '1', method: 'nope', params: [] }, 'bob')
    expect(unknown.status).toBe(200)
    expect(JSON.parse(unknown.body.message).error).toMatchObject({ error: 404, reason: "Method 'nope' not found" })
    const anonymous = await call('method.call/x', { msg: 'method', id: '1', method: 'license:getModules', params: [] })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error).toBe('You must be logged in to do this.')
    const bad = await call('method.call/x', 'not json', 'bob')
    expect([bad.status, bad.body]).toEqual([400, { success: false, error: 'Invalid method call' }])
    const extra = await t.api('method.call/x', { as: 'bob', body: { message: '{}', other: 1 } })
    expect(extra.status).toBe(400)
    expect(extra.body.errorType).toBe('invalid-params')
  })

  it('callAnon logs in with a digest and works without headers', async () => {
    const res = await call('method.callAnon/login', {
      msg: 'method',
      id: '2',
      method: 'login',
      params: [{ user: { username: 'alice' }, password: { digest: sha256('alice'), algorithm: 'sha-256' } }],
    })
    const frame = JSON.parse(res.body.message)
    expect(frame.result).toMatchObject({ id: t.mock.core.findUser('alice')!._id, type: 'password' })
    const me = await fetch(`${t.origin}/api/v1/me`, { headers: { 'x-user-id': frame.result.id, 'x-auth-token': frame.result.token } })
    expect(me.status).toBe(200)
    const settings = await call('method.callAnon/public-settings:get', { msg: 'method', id: '3', method: 'public-settings/get', params: [] })
    expect(JSON.parse(settings.body.message).result.length).toBeGreaterThan(10)
  })
})
