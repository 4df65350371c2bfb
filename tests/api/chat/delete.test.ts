import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const LATER = '2026-03-01T10:01:00.000Z'
const del = (as: string, body: unknown) => t.api('chat.delete', { as, body })
const NOT_ALLOWED = { success: false, error: 'Not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' }
const HEADS_UP = 'Heads up: the staging deploy is green again.'

describe('POST /api/v1/chat.delete', () => {
  it("deletes the author's message: gone from getMessage and history, msgs decremented, lastMessage restored, trashed", async () => {
    t.mock.clock.set(NOW)
    const demo = t.user('demo')
    const msgs = t.room('GENERAL').msgs
    const sent = await t.send('demo', { rid: 'GENERAL', msg: 'oops, wrong room' })
    expect(t.room('GENERAL').lastMessage._id).toBe(sent._id)
    t.mock.clock.set(LATER)

    const res = await del('demo', { roomId: 'GENERAL', msgId: sent._id })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({
      _id: sent._id,
      ts: String(Date.parse(LATER)),
      message: { _id: sent._id, rid: 'GENERAL', u: { _id: demo._id, username: 'demo', name: 'Demo User' } },
      success: true,
    })

    const got = await t.api('chat.getMessage', { as: 'demo', query: { msgId: sent._id } })
    expect(got.status).toBe(400)
    expect(got.body).toStrictEqual({ success: false })

    const room = (await t.api('rooms.info', { as: 'demo', query: { roomId: 'GENERAL' } })).body.room
    expect(room.msgs).toBe(msgs)
    expect(room.lastMessage.msg).toBe(HEADS_UP)
    expect(room.lm).toBe(NOW)
    expect(room._updatedAt).toBe(LATER)

    const history = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 1 } })
    expect(history.body.messages[0].msg).toBe(HEADS_UP)

    const trashed = t.mock.db.trash.get(sent._id)
    expect(json(trashed)).toMatchObject({
      _id: sent._id,
      rid: 'GENERAL',
      msg: 'oops, wrong room',
      _deletedAt: LATER,
      __collection__: 'message',
      _updatedAt: NOW,
    })
  })

  it('a second delete of the same message answers "No message found"', async () => {
    const sent = await t.send('demo', { rid: 'GENERAL', msg: 'twice' })
    expect((await del('demo', { roomId: 'GENERAL', msgId: sent._id })).status).toBe(200)
    const again = await del('demo', { roomId: 'GENERAL', msgId: sent._id })
    expect(again.status).toBe(400)
    expect(again.body).toStrictEqual({ success: false, error: `No message found with the id of "${sent._id}".` })
  })

  describe('who may delete', () => {
    it("refuses bob deleting alice's message (no delete-message, not the author)", async () => {
      const alices = t.messageByText('Hi all! Glad to be here.')
      const res = await del('bob', { roomId: 'GENERAL', msgId: alices._id })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(NOT_ALLOWED)
      expect(res.body).toStrictEqual(errors.deleteNotAllowed().body)
      expect(t.message(alices._id)).toBeDefined()
    })

    it("lets admin delete anyone's message", async () => {
      const alices = t.messageByText('Hi all! Glad to be here.')
      expect((await del('admin', { roomId: 'GENERAL', msgId: alices._id })).status).toBe(200)
      expect(t.message(alices._id)).toBeUndefined()
    })

    it("lets demo (room owner) delete bob's message in demo-channel, not in GENERAL", async () => {
      const channel = t.room('demo-channel')._id
      const bobs = t.messageByText('Nice. Testing the composer :wave:')
      expect((await del('demo', { roomId: channel, msgId: bobs._id })).status).toBe(200)
      expect(t.room('demo-channel').msgs).toBe(1)
      expect(t.room('demo-channel').lastMessage.msg).toBe('This is my channel. I am its owner, so I can pin here.')
      const bobsInGeneral = t.messageByText(HEADS_UP)
      expect((await del('demo', { roomId: 'GENERAL', msgId: bobsInGeneral._id })).body).toStrictEqual(NOT_ALLOWED)
    })

    it('refuses asUser for a non-author without force-delete-message; admin may delete as the author', async () => {
      const alices = t.messageByText('Hi all! Glad to be here.')
      const refused = await del('bob', { roomId: 'GENERAL', msgId: alices._id, asUser: true })
      expect(refused.body).toStrictEqual({
        success: false,
        error: 'Unauthorized. You must have the permission "force-delete-message" to delete other\'s message as them.',
      })
      const ok = await del('admin', { roomId: 'GENERAL', msgId: alices._id, asUser: true })
      expect(ok.status).toBe(200)
    })

    it('refuses everyone but force-delete holders when Message_AllowDeleting is false', async () => {
      t.use({ settings: { Message_AllowDeleting: false } })
      const own = await t.send('demo', { rid: 'GENERAL', msg: 'permanent?' })
      expect((await del('demo', { roomId: 'GENERAL', msgId: own._id })).body).toStrictEqual(NOT_ALLOWED)
      expect((await del('admin', { roomId: 'GENERAL', msgId: own._id })).status).toBe(200)
    })

    it('refuses an author without delete-own-message', async () => {
      t.use({ permissions: { 'delete-own-message': ['admin'] } })
      const own = await t.send('bob', { rid: 'GENERAL', msg: 'mine' })
      expect((await del('bob', { roomId: 'GENERAL', msgId: own._id })).body).toStrictEqual(NOT_ALLOWED)
    })

    it('refuses after Message_AllowDeleting_BlockDeleteInMinutes (force-delete holders exempt)', async () => {
      t.use({ settings: { Message_AllowDeleting_BlockDeleteInMinutes: 5 } })
      t.mock.clock.set(NOW)
      const own = await t.send('bob', { rid: 'GENERAL', msg: 'quick' })
      const other = await t.send('bob', { rid: 'GENERAL', msg: 'quick 2' })
      t.mock.clock.set('2026-03-01T10:05:29.000Z')
      expect((await del('bob', { roomId: 'GENERAL', msgId: own._id })).status).toBe(200)
      t.mock.clock.set('2026-03-01T10:05:31.000Z')
      expect((await del('bob', { roomId: 'GENERAL', msgId: other._id })).body).toStrictEqual(NOT_ALLOWED)
      expect((await del('admin', { roomId: 'GENERAL', msgId: other._id })).status).toBe(200)
    })

    it('refuses an author in a read-only room', async () => {
      const channel = t.room('demo-channel')
      const own = await t.send('bob', { rid: channel._id, msg: 'mine' })
      t.mock.db.rooms.patch(channel, (r) => (r.ro = true))
      expect((await del('bob', { roomId: channel._id, msgId: own._id })).body).toStrictEqual({
        success: false,
        error: "You can't delete messages because the room is readonly.",
      })
    })
  })

  describe('settings', () => {
    it("Message_ShowDeletedStatus leaves a t:'rm' placeholder, still counted out of msgs", async () => {
      t.use({ settings: { Message_ShowDeletedStatus: true } })
      t.mock.clock.set(NOW)
      const demo = t.user('demo')
      const msgs = t.room('GENERAL').msgs
      const sent = await t.send('demo', { rid: 'GENERAL', msg: 'now you see me https://example.com' })
      t.mock.clock.set(LATER)
      expect((await del('demo', { roomId: 'GENERAL', msgId: sent._id })).status).toBe(200)

      const got = await t.api('chat.getMessage', { as: 'alice', query: { msgId: sent._id } })
      expect(got.status).toBe(200)
      const { md: _md, ...rest } = sent
      expect(got.body.message).toStrictEqual({
        ...rest,
        t: 'rm',
        msg: '',
        urls: [],
        mentions: [],
        attachments: [],
        reactions: {},
        editedAt: LATER,
        editedBy: { _id: demo._id, username: 'demo' },
        _updatedAt: LATER,
      })
      expect(t.room('GENERAL').msgs).toBe(msgs)
      expect(t.room('GENERAL').lastMessage.msg).toBe(HEADS_UP)
      expect(t.mock.db.trash.get(sent._id)).toBeUndefined()
      const history = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 1 } })
      expect(history.body.messages[0]).toMatchObject({ _id: sent._id, t: 'rm' })
    })

    it('Message_KeepHistory alone hides the message (still readable by id, gone from history)', async () => {
      t.use({ settings: { Message_KeepHistory: true } })
      const msgs = t.room('GENERAL').msgs
      const sent = await t.send('demo', { rid: 'GENERAL', msg: 'hide me' })
      expect((await del('demo', { roomId: 'GENERAL', msgId: sent._id })).status).toBe(200)
      const got = await t.api('chat.getMessage', { as: 'demo', query: { msgId: sent._id } })
      expect(got.body.message).toMatchObject({ _id: sent._id, msg: 'hide me', _hidden: true })
      const history = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 5 } })
      expect(history.body.messages.map((m: { _id: string }) => m._id)).not.toContain(sent._id)
      expect(t.room('GENERAL').msgs).toBe(msgs)
      expect(t.mock.db.trash.get(sent._id)).toBeUndefined()
    })

    it('KeepHistory + ShowDeletedStatus: a hidden copy of the original plus the placeholder', async () => {
      t.use({ settings: { Message_KeepHistory: true, Message_ShowDeletedStatus: true } })
      const sent = await t.send('demo', { rid: 'GENERAL', msg: 'archived' })
      await del('demo', { roomId: 'GENERAL', msgId: sent._id })
      expect(t.message(sent._id)).toMatchObject({ t: 'rm', msg: '' })
      const copies = t.mock.db.messages.all().filter((m) => m.parent === sent._id)
      expect(copies.map((m) => [m.msg, m._hidden])).toStrictEqual([['archived', true]])
    })
  })

  describe('threads', () => {
    it('a thread root always becomes an rm placeholder and keeps its thread', async () => {
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const res = await del('alice', { roomId: 'GENERAL', msgId: retro._id })
      expect(res.status).toBe(200)
      const got = await t.api('chat.getMessage', { as: 'demo', query: { msgId: retro._id } })
      expect(got.body.message).toMatchObject({ t: 'rm', msg: '', tcount: 4 })
      expect(got.body.message.replies).toHaveLength(4)
      expect(t.mock.db.messages.sorted('thread', retro._id)).toHaveLength(4)
    })

    it("deleting a reply lowers the root's tcount and clears the root from every member's tunread", async () => {
      const retro = t.messageByText(DEFAULT_TEXTS.retro)
      const demoSub = () => t.mock.core.subscription('GENERAL', t.user('demo')._id)!
      expect(demoSub().tunread).toContain(retro._id)
      const reply = t.mock.db.messages.sorted('thread', retro._id).at(-1)!
      const tlm = t.message(retro._id)!.tlm!.toISOString()
      expect((await del('alice', { roomId: 'GENERAL', msgId: reply._id })).status).toBe(200)
      const root = (await t.api('chat.getMessage', { as: 'demo', query: { msgId: retro._id } })).body.message
      expect(root.tcount).toBe(3)
      expect(root.tlm).toBe(tlm)
      const sub = (await t.api('subscriptions.get', { as: 'demo' })).body.update.find((s: { rid: string }) => s.rid === 'GENERAL')
      expect(sub.tunread).not.toContain(retro._id)
    })
  })

  describe('refusals', () => {
    it('answers "No message found" for an unknown msgId', async () => {
      const res = await del('demo', { roomId: 'GENERAL', msgId: 'nope' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'No message found with the id of "nope".' })
      expect(res.body).toStrictEqual(errors.noMessageWithId('nope').body)
    })

    it('refuses a roomId that is not the message room', async () => {
      const own = await t.send('demo', { rid: 'GENERAL', msg: 'mine' })
      const res = await del('demo', { roomId: t.dmId('demo', 'alice'), msgId: own._id })
      expect(res.body).toStrictEqual(errors.roomMismatch().body)
      expect(t.message(own._id)).toBeDefined()
    })
  })

  describe('validation', () => {
    it.each([
      [{}, "must have required property 'roomId'"],
      [{ roomId: 'GENERAL' }, "must have required property 'msgId'"],
      [{ roomId: 'GENERAL', msgId: 'x', text: 'y' }, 'must NOT have additional properties'],
      [{ roomId: 'GENERAL', msgId: 'x', asUser: 'perhaps' }, 'must be boolean'],
      [{ roomId: ['GENERAL'], msgId: 'x' }, 'must be string'],
    ])('refuses %j: %s', async (body, error) => {
      const res = await del('demo', body)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, errorType: 'invalid-params', error })
    })

    it('answers 400 (never 5xx) to malformed bodies', async () => {
      for (const [body, type] of [
        ['{"roomId":"GENERAL","msgId":', 'application/json'],
        ['{"roomId":"GENERAL","msgId":"x"}', 'text/plain'],
        ['', 'application/json'],
        ['{"roomId":"GENERAL","msgId":{"$gt":""}}', 'application/json'],
      ] as const) {
        const res = await t.api('chat.delete', { as: 'demo', method: 'POST', body, headers: { 'content-type': type } })
        expect(res.status, body).toBe(400)
        expect(res.body.success).toBe(false)
      }
    })
  })

  it('answers 401 without or with wrong credentials', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    for (const as of [undefined, { userId: t.login('admin').userId, authToken: 'wrong' }]) {
      const res = await t.api('chat.delete', { ...(as ? { as } : {}), body: { roomId: 'GENERAL', msgId: welcome._id } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
    expect(t.message(welcome._id)).toBeDefined()
  })
})
