import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const ID = /^[23456789A-HJ-NP-Za-km-z]{17}$/
const post = (as: string, body: unknown) => t.api('chat.postMessage', { as, body })

describe('POST /api/v1/chat.postMessage', () => {
  describe('happy path', () => {
    it('posts a trimmed, parsed message to GENERAL and answers {ts, channel, message}', async () => {
      t.mock.clock.set(NOW)
      const demo = t.user('demo')
      const res = await post('demo', { roomId: 'GENERAL', text: '  hello *world* :smile:  ' })
      expect(res.status).toBe(200)
      expect(Object.keys(res.body)).toStrictEqual(['ts', 'channel', 'message', 'success'])
      expect(res.body.ts).toBe(Date.parse(NOW))
      expect(res.body.channel).toBe('GENERAL')
      expect(res.body.message._id).toMatch(ID)
      expect(res.body.message).toStrictEqual({
        _id: res.body.message._id,
        rid: 'GENERAL',
        msg: 'hello *world* :smile:',
        ts: NOW,
        u: { _id: demo._id, username: 'demo', name: 'Demo User' },
        _updatedAt: NOW,
        md: [
          {
            type: 'PARAGRAPH',
            value: [
              { type: 'PLAIN_TEXT', value: 'hello ' },
              { type: 'BOLD', value: [{ type: 'PLAIN_TEXT', value: 'world' }] },
              { type: 'PLAIN_TEXT', value: ' ' },
              { type: 'EMOJI', value: { type: 'PLAIN_TEXT', value: 'smile' }, shortCode: 'smile' },
            ],
          },
        ],
        urls: [],
        mentions: [],
        channels: [],
        groupable: false,
        parseUrls: true,
        alias: '',
        attachments: [],
        unread: true,
      })
    })

    it('is visible in chat.getMessage, channels.history and the room (msgs, lm, lastMessage)', async () => {
      t.mock.clock.set(NOW)
      const msgsBefore = t.room('GENERAL').msgs
      const { body } = await post('demo', { roomId: 'GENERAL', text: 'state check' })
      const message = body.message

      const got = await t.api('chat.getMessage', { as: 'alice', query: { msgId: message._id } })
      expect(got.body).toStrictEqual({ message, success: true })

      const history = await t.api('channels.history', { as: 'bob', query: { roomId: 'GENERAL', count: 1 } })
      expect(history.body).toStrictEqual({ messages: [message], success: true })

      const rooms = await t.api('rooms.get', { as: 'alice' })
      const general = rooms.body.update.find((r: { _id: string }) => r._id === 'GENERAL')
      expect(general).toMatchObject({ msgs: msgsBefore + 1, lm: NOW, _updatedAt: NOW, lastMessage: message })
    })

    it("alerts the other members; an @mention raises the mentioned member's unread", async () => {
      t.mock.clock.set(NOW)
      const aliceSub = () => t.mock.core.subscription('GENERAL', t.user('alice')._id)!
      const unread = aliceSub().unread
      const mentions = aliceSub().userMentions
      await post('demo', { roomId: 'GENERAL', text: 'thanks @alice!' })
      const subs = await t.api('subscriptions.get', { as: 'alice', query: { updatedSince: '2026-03-01T09:00:00.000Z' } })
      const sub = subs.body.update.find((s: { rid: string }) => s.rid === 'GENERAL')
      expect(sub).toMatchObject({ alert: true, open: true, unread: unread + 1, userMentions: mentions + 1, _updatedAt: NOW })
      // The sender's own subscription is untouched.
      const own = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: '2026-03-01T09:00:00.000Z' } })
      expect(own.body.update.map((s: { rid: string }) => s.rid)).not.toContain('GENERAL')
    })

    it('resolves #name, a bare name, a room id and a DM id', async () => {
      t.mock.clock.set(NOW)
      const demoChannel = t.room('demo-channel')._id
      const cases: Array<[string, string]> = [
        ['#general', 'GENERAL'],
        ['general', 'GENERAL'],
        ['#demo-channel', demoChannel],
        [demoChannel, demoChannel],
        [t.dmId('demo', 'alice'), t.dmId('demo', 'alice')],
      ]
      for (const [target, rid] of cases) {
        const res = await post('demo', { channel: target, text: `to ${target}` })
        expect(res.status, target).toBe(200)
        expect(res.body.channel).toBe(target)
        expect(res.body.message.rid).toBe(rid)
      }
      const byRoomId = await post('demo', { roomId: '#general', text: 'roomId with #' })
      expect(byRoomId.body.message.rid).toBe('GENERAL')
    })

    it('posts to the existing DM with @username or with the user id', async () => {
      t.mock.clock.set(NOW)
      const dm = t.dmId('demo', 'alice')
      const before = t.room(dm).msgs
      const byName = await post('demo', { channel: '@alice', text: 'via @alice' })
      expect(byName.body.channel).toBe('@alice')
      expect(byName.body.message.rid).toBe(dm)
      t.mock.clock.advance(1000)
      const byId = await post('demo', { roomId: t.user('alice')._id, text: 'via user id' })
      expect(byId.body.message.rid).toBe(dm)
      expect(t.room(dm).msgs).toBe(before + 2)
      const history = await t.api('dm.history', { as: 'alice', query: { roomId: dm, count: 2 } })
      expect(history.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual(['via user id', 'via @alice'])
    })

    it('creates the DM on the fly for @username', async () => {
      t.mock.clock.set(NOW)
      const dm = t.dmId('demo', 'bob')
      expect(t.mock.db.rooms.get(dm)).toBeUndefined()
      const res = await post('demo', { channel: '@bob', text: 'first DM to bob' })
      expect(res.status).toBe(200)
      expect(res.body.message.rid).toBe(dm)

      const info = await t.api('rooms.info', { as: 'bob', query: { roomId: dm } })
      expect(info.body.room).toMatchObject({ _id: dm, t: 'd', msgs: 1, usersCount: 2, usernames: ['bob', 'demo'], lm: NOW })
      expect(info.body.room.uids).toStrictEqual([t.user('demo')._id, t.user('bob')._id].sort())
      const bobSubs = await t.api('subscriptions.get', { as: 'bob' })
      expect(bobSubs.body.update.find((s: { rid: string }) => s.rid === dm)).toMatchObject({
        t: 'd',
        name: 'demo',
        fname: 'Demo User',
        open: true,
        alert: true,
        unread: 1,
      })
      const demoSubs = await t.api('subscriptions.get', { as: 'demo' })
      expect(demoSubs.body.update.find((s: { rid: string }) => s.rid === dm)).toMatchObject({ name: 'bob', fname: 'Bob Nguyen', open: true, unread: 0 })
    })

    it('auto-joins the caller to a public channel they were not in (uj message, usersCount, unread 1)', async () => {
      t.mock.clock.set(NOW)
      const demo = t.user('demo')
      const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !t.mock.core.subscription(r._id, demo._id))!
      const { msgs, usersCount } = channel
      const res = await post('demo', { roomId: channel._id, text: 'hello strangers' })
      expect(res.status).toBe(200)
      const info = await t.api('rooms.info', { as: 'demo', query: { roomId: channel._id } })
      expect(info.body.room).toMatchObject({ msgs: msgs + 2, usersCount: usersCount + 1 })
      const history = await t.api('channels.history', { as: 'demo', query: { roomId: channel._id, count: 2 } })
      // One request, frozen clock: the join message is stamped NOW, the post (a second message write) 1 ms later.
      const joined = history.body.messages.find((m: { t?: string }) => m.t === 'uj')
      const posted = history.body.messages.find((m: { t?: string }) => m.t === undefined)
      expect(history.body.messages).toHaveLength(2)
      expect(posted).toMatchObject({ _id: res.body.message._id, ts: '2026-03-01T10:00:00.001Z' })
      expect(joined).toMatchObject({ t: 'uj', msg: 'demo', rid: channel._id, groupable: false, ts: NOW, u: { _id: demo._id, username: 'demo' } })
      expect(joined).not.toHaveProperty('md')
      const subs = await t.api('subscriptions.get', { as: 'demo' })
      expect(subs.body.update.find((s: { rid: string }) => s.rid === channel._id)).toMatchObject({
        t: 'c',
        name: channel.name,
        open: true,
        alert: true,
        unread: 1,
        userMentions: 1,
        groupMentions: 0,
        ts: NOW,
      })
      // Already a member now: a second post does not join again.
      await post('demo', { roomId: channel._id, text: 'again' })
      expect(t.room(channel._id)).toMatchObject({ msgs: msgs + 3, usersCount: usersCount + 1 })
    })

    it('posts to several targets at once (deduplicated), answering with the first message', async () => {
      t.mock.clock.set(NOW)
      const channel = t.room('demo-channel')
      const generalMsgs = t.room('GENERAL').msgs
      const channelMsgs = channel.msgs
      const res = await post('demo', { roomId: ['GENERAL', '#demo-channel', 'GENERAL'], text: 'broadcast' })
      expect(res.status).toBe(200)
      expect(res.body.channel).toBe('GENERAL')
      expect(res.body.message.rid).toBe('GENERAL')
      expect(t.room('GENERAL').msgs).toBe(generalMsgs + 1)
      expect(t.room('demo-channel').msgs).toBe(channelMsgs + 1)
      expect(t.room('demo-channel').lastMessage.msg).toBe('broadcast')
    })

    it('stores attachments (msg moved to text), emoji, and skips URL parsing when attachments are given', async () => {
      t.mock.clock.set(NOW)
      const res = await post('demo', {
        roomId: 'GENERAL',
        text: 'see https://example.com/a',
        emoji: ':robot:',
        attachments: [{ msg: 'quoted text', color: '#ff0000' }],
      })
      expect(res.status).toBe(200)
      expect(res.body.message).toMatchObject({
        msg: 'see https://example.com/a',
        emoji: ':robot:',
        attachments: [{ color: '#ff0000', text: 'quoted text' }],
        parseUrls: false,
      })
      expect(res.body.message).not.toHaveProperty('urls')
      const parsed = await post('demo', { roomId: 'GENERAL', text: 'see https://example.com/a', parseUrls: true, attachments: [] })
      expect(parsed.body.message.urls).toStrictEqual([
        {
          url: 'https://example.com/a',
          meta: expect.objectContaining({ ogTitle: 'A | Example' }),
          headers: { contentType: 'text/html; charset=utf-8', contentLength: expect.any(String) },
        },
      ])
    })

    it('coerces scalar body values to strings as ajv does', async () => {
      const res = await post('demo', { roomId: 'GENERAL', text: 42 })
      expect(res.status).toBe(200)
      expect(res.body.message.msg).toBe('42')
    })
  })

  describe('threads', () => {
    it("a reply raises the root's tcount and tlm, keeps the room's lastMessage, and hides from history", async () => {
      t.mock.clock.set(NOW)
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const lastBefore = t.room('GENERAL').lastMessage._id
      const lmBefore = t.room('GENERAL').lm
      const msgsBefore = t.room('GENERAL').msgs
      const res = await post('bob', { roomId: 'GENERAL', tmid: retro._id, text: 'Can we move it to 4pm?' })
      expect(res.status).toBe(200)
      expect(res.body.message).toMatchObject({ tmid: retro._id, rid: 'GENERAL' })
      expect(res.body.message).not.toHaveProperty('tshow')

      const root = await t.api('chat.getMessage', { as: 'demo', query: { msgId: retro._id } })
      // The reply is stamped NOW; the root's counters, a second message write, 1 ms later.
      expect(root.body.message).toMatchObject({ tcount: 5, tlm: NOW, _updatedAt: '2026-03-01T10:00:00.001Z' })
      expect(root.body.message.replies).toStrictEqual(['alice', 'bob', 'demo', 'admin'].map((u) => t.user(u)._id))

      const room = (await t.api('rooms.info', { as: 'demo', query: { roomId: 'GENERAL' } })).body.room
      expect(room.msgs).toBe(msgsBefore + 1)
      expect(room.lastMessage._id).toBe(lastBefore)
      expect(room.lm).toBe(lmBefore!.toISOString())

      const plain = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 1 } })
      expect(plain.body.messages[0]._id).not.toBe(res.body.message._id)
      const withThreads = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 1, showThreadMessages: 'true' } })
      expect(withThreads.body.messages[0]._id).toBe(res.body.message._id)
    })

    it('a reply to a new root makes the author a follower with tunread and alert; non-followers are untouched', async () => {
      t.mock.clock.set(NOW)
      const channel = t.room('demo-channel')._id
      const root = (await post('demo', { roomId: channel, text: 'Thread about the demo' })).body.message
      t.mock.clock.set('2026-03-01T10:05:00.000Z')
      const bobSubBefore = t.mock.core.subscription(channel, t.user('bob')._id)!
      const bobTunreadBefore = bobSubBefore.tunread
      const reply = await post('alice', { roomId: channel, tmid: root._id, text: 'Replying in thread' })
      expect(reply.status).toBe(200)

      const got = await t.api('chat.getMessage', { as: 'demo', query: { msgId: root._id } })
      expect(got.body.message).toMatchObject({ tcount: 1, tlm: '2026-03-01T10:05:00.000Z', _updatedAt: '2026-03-01T10:05:00.001Z' })
      expect(got.body.message.replies).toStrictEqual([t.user('demo')._id, t.user('alice')._id])

      const demoSub = (await t.api('subscriptions.get', { as: 'demo' })).body.update.find((s: { rid: string }) => s.rid === channel)
      expect(demoSub).toMatchObject({ tunread: [root._id], alert: true, open: true, lr: '2026-03-01T10:05:00.000Z' })
      const aliceSub = (await t.api('subscriptions.get', { as: 'alice' })).body.update.find((s: { rid: string }) => s.rid === channel)
      expect(aliceSub.tunread ?? []).not.toContain(root._id)
      expect(aliceSub.lr).toBe('2026-03-01T10:05:00.000Z')
      expect(t.mock.core.subscription(channel, t.user('bob')._id)!.tunread).toStrictEqual(bobTunreadBefore)
    })

    it('a reply to a reply is filed under the root', async () => {
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const firstReply = t.mock.db.messages.sorted('thread', retro._id)[0]!
      const res = await post('bob', { roomId: 'GENERAL', tmid: firstReply._id, text: 'nested?' })
      expect(res.status).toBe(200)
      expect(res.body.message.tmid).toBe(retro._id)
      expect(t.message(retro._id)!.tcount).toBe(5)
    })

    it("refuses a reply whose root is in a room the caller cannot access (the root's room wins)", async () => {
      const aliceBob = t.mock.db.messages.sorted('room', t.dmId('alice', 'bob'))[0]!
      const res = await post('demo', { roomId: 'GENERAL', tmid: aliceBob._id, text: 'sneaky' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'error-not-allowed' })
      expect(t.message(aliceBob._id)!.tcount).toBeUndefined()
    })

    it('refuses a reply when threads are disabled', async () => {
      t.use({ settings: { Threads_enabled: false } })
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const res = await post('bob', { roomId: 'GENERAL', tmid: retro._id, text: 'x' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'not-allowed [error-not-allowed]', errorType: 'error-not-allowed' })
      expect(t.message(retro._id)!.tcount).toBe(4)
    })
  })

  describe('refusals', () => {
    it('refuses an unknown target with [invalid-channel]', async () => {
      for (const target of ['nope', '#nope', '@nobody', `#${t.dmId('demo', 'alice')}`]) {
        const res = await post('demo', { channel: target, text: 'x' })
        expect(res.status, target).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
        expect(res.body).toStrictEqual(errors.invalidChannel().body)
      }
    })

    it("refuses demo posting into the private group it is not in, and into alice and bob's DM", async () => {
      const before = t.room('leadership').msgs
      for (const roomId of [t.room('leadership')._id, 'leadership', t.dmId('alice', 'bob')]) {
        const res = await post('demo', { roomId, text: 'let me in' })
        expect(res.status, roomId).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: 'error-not-allowed' })
      }
      expect(t.room('leadership').msgs).toBe(before)
    })

    it('refuses a text over Message_MaxAllowedSize (bare error, no errorType)', async () => {
      const res = await post('demo', { roomId: 'GENERAL', text: 'x'.repeat(5001) })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'error-message-size-exceeded' })
      const attachment = await post('demo', { roomId: 'GENERAL', text: 'ok', attachments: [{ text: 'y'.repeat(5001) }] })
      expect(attachment.body).toStrictEqual({ success: false, error: 'error-message-size-exceeded' })
      const exact = await post('demo', { roomId: 'GENERAL', text: 'z'.repeat(5000) })
      expect(exact.status).toBe(200)
    })

    it('honours a smaller Message_MaxAllowedSize', async () => {
      t.use({ settings: { Message_MaxAllowedSize: 10 } })
      expect((await post('demo', { roomId: 'GENERAL', text: '0123456789' })).status).toBe(200)
      expect((await post('demo', { roomId: 'GENERAL', text: '0123456789a' })).body).toStrictEqual(errors.messageSizeExceededBare().body)
    })

    it('refuses alias and avatar without message-impersonate (even for admin)', async () => {
      for (const [as, extra] of [
        ['demo', { alias: 'Someone else' }],
        ['admin', { avatar: 'https://example.com/a.png' }],
      ] as const) {
        const res = await post(as, { roomId: 'GENERAL', text: 'x', ...extra })
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: 'Not enough permission' })
      }
    })

    it('accepts alias when the role holds message-impersonate', async () => {
      t.use({ permissions: { 'message-impersonate': ['user'] } })
      const res = await post('demo', { roomId: 'GENERAL', text: 'x', alias: 'Bot-ish' })
      expect(res.status).toBe(200)
      expect(res.body.message.alias).toBe('Bot-ish')
    })

    it('refuses customFields while Message_CustomFields_Enabled is off', async () => {
      const res = await post('demo', { roomId: 'GENERAL', text: 'x', customFields: { a: 1 } })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'Custom fields not enabled' })
    })

    it('refuses @all without mention-all', async () => {
      t.use({ permissions: { 'mention-all': ['admin'] } })
      const res = await post('demo', { roomId: 'GENERAL', text: 'hey @all' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Notify all in this room not allowed [error-action-not-allowed]',
        errorType: 'error-action-not-allowed',
      })
      expect((await post('admin', { roomId: 'GENERAL', text: 'hey @all' })).status).toBe(200)
    })

    it('refuses read-only rooms (except post-readonly holders), muted users and blocked DMs', async () => {
      const channel = t.room('demo-channel')
      t.mock.db.rooms.patch(channel, (r) => (r.ro = true))
      expect((await post('bob', { roomId: channel._id, text: 'x' })).body).toStrictEqual({
        success: false,
        error: "You can't send messages because the room is readonly.",
      })
      // demo owns the channel: owners hold post-readonly.
      expect((await post('demo', { roomId: channel._id, text: 'owner speaks' })).status).toBe(200)

      t.mock.db.rooms.patch(t.room('GENERAL'), (r) => (r.muted = ['bob']))
      expect((await post('bob', { roomId: 'GENERAL', text: 'x' })).body).toStrictEqual({ success: false, error: 'You_have_been_muted' })

      const dm = t.dmId('demo', 'alice')
      t.mock.db.subscriptions.patch(t.mock.core.subscription(dm, t.user('alice')._id)!, (s) => (s.blocked = true))
      expect((await post('demo', { roomId: dm, text: 'x' })).body).toStrictEqual({ success: false, error: 'room_is_blocked' })
    })
  })

  describe('validation', () => {
    it('refuses unknown keys', async () => {
      const res = await post('demo', { roomId: 'GENERAL', text: 'x', foo: 1 })
      expect(res.status).toBe(400)
      expect(res.body.errorType).toBe('invalid-params')
      expect(res.body.error).toMatch(/^must NOT have additional properties/)
    })

    it('refuses both roomId and channel', async () => {
      const res = await post('demo', { roomId: 'GENERAL', channel: '#general', text: 'x' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        errorType: 'invalid-params',
        error: 'must NOT have additional properties\nmust NOT have additional properties\nmust match exactly one schema in oneOf',
      })
    })

    // ajv reports each oneOf branch's first error (required → additionalProperties → properties),
    // then the oneOf line.
    it('answers [invalid-channel] to a body with neither roomId nor channel (as the server tests assert)', async () => {
      const before = t.mock.db.messages.count()
      for (const body of [{}, { text: 'Sample message', alias: 'Gruggy', emoji: ':smirk:', avatar: 'http://res.guggy.com/logo_128.png' }]) {
        const res = await post('demo', body)
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
      }
      expect(t.mock.db.messages.count()).toBe(before)
    })

    it('refuses tmid in the channel form with both branch errors', async () => {
      const res = await post('demo', { channel: '#general', tmid: 'x', text: 'y' })
      expect(res.body).toStrictEqual({
        success: false,
        errorType: 'invalid-params',
        error: "must have required property 'roomId'\nmust NOT have additional properties\nmust match exactly one schema in oneOf",
      })
    })

    it('refuses a non-string text with both branch errors', async () => {
      const res = await post('demo', { roomId: 'GENERAL', text: { a: 1 } })
      expect(res.body).toStrictEqual({
        success: false,
        errorType: 'invalid-params',
        error: "must be string\nmust have required property 'channel'\nmust match exactly one schema in oneOf",
      })
    })

    it('answers 400 (never 5xx) to malformed JSON, wrong content types and wrong types', async () => {
      const cases: Array<{ body: string; type?: string }> = [
        { body: '{"roomId": "GENERAL", "text": ', type: 'application/json' },
        { body: '[]', type: 'application/json' },
        { body: '{"roomId":"GENERAL","text":"x"}', type: 'text/plain' },
        { body: '{"roomId":"GENERAL","text":"x"}' },
        { body: 'text=only-text', type: 'application/x-www-form-urlencoded' },
        { body: '\u0000\u0001binary', type: 'application/octet-stream' },
        { body: '{"roomId":null,"text":"x"}', type: 'application/json' },
        { body: '{"roomId":["GENERAL",{"a":1}],"text":"x"}', type: 'application/json' },
        { body: '{"roomId":"GENERAL","attachments":[1,2]}', type: 'application/json' },
        { body: '{"roomId":"GENERAL","parseUrls":"maybe"}', type: 'application/json' },
      ]
      for (const { body, type } of cases) {
        const res = await t.api('chat.postMessage', { as: 'demo', method: 'POST', body, headers: type ? { 'content-type': type } : {} })
        expect(res.status, `${type}: ${body}`).toBeGreaterThanOrEqual(400)
        expect(res.status, `${type}: ${body}`).toBeLessThan(500)
        expect(res.body.success).toBe(false)
      }
    })

    it('accepts a form-urlencoded body', async () => {
      const res = await t.api('chat.postMessage', {
        as: 'demo',
        method: 'POST',
        body: 'roomId=GENERAL&text=from+a+form',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(res.status).toBe(200)
      expect(res.body.message.msg).toBe('from a form')
    })
  })

  it('answers 401 without or with wrong credentials, before validating the body', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'nope' }]) {
      const res = await t.api('chat.postMessage', { ...(as ? { as } : {}), method: 'POST', body: { nonsense: true } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
