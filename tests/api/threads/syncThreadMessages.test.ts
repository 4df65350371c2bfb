import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString()
const sync = (as: string, query: Record<string, string | number | undefined>) => t.api('chat.syncThreadMessages', { as, query })
const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id)

describe('GET /api/v1/chat.syncThreadMessages', () => {
  it('reports replies created, edited and trashed after updatedSince', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const count = t.messageByText('Count me in.')
    const booked = t.messageByText('Booked the big room for 3pm.')
    t.mock.clock.set(NOW)
    const added = await t.send('demo', { rid: 'GENERAL', msg: 'Agenda is in the doc.', tmid: retro._id })
    t.mock.clock.set(at(1000))
    expect((await t.api('chat.update', { as: 'bob', body: { roomId: 'GENERAL', msgId: count._id, text: 'Count me in!!' } })).status).toBe(200)
    t.mock.clock.set(at(2000))
    expect((await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: booked._id } })).status).toBe(200)

    const res = await sync('alice', { tmid: retro._id, updatedSince: at(-1) })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'success'])
    // Replies in thread order (`ts`), not in update order.
    expect(res.body.messages.update).toStrictEqual([json(t.message(count._id)), json(t.message(added._id))])
    expect(res.body.messages.update[0]).toMatchObject({ msg: 'Count me in!!', editedAt: at(1000), _updatedAt: at(1000) })
    expect(res.body.messages.remove).toStrictEqual([json(t.mock.db.trash.get(booked._id))])
    expect(res.body.messages.remove[0]).toMatchObject({ _id: booked._id, tmid: retro._id, _deletedAt: at(2000), __collection__: 'message' })
  })

  it('strictly greater, to the millisecond, for updates and deletions alike', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    t.mock.clock.set(NOW)
    const added = await t.send('demo', { rid: 'GENERAL', msg: 'same ms', tmid: retro._id })
    await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: t.messageByText('Count me in.')._id } })
    const before = (await sync('demo', { tmid: retro._id, updatedSince: at(-1) })).body.messages
    expect(ids(before.update)).toStrictEqual([added._id])
    expect(before.remove).toHaveLength(1)
    expect((await sync('demo', { tmid: retro._id, updatedSince: NOW })).body.messages).toStrictEqual({ update: [], remove: [] })
  })

  it('applies sort to both lists; count and offset are accepted and ignored', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const since = '2025-01-01T00:00:00.000Z'
    const all = (await sync('demo', { tmid: retro._id, updatedSince: since })).body.messages.update
    expect(all.map((m: { msg: string }) => m.msg)).toStrictEqual([
      'Count me in.',
      'Me too, I will bring the notes.',
      'Booked the big room for 3pm.',
      'Perfect, thanks @admin!',
    ])
    const desc = (await sync('demo', { tmid: retro._id, updatedSince: since, sort: '{"ts":-1}', count: 1, offset: 2 })).body.messages.update
    expect(ids(desc)).toStrictEqual(ids(all).reverse())
  })

  it('a rm tombstone (Message_ShowDeletedStatus) is an update, not a removal', async () => {
    t.use({ settings: { Message_ShowDeletedStatus: true } })
    t.mock.clock.set(NOW)
    const count = t.messageByText('Count me in.')
    await t.api('chat.delete', { as: 'bob', body: { roomId: 'GENERAL', msgId: count._id } })
    const { update, remove } = (await sync('demo', { tmid: count.tmid!, updatedSince: at(-1) })).body.messages
    expect(remove).toStrictEqual([])
    expect(update).toStrictEqual([json(t.message(count._id))])
    expect(update[0]).toMatchObject({ t: 'rm', msg: '', editedBy: { username: 'bob' } })
  })

  it('any existing message id: a message without replies gives empty lists', async () => {
    const plain = t.messageByText('Hi all! Glad to be here.')
    expect((await sync('demo', { tmid: plain._id, updatedSince: '2000-01-01T00:00:00Z' })).body).toStrictEqual({
      messages: { update: [], remove: [] },
      success: true,
    })
  })

  describe('errors', () => {
    it('unknown tmid → Invalid Message', async () => {
      const res = await sync('demo', { tmid: 'nope', updatedSince: NOW })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'Invalid Message [error-invalid-message]', errorType: 'error-invalid-message' })
    })

    it('a thread of a DM the caller is not in → Not Allowed', async () => {
      const root = t.messageByText('It is https://example.com/pr/42 — the sync part is the tricky bit.')
      expect((await sync('bob', { tmid: root._id, updatedSince: NOW })).body).toStrictEqual(errors.threadsNotAllowed().body)
      expect((await sync('alice', { tmid: root._id, updatedSince: NOW })).status).toBe(200)
    })

    it('order of checks: sort, Threads Disabled, date, tmid, access', async () => {
      const leap = '2016-12-31T23:59:60Z'
      expect((await sync('demo', { tmid: 'nope', updatedSince: leap })).body).toStrictEqual(errors.updatedSinceInvalid().body)
      expect((await sync('demo', { tmid: 'nope', updatedSince: leap, sort: '[1]' })).body).toStrictEqual(errors.invalidSort('[1]').body)
      t.use({ settings: { Threads_enabled: false } })
      expect((await sync('demo', { tmid: 'nope', updatedSince: leap })).body).toStrictEqual(errors.threadsDisabled().body)
    })

    it('validates the query', async () => {
      const meteor = (code: string, reason: string) => ({ success: false, error: `${reason} [${code}]`, errorType: code })
      const handWritten: Array<[Record<string, string>, unknown]> = [
        [{ updatedSince: NOW }, meteor('error-invalid-params', 'The required "tmid" query param is missing.')],
        [{ tmid: '', updatedSince: NOW }, meteor('error-invalid-params', 'The required "tmid" query param is missing.')],
        [{ tmid: 'x' }, meteor('error-updatedSince-param-invalid', 'The required param "updatedSince" is missing.')],
        [{ tmid: 'x', updatedSince: 'now' }, meteor('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.')],
      ]
      for (const [query, body] of handWritten) expect((await sync('demo', query)).body, JSON.stringify(query)).toStrictEqual(body)
      const cases: Array<[Record<string, string>, string]> = [
        [{ tmid: 'x', updatedSince: NOW, count: 'x' }, 'must be number'],
        [{ tmid: 'x', updatedSince: NOW, query: '{}' }, 'must NOT have additional properties'],
      ]
      for (const [query, error] of cases) {
        const res = await sync('demo', query)
        expect(res.status, JSON.stringify(query)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
      }
    })

    it('401 without credentials', async () => {
      const res = await t.api('chat.syncThreadMessages', { query: { tmid: 'x', updatedSince: NOW } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})
