import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const get = (as: string, query: Record<string, string | number | undefined>) => t.api('chat.getThreadMessages', { as, query })
const RETRO_REPLIES = ['Count me in.', 'Me too, I will bring the notes.', 'Booked the big room for 3pm.', 'Perfect, thanks @admin!']

describe('GET /api/v1/chat.getThreadMessages', () => {
  it("returns the retro thread's 4 replies oldest first, as stored (the root is not included)", async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const res = await get('bob', { tmid: retro._id })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'count', 'offset', 'total', 'success'])
    expect(res.body).toMatchObject({ count: 4, offset: 0, total: 4 })
    expect(res.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual(RETRO_REPLIES)
    expect(res.body.messages).toStrictEqual(RETRO_REPLIES.map((text) => json(t.messageByText(text))))
    expect(res.body.messages.every((m: { tmid: string }) => m.tmid === retro._id)).toBe(true)
  })

  it('paginates (count, offset, count=0) and sorts', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const page = await get('demo', { tmid: retro._id, count: 2, offset: 1 })
    expect(page.body).toMatchObject({ count: 2, offset: 1, total: 4 })
    expect(page.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual(RETRO_REPLIES.slice(1, 3))
    expect((await get('demo', { tmid: retro._id, count: 0 })).body.count).toBe(4)
    const desc = await get('demo', { tmid: retro._id, sort: '{"ts":-1}' })
    expect(desc.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual([...RETRO_REPLIES].reverse())
  })

  it('a reply to a reply lands in the root thread; a new reply appears last', async () => {
    t.mock.clock.set(NOW)
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const sent = await t.send('bob', { rid: 'GENERAL', msg: 'Bringing snacks.', tmid: t.messageByText('Count me in.')._id })
    expect(sent.tmid).toBe(retro._id)
    const res = await get('demo', { tmid: retro._id })
    expect(res.body.total).toBe(5)
    expect(res.body.messages.at(-1)).toStrictEqual(json(t.message(sent._id)))
    expect(res.body.messages.at(-1)).toMatchObject({ msg: 'Bringing snacks.', ts: NOW, _updatedAt: NOW, tmid: retro._id })
  })

  it("is not normalised: a starred reply keeps every user's star; e2e is stripped", async () => {
    const root = await t.send('demo', { rid: 'GENERAL', msg: 'root' })
    const reply = await t.send('alice', { rid: 'GENERAL', msg: 'encrypted-ish', tmid: root._id, e2e: 'pending' })
    expect(t.message(reply._id)).toMatchObject({ e2e: 'pending' })
    t.mock.core.db.messages.patch(t.message(reply._id)!, (m) => (m.starred = [{ _id: t.user('bob')._id }]))
    const [message] = (await get('demo', { tmid: root._id })).body.messages
    expect(message.starred).toStrictEqual([{ _id: t.user('bob')._id }])
    expect(message).not.toHaveProperty('e2e')
  })

  it('a deleted reply leaves the list (trash); with Message_ShowDeletedStatus it stays as an rm tombstone', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const bobs = t.messageByText('Count me in.')
    expect((await t.api('chat.delete', { as: 'bob', body: { roomId: 'GENERAL', msgId: bobs._id } })).status).toBe(200)
    const res = await get('demo', { tmid: retro._id })
    expect(res.body.total).toBe(3)
    expect(res.body.messages.map((m: { _id: string }) => m._id)).not.toContain(bobs._id)

    t.use({ settings: { Message_ShowDeletedStatus: true } })
    const again = t.messageByText('Count me in.')
    await t.api('chat.delete', { as: 'bob', body: { roomId: 'GENERAL', msgId: again._id } })
    const withTomb = await get('demo', { tmid: again.tmid! })
    expect(withTomb.body.total).toBe(4)
    expect(withTomb.body.messages[0]).toMatchObject({ _id: again._id, t: 'rm', msg: '', tmid: again.tmid })
  })

  it('includes Message_KeepHistory copies of edited replies (the server does not filter _hidden here)', async () => {
    t.use({ settings: { Message_KeepHistory: true } })
    t.mock.clock.set(NOW)
    const bobs = t.messageByText('Count me in.')
    expect((await t.api('chat.update', { as: 'bob', body: { roomId: 'GENERAL', msgId: bobs._id, text: 'Count me in!' } })).status).toBe(200)
    const res = await get('demo', { tmid: bobs.tmid! })
    expect(res.body.total).toBe(5)
    const copy = res.body.messages.find((m: { _hidden?: boolean }) => m._hidden)
    expect(copy).toMatchObject({ _hidden: true, parent: bobs._id, msg: 'Count me in.', tmid: bobs.tmid, _updatedAt: NOW })
  })

  it('any existing message id is accepted: a message without replies (or a reply) gives an empty list', async () => {
    const plain = t.messageByText('Hi all! Glad to be here.')
    expect((await get('demo', { tmid: plain._id })).body).toStrictEqual({ messages: [], count: 0, offset: 0, total: 0, success: true })
    expect((await get('demo', { tmid: t.messageByText('Count me in.')._id })).body.total).toBe(0)
  })

  it("reads a DM thread for the DM's members", async () => {
    const root = t.messageByText('It is https://example.com/pr/42 — the sync part is the tricky bit.')
    const res = await get('alice', { tmid: root._id })
    expect(res.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual(['Looking now. One question about the cursor handling.', 'Ask away!'])
  })

  describe('errors', () => {
    it('unknown tmid → Invalid Message [error-invalid-message]', async () => {
      const res = await get('demo', { tmid: 'nope' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'Invalid Message [error-invalid-message]', errorType: 'error-invalid-message' })
    })

    it('a thread in a room the caller cannot read → Not Allowed', async () => {
      const secret = t.messageByText('Quarterly planning notes go here.')
      await t.send('alice', { rid: secret.rid, msg: 'Roadmap draft attached.', tmid: secret._id })
      expect((await get('demo', { tmid: secret._id })).body).toStrictEqual(errors.threadsNotAllowed().body)
      expect((await get('bob', { tmid: t.messageByText('Ask away!').tmid! })).body).toStrictEqual(errors.threadsNotAllowed().body)
      expect((await get('alice', { tmid: secret._id })).body.total).toBe(1)
    })

    it('Threads_enabled off → Threads Disabled (before the message lookup); a bad sort before that', async () => {
      t.use({ settings: { Threads_enabled: false } })
      expect((await get('demo', { tmid: 'nope' })).body).toStrictEqual(errors.threadsDisabled().body)
      expect((await get('demo', { tmid: 'nope', sort: 'ts' })).body).toStrictEqual(errors.invalidSort('ts').body)
    })

    it('validates the query: tmid required and non-empty; query/fields are not accepted', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, "must have required property 'tmid'"],
        [{ tmid: '' }, 'must NOT have fewer than 1 characters'],
        [{ tmid: 'x', query: '{}' }, 'must NOT have additional properties'],
        [{ tmid: 'x', fields: '{}' }, 'must NOT have additional properties'],
        [{ tmid: 'x', count: 'many' }, 'must be number'],
      ]
      for (const [query, error] of cases) {
        const res = await get('demo', query)
        expect(res.status, JSON.stringify(query)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
      }
    })

    it('401 without credentials', async () => {
      const res = await t.api('chat.getThreadMessages', { query: { tmid: 'x' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})
