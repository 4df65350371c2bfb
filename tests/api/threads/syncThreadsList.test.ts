import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString()
const sync = (as: string, query: Record<string, string | undefined>) => t.api('chat.syncThreadsList', { as, query })
const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id)

describe('GET /api/v1/chat.syncThreadsList', () => {
  it('reports thread roots changed after updatedSince: a new thread, a followed one; remove empty', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const root = await t.send('demo', { rid: 'GENERAL', msg: 'new root' })
    t.mock.clock.set(at(1000))
    await t.send('alice', { rid: 'GENERAL', msg: 'first reply', tmid: root._id })
    t.mock.clock.set(at(2000))
    expect((await t.api('chat.followMessage', { as: 'bob', body: { mid: release._id } })).status).toBe(200)

    const res = await sync('bob', { rid: 'GENERAL', updatedSince: NOW })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['threads', 'success'])
    expect(res.body.threads).toStrictEqual({ update: [json(t.message(root._id)), json(t.message(release._id))], remove: [] })
    // Not normalised: the release root keeps demo's star even for bob.
    expect(res.body.threads.update[1].starred).toStrictEqual([{ _id: t.user('demo')._id }])
    // The reply is stamped at(1000); the root's counters, a second message write, 1 ms later.
    expect(res.body.threads.update[0]).toMatchObject({ tcount: 1, tlm: at(1000), _updatedAt: at(1001) })
  })

  it('strictly greater, to the millisecond: a root updated exactly at updatedSince is not reported', async () => {
    t.mock.clock.set(at(500))
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    await t.api('chat.followMessage', { as: 'bob', body: { mid: retro._id } })
    expect(ids((await sync('demo', { rid: 'GENERAL', updatedSince: at(499) })).body.threads.update)).toStrictEqual([retro._id])
    expect((await sync('demo', { rid: 'GENERAL', updatedSince: at(500) })).body.threads.update).toStrictEqual([])
    expect((await sync('demo', { rid: 'GENERAL', updatedSince: '2026-03-01T11:00:00.500+01:00' })).body.threads.update).toStrictEqual([])
    expect(ids((await sync('demo', { rid: 'GENERAL', updatedSince: '2026-03-01T11:00:00.499+01:00' })).body.threads.update)).toStrictEqual([retro._id])
  })

  it('a root that was never changed since an old date is still reported (every seeded thread since 2025)', async () => {
    const res = await sync('demo', { rid: 'GENERAL', updatedSince: '2025-01-01T00:00:00Z' })
    expect(res.body.threads.update).toHaveLength(10)
    expect(res.body.threads.remove).toStrictEqual([])
  })

  it('a deleted root is updated as an rm tombstone, together with its hidden history copy', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: release._id } })
    const { update, remove } = (await sync('demo', { rid: 'GENERAL', updatedSince: at(-1) })).body.threads
    expect(remove).toStrictEqual([])
    expect(update).toHaveLength(2)
    const tomb = update.find((m: { _id: string }) => m._id === release._id)
    const copy = update.find((m: { _id: string }) => m._id !== release._id)
    // The hidden copy is stamped first (NOW), the tombstone right after it.
    expect(tomb).toMatchObject({ t: 'rm', msg: '', tcount: 2, _updatedAt: at(1), editedAt: NOW })
    expect(copy).toMatchObject({ _hidden: true, parent: release._id, msg: DEFAULT_TEXTS.release, tcount: 2, _updatedAt: NOW })
  })

  it('a root trashed after its last reply was deleted (tcount 0) is in remove, with _deletedAt and __collection__', async () => {
    t.mock.clock.set(NOW)
    const root = await t.send('demo', { rid: 'GENERAL', msg: 'short-lived thread' })
    const reply = await t.send('alice', { rid: 'GENERAL', msg: 'only reply', tmid: root._id })
    t.mock.clock.set(at(1000))
    await t.api('chat.delete', { as: 'alice', body: { roomId: 'GENERAL', msgId: reply._id } })
    t.mock.clock.set(at(2000))
    await t.api('chat.delete', { as: 'demo', body: { roomId: 'GENERAL', msgId: root._id } })

    const res = await sync('demo', { rid: 'GENERAL', updatedSince: at(1500) })
    expect(res.body.threads.update).toStrictEqual([])
    expect(res.body.threads.remove).toStrictEqual([json(t.mock.db.trash.get(root._id))])
    expect(res.body.threads.remove[0]).toMatchObject({
      _id: root._id,
      tcount: 0,
      _updatedAt: at(1001),
      _deletedAt: at(2000),
      __collection__: 'message',
    })
    // The trashed reply is not a thread root: it is not listed.
    expect(ids((await sync('demo', { rid: 'GENERAL', updatedSince: NOW })).body.threads.remove)).toStrictEqual([root._id])
    expect((await sync('demo', { rid: 'GENERAL', updatedSince: at(2000) })).body.threads.remove).toStrictEqual([])
  })

  it('strips e2e from the roots', async () => {
    const root = await t.send('demo', { rid: 'GENERAL', msg: 'secret root', e2e: 'pending' })
    await t.send('alice', { rid: 'GENERAL', msg: 'reply', tmid: root._id })
    const [doc] = (await sync('demo', { rid: 'GENERAL', updatedSince: NOW })).body.threads.update
    expect(doc._id).toBe(root._id)
    expect(doc).not.toHaveProperty('e2e')
  })

  describe('errors', () => {
    it('unknown room, or one the caller cannot read → Not Allowed', async () => {
      expect((await sync('demo', { rid: 'nope', updatedSince: NOW })).body).toStrictEqual({
        success: false,
        error: 'Not Allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
      })
      expect((await sync('demo', { rid: t.room('leadership')._id, updatedSince: NOW })).body).toStrictEqual(errors.threadsNotAllowed().body)
      expect((await sync('bob', { rid: t.dmId('demo', 'alice'), updatedSince: NOW })).body).toStrictEqual(errors.threadsNotAllowed().body)
    })

    it('a date that passes the format but not Date.parse (leap second) → error-updatedSince-param-invalid, before the room check', async () => {
      const res = await sync('demo', { rid: 'nope', updatedSince: '2016-12-31T23:59:60Z' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'The "updatedSince" query parameter must be a valid date. [error-updatedSince-param-invalid]',
        errorType: 'error-updatedSince-param-invalid',
      })
    })

    it('Threads_enabled off → Threads Disabled, before the date check', async () => {
      t.use({ settings: { Threads_enabled: false } })
      expect((await sync('demo', { rid: 'GENERAL', updatedSince: '2016-12-31T23:59:60Z' })).body).toStrictEqual(errors.threadsDisabled().body)
    })

    it('checks rid and updatedSince by hand, in order; nothing else accepted', async () => {
      const meteor = (code: string, reason: string) => ({ success: false, error: `${reason} [${code}]`, errorType: code })
      const ridMissing = meteor('error-room-id-param-not-provided', 'The required "rid" query param is missing.')
      const sinceMissing = meteor('error-updatedSince-param-invalid', 'The required param "updatedSince" is missing.')
      const sinceInvalid = meteor('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.')
      const handWritten: Array<[Record<string, string>, unknown]> = [
        [{ updatedSince: NOW }, ridMissing],
        [{ rid: '', updatedSince: NOW }, ridMissing],
        [{ rid: 'GENERAL' }, sinceMissing],
        [{ rid: 'GENERAL', updatedSince: 'yesterday' }, sinceInvalid],
        [{ rid: 'GENERAL', updatedSince: '2026-02-30T10:00:00Zx' }, sinceInvalid],
      ]
      for (const [query, body] of handWritten) expect((await sync('demo', query)).body, JSON.stringify(query)).toStrictEqual(body)
      const cases: Array<[Record<string, string>, string]> = [
        [{ rid: 'GENERAL', updatedSince: NOW, sort: '{"ts":1}' }, 'must NOT have additional properties'],
        [{ rid: 'GENERAL', updatedSince: NOW, query: '{}' }, 'must NOT have additional properties'],
        [{ rid: 'GENERAL', updatedSince: NOW, fields: '{}' }, 'must NOT have additional properties'],
      ]
      for (const [query, error] of cases) {
        const res = await sync('demo', query)
        expect(res.status, JSON.stringify(query)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
      }
    })

    it('accepts the iso-date-time variants ajv accepts (no zone, space separator, offsets, fractions)', async () => {
      for (const updatedSince of ['2026-03-01T10:00:00', '2026-03-01 10:00:00Z', '2026-03-01t10:00:00.123456z', '2026-03-01T10:00:00+0100']) {
        expect((await sync('demo', { rid: 'GENERAL', updatedSince })).status, updatedSince).toBe(200)
      }
    })

    it('401 without credentials', async () => {
      const res = await t.api('chat.syncThreadsList', { query: { rid: 'GENERAL', updatedSince: NOW } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})
