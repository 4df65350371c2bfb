import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const LATER = '2026-03-01T10:01:00.000Z'
const update = (as: string, body: unknown) => t.api('chat.update', { as, body })
const EDIT_NOT_ALLOWED = {
  success: false,
  error: 'Message editing not allowed [error-action-not-allowed]',
  errorType: 'error-action-not-allowed',
  details: { method: 'updateMessage', action: 'Message_editing' },
}

describe('POST /api/v1/chat.update', () => {
  it("edits the author's message: text, md, mentions, editedAt/editedBy; ts and counters unchanged", async () => {
    t.mock.clock.set(NOW)
    const demo = t.user('demo')
    const bob = t.user('bob')
    const original = await t.send('demo', { rid: 'GENERAL', msg: 'first draft' })
    const msgs = t.room('GENERAL').msgs
    const bobUnread = t.mock.core.subscription('GENERAL', bob._id)!.unread
    t.mock.clock.set(LATER)
    const res = await update('demo', { roomId: 'GENERAL', msgId: original._id, text: 'final text for @bob' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['message', 'success'])
    expect(res.body.message).toStrictEqual({
      ...original,
      msg: 'final text for @bob',
      _updatedAt: LATER,
      md: [
        {
          type: 'PARAGRAPH',
          value: [
            { type: 'PLAIN_TEXT', value: 'final text for ' },
            { type: 'MENTION_USER', value: { type: 'PLAIN_TEXT', value: 'bob' } },
          ],
        },
      ],
      mentions: [{ _id: bob._id, username: 'bob', name: 'Bob Nguyen', type: 'user' }],
      editedAt: LATER,
      editedBy: { _id: demo._id, username: 'demo' },
    })
    expect(res.body.message.ts).toBe(NOW)

    const got = await t.api('chat.getMessage', { as: 'alice', query: { msgId: original._id } })
    expect(got.body.message).toStrictEqual(res.body.message)
    const room = (await t.api('rooms.info', { as: 'alice', query: { roomId: 'GENERAL' } })).body.room
    expect(room.lastMessage).toStrictEqual(res.body.message)
    expect(room.msgs).toBe(msgs)
    expect(room.lm).toBe(NOW)
    // Edits notify nobody.
    expect(t.mock.core.subscription('GENERAL', bob._id)!.unread).toBe(bobUnread)
  })

  it('is a no-op (200, nothing written) when the text is unchanged', async () => {
    t.mock.clock.set(NOW)
    const original = await t.send('demo', { rid: 'GENERAL', msg: 'same' })
    t.mock.clock.set(LATER)
    const res = await update('demo', { roomId: 'GENERAL', msgId: original._id, text: 'same' })
    expect(res.status).toBe(200)
    expect(res.body.message).toStrictEqual(original)
    expect(res.body.message).not.toHaveProperty('editedAt')
  })

  it('recomputes urls with previewUrls', async () => {
    const original = await t.send('demo', { rid: 'GENERAL', msg: 'no link' })
    const res = await update('demo', { roomId: 'GENERAL', msgId: original._id, text: 'see https://example.com/x', previewUrls: [] })
    expect(res.body.message.urls).toStrictEqual([{ url: 'https://example.com/x', meta: {}, ignoreParse: true }])
  })

  it('leaves the room lastMessage alone when editing an older message, and updates a thread reply in place', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const reply = t.mock.db.messages.sorted('thread', retro._id).find((m) => m.u.username === 'demo')!
    const lastBefore = t.room('GENERAL').lastMessage._id
    const res = await update('demo', { roomId: 'GENERAL', msgId: reply._id, text: 'Me too, and I will bring snacks.' })
    expect(res.status).toBe(200)
    expect(res.body.message).toMatchObject({ tmid: retro._id, msg: 'Me too, and I will bring snacks.' })
    expect(t.room('GENERAL').lastMessage._id).toBe(lastBefore)
    expect(t.message(retro._id)!.tcount).toBe(4)
  })

  describe('who may edit', () => {
    it("refuses bob editing alice's message", async () => {
      const alices = t.messageByText('Hi all! Glad to be here.')
      const res = await update('bob', { roomId: 'GENERAL', msgId: alices._id, text: 'hacked' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(EDIT_NOT_ALLOWED)
      expect(res.body).toStrictEqual(errors.editNotAllowed().body)
      expect(t.message(alices._id)!.msg).toBe('Hi all! Glad to be here.')
    })

    it("lets admin (edit-message) edit anyone's message, recording admin as editor", async () => {
      const alices = t.messageByText('Hi all! Glad to be here.')
      const res = await update('admin', { roomId: 'GENERAL', msgId: alices._id, text: 'moderated' })
      expect(res.status).toBe(200)
      expect(res.body.message.editedBy).toStrictEqual({ _id: t.user('admin')._id, username: 'admin' })
      expect(res.body.message.u.username).toBe('alice')
    })

    it("lets demo, owner of demo-channel, edit bob's message there but not in GENERAL", async () => {
      const bobsInChannel = t.messageByText('Nice. Testing the composer :wave:')
      expect((await update('demo', { roomId: t.room('demo-channel')._id, msgId: bobsInChannel._id, text: 'edited by owner' })).status).toBe(200)
      const bobsInGeneral = t.messageByText('Heads up: the staging deploy is green again.')
      expect((await update('demo', { roomId: 'GENERAL', msgId: bobsInGeneral._id, text: 'x' })).body).toStrictEqual(EDIT_NOT_ALLOWED)
    })

    it('refuses authors when Message_AllowEditing is false, but not edit-message holders', async () => {
      t.use({ settings: { Message_AllowEditing: false } })
      const own = await t.send('demo', { rid: 'GENERAL', msg: 'mine' })
      expect((await update('demo', { roomId: 'GENERAL', msgId: own._id, text: 'changed' })).body).toStrictEqual(EDIT_NOT_ALLOWED)
      expect(t.message(own._id)!.msg).toBe('mine')
      expect((await update('admin', { roomId: 'GENERAL', msgId: own._id, text: 'changed by admin' })).status).toBe(200)
    })

    it('refuses edits after Message_AllowEditing_BlockEditInMinutes, even for admin', async () => {
      t.use({ settings: { Message_AllowEditing_BlockEditInMinutes: 5 } })
      t.mock.clock.set(NOW)
      const own = await t.send('demo', { rid: 'GENERAL', msg: 'time-limited' })
      t.mock.clock.set('2026-03-01T10:04:59.999Z')
      expect((await update('demo', { roomId: 'GENERAL', msgId: own._id, text: 'in time' })).status).toBe(200)
      t.mock.clock.set('2026-03-01T10:05:00.000Z')
      for (const as of ['demo', 'admin']) {
        const res = await update(as, { roomId: 'GENERAL', msgId: own._id, text: 'too late' })
        expect(res.status).toBe(400)
        expect(res.body).toStrictEqual({
          success: false,
          error: 'Message editing is blocked [error-message-editing-blocked]',
          errorType: 'error-message-editing-blocked',
          details: { method: 'updateMessage' },
        })
      }
    })

    it('refuses an author who may no longer send (read-only room)', async () => {
      const own = await t.send('bob', { rid: t.room('demo-channel')._id, msg: 'before ro' })
      t.mock.db.rooms.patch(t.room('demo-channel'), (r) => (r.ro = true))
      const res = await update('bob', { roomId: t.room('demo-channel')._id, msgId: own._id, text: 'after ro' })
      expect(res.body).toStrictEqual({ success: false, error: "You can't send messages because the room is readonly." })
    })
  })

  it('keeps the pre-edit version as a hidden copy with Message_KeepHistory, invisible to history', async () => {
    t.use({ settings: { Message_KeepHistory: true } })
    t.mock.clock.set(NOW)
    const original = await t.send('demo', { rid: 'GENERAL', msg: 'v1' })
    t.mock.clock.set(LATER)
    await update('demo', { roomId: 'GENERAL', msgId: original._id, text: 'v2' })
    const copies = t.mock.db.messages.all().filter((m) => m.parent === original._id)
    expect(copies).toHaveLength(1)
    expect(json(copies[0])).toMatchObject({ msg: 'v1', _hidden: true, parent: original._id, editedAt: LATER, editedBy: { username: 'demo' }, ts: NOW })
    const history = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 2 } })
    expect(history.body.messages[0]).toMatchObject({ _id: original._id, msg: 'v2' })
    expect(history.body.messages.map((m: { msg: string }) => m.msg)).not.toContain('v1')
  })

  describe('refusals', () => {
    it('answers "No message found" for an unknown msgId', async () => {
      const res = await update('demo', { roomId: 'GENERAL', msgId: 'nope', text: 'x' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'No message found with the id of "nope".' })
    })

    it('refuses a roomId that is not the message room', async () => {
      const own = await t.send('demo', { rid: 'GENERAL', msg: 'mine' })
      const res = await update('demo', { roomId: t.room('demo-channel')._id, msgId: own._id, text: 'x' })
      expect(res.body).toStrictEqual({ success: false, error: 'The room id provided does not match where the message is from.' })
    })

    it('refuses customFields while disabled', async () => {
      const own = await t.send('demo', { rid: 'GENERAL', msg: 'mine' })
      const res = await update('demo', { roomId: 'GENERAL', msgId: own._id, text: 'x', customFields: { a: 1 } })
      expect(res.body).toStrictEqual({ success: false, error: 'Custom fields not enabled' })
    })
  })

  describe('validation', () => {
    it.each([
      [{}, "must have required property 'roomId'"],
      [{ roomId: 'GENERAL', text: 'x' }, "must have required property 'msgId'"],
      [{ roomId: 'GENERAL', msgId: 'x' }, "must have required property 'text'"],
      [{ roomId: 'GENERAL', msgId: 'x', text: 'y', extra: true }, 'must NOT have additional properties'],
      [{ roomId: 'GENERAL', msgId: 'x', text: { a: 1 } }, 'must be string'],
      [{ roomId: 'GENERAL', msgId: 'x', text: 'y', previewUrls: 'z' }, 'must be array'],
    ])('refuses %j: %s', async (body, error) => {
      const res = await update('demo', body)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, errorType: 'invalid-params', error })
    })

    it('answers 400 (never 5xx) to malformed bodies', async () => {
      for (const [body, type] of [
        ['{"roomId":', 'application/json'],
        ['roomId=GENERAL&msgId=x&text=y', 'application/x-www-form-urlencoded'],
        ['{"roomId":"GENERAL","msgId":"x","text":"y"}', 'text/plain'],
        ['[{"roomId":"GENERAL"}]', 'application/json'],
      ] as const) {
        const res = await t.api('chat.update', { as: 'demo', method: 'POST', body, headers: { 'content-type': type } })
        expect(res.status, body).toBe(400)
        expect(res.body.success).toBe(false)
      }
    })
  })

  it('answers 401 without or with wrong credentials', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api('chat.update', { ...(as ? { as } : {}), body: { roomId: 'GENERAL', msgId: 'x', text: 'y' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
