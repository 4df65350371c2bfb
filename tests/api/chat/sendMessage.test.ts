import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const send = (as: string, message: unknown, extra: Record<string, unknown> = {}) => t.api('chat.sendMessage', { as, body: { message, ...extra } })

describe('POST /api/v1/chat.sendMessage', () => {
  it('keeps a client _id and parses mentions, channels, urls and md (the reference example)', async () => {
    t.mock.clock.set(NOW)
    const alice = t.user('alice')
    const bob = t.user('bob')
    const res = await send('alice', { _id: 'client-id-0001', rid: 'GENERAL', msg: 'hi @bob see #general https://example.com' })
    expect(res.status).toBe(200)
    // The link preview comes from the generator chat.getURLPreview answers with.
    const { urlPreview: preview } = (await t.api('chat.getURLPreview', { as: 'alice', query: { roomId: 'GENERAL', url: 'https://example.com' } })).body
    expect(preview.meta.ogSiteName).toBe('Example')
    expect(Object.keys(res.body)).toStrictEqual(['message', 'success'])
    expect(res.body.message).toStrictEqual({
      _id: 'client-id-0001',
      rid: 'GENERAL',
      msg: 'hi @bob see #general https://example.com',
      ts: NOW,
      u: { _id: alice._id, username: 'alice', name: 'Alice Carter' },
      _updatedAt: NOW,
      md: [
        {
          type: 'PARAGRAPH',
          value: [
            { type: 'PLAIN_TEXT', value: 'hi ' },
            { type: 'MENTION_USER', value: { type: 'PLAIN_TEXT', value: 'bob' } },
            { type: 'PLAIN_TEXT', value: ' see ' },
            { type: 'MENTION_CHANNEL', value: { type: 'PLAIN_TEXT', value: 'general' } },
            { type: 'PLAIN_TEXT', value: ' ' },
            {
              type: 'LINK',
              value: { src: { type: 'PLAIN_TEXT', value: 'https://example.com' }, label: [{ type: 'PLAIN_TEXT', value: 'https://example.com' }] },
            },
          ],
        },
      ],
      urls: [{ url: 'https://example.com', meta: preview.meta, headers: preview.headers }],
      mentions: [{ _id: bob._id, username: 'bob', name: 'Bob Nguyen', type: 'user' }],
      channels: [{ _id: 'GENERAL', name: 'general', fname: 'general' }],
      unread: true,
    })
    // No postMessage defaults on sendMessage.
    for (const key of ['alias', 'groupable', 'parseUrls', 'attachments']) expect(res.body.message).not.toHaveProperty(key)

    const got = await t.api('chat.getMessage', { as: 'bob', query: { msgId: 'client-id-0001' } })
    expect(got.body).toStrictEqual({ message: res.body.message, success: true })
    const bobSub = (await t.api('subscriptions.get', { as: 'bob' })).body.update.find((s: { rid: string }) => s.rid === 'GENERAL')
    expect(bobSub).toMatchObject({ alert: true, _updatedAt: NOW })
  })

  it('generates a 17-char id when none is given, and shows up in the history and the DM counters', async () => {
    t.mock.clock.set(NOW)
    const dm = t.dmId('demo', 'alice')
    const aliceUnread = t.mock.core.subscription(dm, t.user('alice')._id)!.unread
    const res = await send('demo', { rid: dm, msg: 'in the DM' })
    expect(res.body.message._id).toMatch(/^[23456789A-HJ-NP-Za-km-z]{17}$/)
    const history = await t.api('dm.history', { as: 'alice', query: { roomId: dm, count: 1 } })
    expect(history.body.messages).toStrictEqual([res.body.message])
    const aliceSub = (await t.api('subscriptions.get', { as: 'alice' })).body.update.find((s: { rid: string }) => s.rid === dm)
    expect(aliceSub).toMatchObject({ unread: aliceUnread + 1, alert: true, open: true, _updatedAt: NOW })
  })

  it('stores unknown message keys as-is, drops nulls', async () => {
    const res = await send('demo', { rid: 'GENERAL', msg: 'custom', customKey: { a: 1 }, alias: null, e2e: 'pending' })
    expect(res.status).toBe(200)
    expect(res.body.message).toMatchObject({ customKey: { a: 1 }, e2e: 'pending' })
    expect(res.body.message).not.toHaveProperty('alias')
  })

  it('marks URLs not in previewUrls with ignoreParse', async () => {
    const res = await send('demo', { rid: 'GENERAL', msg: 'a https://a.example.com b https://b.example.com' }, { previewUrls: ['https://b.example.com'] })
    expect(res.body.message.urls).toStrictEqual([
      { url: 'https://a.example.com', meta: {}, ignoreParse: true },
      { url: 'https://b.example.com', meta: expect.objectContaining({ ogUrl: 'https://b.example.com', ogSiteName: 'Example' }), headers: expect.any(Object) },
    ])
  })

  describe('threads', () => {
    it('takes the room from the thread root, normalises tmid to the root, and keeps tshow:true', async () => {
      t.mock.clock.set(NOW)
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const firstReply = t.mock.db.messages.sorted('thread', retro._id)[0]!
      const res = await send('demo', { tmid: firstReply._id, msg: 'also in the channel', tshow: true })
      expect(res.status).toBe(200)
      expect(res.body.message).toMatchObject({ rid: 'GENERAL', tmid: retro._id, tshow: true })
      expect(t.message(retro._id)).toMatchObject({ tcount: 5 })
      // tshow: visible in the channel, and the room's last message.
      const history = await t.api('channels.history', { as: 'bob', query: { roomId: 'GENERAL', count: 1 } })
      expect(history.body.messages[0]._id).toBe(res.body.message._id)
      expect(t.room('GENERAL').lastMessage._id).toBe(res.body.message._id)
    })

    it('drops tshow:false', async () => {
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const res = await send('demo', { rid: 'GENERAL', tmid: retro._id, msg: 'thread only', tshow: false })
      expect(res.body.message).not.toHaveProperty('tshow')
    })

    it('refuses tshow without tmid', async () => {
      const res = await send('demo', { rid: 'GENERAL', msg: 'x', tshow: true })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'tshow provided but missing tmid [invalid-params]',
        errorType: 'invalid-params',
        details: { method: 'sendMessage' },
      })
      expect(res.body).toStrictEqual(errors.tshowWithoutTmid().body)
    })
  })

  describe('client ts', () => {
    it('keeps a ts within 10 s of the server clock', async () => {
      t.mock.clock.set(NOW)
      const res = await send('demo', { rid: 'GENERAL', msg: 'x', ts: '2026-03-01T09:59:55.000Z' })
      expect(res.body.message.ts).toBe('2026-03-01T09:59:55.000Z')
      expect(res.body.message._updatedAt).toBe(NOW)
    })

    it('replaces a ts 10–60 s off with the server time (also {$date} and epoch ms)', async () => {
      t.mock.clock.set(NOW)
      for (const ts of ['2026-03-01T10:00:30.000Z', { $date: Date.parse(NOW) - 30_000 }, Date.parse(NOW) + 45_000]) {
        t.mock.clock.set(NOW)
        const res = await send('demo', { rid: 'GENERAL', msg: 'x', ts })
        // The server time: the write's stamp (the first send gets NOW, each later one 1 ms more).
        expect(res.body.message.ts, JSON.stringify(ts)).toBe(res.body.message._updatedAt)
        expect(Date.parse(res.body.message.ts) - Date.parse(NOW), JSON.stringify(ts)).toBeLessThan(3)
      }
    })

    it('refuses a ts more than 60 s off', async () => {
      t.mock.clock.set(NOW)
      const res = await send('demo', { rid: 'GENERAL', msg: 'x', ts: '2026-03-01T09:58:59.000Z' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Message timestamp is out of sync [error-message-ts-out-of-sync]',
        errorType: 'error-message-ts-out-of-sync',
        details: { message_ts: '2026-03-01T09:58:59.000Z', server_ts: NOW },
      })
    })
  })

  describe('refusals', () => {
    it('refuses system message types', async () => {
      for (const type of ['uj', 'rm', 'message_pinned']) {
        const res = await send('demo', { rid: 'GENERAL', msg: 'x', t: type })
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: "Cannot send system messages using 'chat.sendMessage'" })
      }
      expect((await send('demo', { rid: 'GENERAL', msg: 'x', t: 'e2e' })).status).toBe(200)
    })

    it('refuses a message without rid (and without a resolvable tmid)', async () => {
      for (const message of [{ msg: 'x' }, { msg: 'x', rid: '' }, { msg: 'x', tmid: 'nope' }, { msg: 'x', rid: null }]) {
        const res = await send('demo', message)
        expect(res.status, JSON.stringify(message)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: "The 'rid' property on the message object is missing." })
      }
    })

    it('refuses an unknown room and rooms demo cannot access', async () => {
      expect((await send('demo', { rid: 'nope', msg: 'x' })).body).toStrictEqual({ success: false, error: 'error-invalid-room' })
      expect((await send('demo', { rid: t.room('leadership')._id, msg: 'x' })).body).toStrictEqual({ success: false, error: 'error-not-allowed' })
      expect((await send('demo', { rid: t.dmId('alice', 'bob'), msg: 'x' })).body).toStrictEqual({ success: false, error: 'error-not-allowed' })
    })

    it('posts into a public channel without joining it', async () => {
      const demo = t.user('demo')
      const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !t.mock.core.subscription(r._id, demo._id))!
      const res = await send('demo', { rid: channel._id, msg: 'drive-by' })
      expect(res.status).toBe(200)
      expect(t.mock.core.subscription(channel._id, demo._id)).toBeUndefined()
    })

    it('refuses a duplicate _id without overwriting the original', async () => {
      const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
      const res = await send('demo', { _id: welcome._id, rid: 'GENERAL', msg: 'overwrite?' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(errors.duplicateMessageId().body)
      expect(t.message(welcome._id)!.msg).toBe(DEFAULT_TEXTS.welcome)
    })

    it('refuses a message over Message_MaxAllowedSize', async () => {
      const res = await send('demo', { rid: 'GENERAL', msg: 'x'.repeat(5001) })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]',
        errorType: 'error-message-size-exceeded',
      })
    })

    it('refuses a reply while threads are disabled', async () => {
      t.use({ settings: { Threads_enabled: false } })
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const res = await send('demo', { rid: 'GENERAL', tmid: retro._id, msg: 'x' })
      expect(res.body).toStrictEqual({ success: false, error: 'not-allowed [error-not-allowed]', errorType: 'error-not-allowed' })
    })

    it('refuses alias without message-impersonate and customFields while disabled', async () => {
      expect((await send('demo', { rid: 'GENERAL', msg: 'x', alias: 'Boss' })).body).toStrictEqual({ success: false, error: 'Not enough permission' })
      expect((await send('demo', { rid: 'GENERAL', msg: 'x', customFields: { a: 1 } })).body).toStrictEqual({
        success: false,
        error: 'Custom fields not enabled',
      })
    })

    it('accepts customFields when Message_CustomFields_Enabled is on', async () => {
      t.use({ settings: { Message_CustomFields_Enabled: true, Message_CustomFields: JSON.stringify({ properties: { a: { type: 'number' } } }) } })
      const res = await send('demo', { rid: 'GENERAL', msg: 'x', customFields: { a: 1 } })
      expect(res.status).toBe(200)
      expect(res.body.message.customFields).toStrictEqual({ a: 1 })
    })
  })

  describe('validation', () => {
    it.each([
      [{}, "must have required property 'message'"],
      [{ message: 'text' }, 'must be object'],
      [{ message: null }, 'must be object'],
      [{ message: { rid: 'GENERAL', msg: 'x' }, extra: 1 }, 'must NOT have additional properties'],
      [{ message: { rid: 'GENERAL', msg: ['a'] } }, 'must be string'],
      [{ message: { rid: 'GENERAL', msg: 'x', tshow: 'yes' } }, 'must be boolean'],
      [{ message: { rid: 'GENERAL', msg: 'x', attachments: 'no' } }, 'must be array'],
      [{ message: { rid: 'GENERAL', msg: 'x' }, previewUrls: 'x' }, 'must be array'],
    ])('refuses %j: %s', async (body, error) => {
      const res = await t.api('chat.sendMessage', { as: 'demo', body })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, errorType: 'invalid-params', error })
    })

    it('coerces scalars to strings as ajv does', async () => {
      const res = await send('demo', { rid: 'GENERAL', msg: 5 })
      expect(res.status).toBe(200)
      expect(res.body.message.msg).toBe('5')
    })

    it('answers 400 (never 5xx) to malformed bodies', async () => {
      for (const [body, type] of [
        ['{"message": {', 'application/json'],
        ['{"message":{"rid":"GENERAL","msg":"x"}}', 'text/plain'],
        ['message=hello', 'application/x-www-form-urlencoded'],
        ['', 'application/json'],
        ['{"message":{"rid":{"$ne":1},"msg":"x"}}', 'application/json'],
        ['{"message":{"rid":"GENERAL","msg":"x","ts":{"$date":"garbage"}}}', 'application/json'],
      ] as const) {
        const res = await t.api('chat.sendMessage', { as: 'demo', method: 'POST', body, headers: { 'content-type': type } })
        expect(res.status, body).toBeLessThan(500)
        if (res.status !== 200) expect(res.body.success).toBe(false)
      }
    })
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api('chat.sendMessage', { ...(as ? { as } : {}), method: 'POST', body: { message: { rid: 'GENERAL', msg: 'x' } } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
