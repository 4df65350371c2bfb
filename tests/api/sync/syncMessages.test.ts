import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const T0 = Date.parse(NOW)
const at = (ms: number) => new Date(T0 + ms).toISOString()
const stamp = (ms: number) => String(T0 + ms)
const sync = (as: string, query: Record<string, string | number | undefined>) => t.api('chat.syncMessages', { as, query })
const del = (as: string, msgId: string, roomId = 'GENERAL') => t.api('chat.delete', { as, body: { roomId, msgId } })

/** Post one message per millisecond offset (clock frozen at each), returning their ids. */
async function postAt(offsets: number[], rid = 'GENERAL'): Promise<string[]> {
  const out: string[] = []
  for (const ms of offsets) {
    t.mock.clock.set(T0 + ms)
    out.push((await t.send('demo', { rid, msg: `message at +${ms}ms` }))._id)
  }
  return out
}

const updatedIds = (body: { result: { updated: Array<{ _id: string }> } }) => body.result.updated.map((m) => m._id)

describe('GET /api/v1/chat.syncMessages — lastUpdate mode', () => {
  it('returns every room message changed after lastUpdate, newest ts first, and the trashed ones as {_id,_deletedAt}; no cursor', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const countMeIn = t.messageByText('Count me in.')
    t.mock.clock.set(NOW)
    const a = await t.send('demo', { rid: 'GENERAL', msg: 'first' })
    t.mock.clock.set(T0 + 1000)
    const reply = await t.send('alice', { rid: 'GENERAL', msg: 'thread reply', tmid: retro._id })
    t.mock.clock.set(T0 + 2000)
    expect((await t.api('chat.update', { as: 'bob', body: { roomId: 'GENERAL', msgId: countMeIn._id, text: 'Count me in!' } })).status).toBe(200)
    t.mock.clock.set(T0 + 3000)
    const b = await t.send('demo', { rid: 'GENERAL', msg: 'oops' })
    expect((await del('demo', b._id)).status).toBe(200)

    const res = await sync('demo', { roomId: 'GENERAL', lastUpdate: at(-1) })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['result', 'success'])
    expect(Object.keys(res.body.result)).toStrictEqual(['updated', 'deleted'])
    // Sorted by ts descending: the reply (+1s), the first post (+0), then the two seeded messages
    // (the retro root, whose tcount moved, and its edited first reply).
    expect(updatedIds(res.body)).toStrictEqual([reply._id, a._id, countMeIn._id, retro._id])
    expect(res.body.result.updated).toStrictEqual([reply._id, a._id, countMeIn._id, retro._id].map((id) => json(t.message(id))))
    // The root's counters are a second message write of the same request: the next stamp.
    expect(res.body.result.updated[3]).toMatchObject({ tcount: 5, tlm: at(1000), _updatedAt: at(1001) })
    // Posted and deleted in the same millisecond: the deletion is stamped 1 ms after the post.
    expect(res.body.result.deleted).toStrictEqual([{ _id: b._id, _deletedAt: at(3001) }])
  })

  it('is strict to the millisecond: a change exactly at lastUpdate is not reported, one a millisecond later is', async () => {
    const [a] = await postAt([0])
    t.mock.clock.set(T0 + 5)
    await del('demo', a!)
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: at(-1) })).body.result).toStrictEqual({ updated: [], deleted: [{ _id: a, _deletedAt: at(5) }] })
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: at(4) })).body.result.deleted).toHaveLength(1)
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: at(5) })).body.result).toStrictEqual({ updated: [], deleted: [] })
    const [b] = await postAt([7])
    expect(updatedIds((await sync('demo', { roomId: 'GENERAL', lastUpdate: at(6) })).body)).toStrictEqual([b])
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: at(7) })).body.result.updated).toStrictEqual([])
  })

  it('has no limit (count is ignored) and accepts any Date.parse date', async () => {
    const ids = await postAt([1, 2, 3, 4, 5])
    const res = await sync('demo', { roomId: 'GENERAL', lastUpdate: 'Sun, 01 Mar 2026 10:00:00 GMT', count: 2 })
    expect(updatedIds(res.body)).toStrictEqual([...ids].reverse())
    const all = await sync('demo', { roomId: 'GENERAL', lastUpdate: '2000' })
    expect(all.body.result.updated).toHaveLength(t.mock.db.messages.sorted('room', 'GENERAL').length)
  })

  it('normalises for the caller (starred reduced to the caller) and includes system messages and thread replies', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    await t.api('chat.followMessage', { as: 'bob', body: { mid: release._id } })
    const asDemo = (await sync('demo', { roomId: 'GENERAL', lastUpdate: at(-1) })).body.result.updated
    const asBob = (await sync('bob', { roomId: 'GENERAL', lastUpdate: at(-1) })).body.result.updated
    expect(asDemo[0].starred).toStrictEqual([{ _id: t.user('demo')._id }])
    expect(asBob[0].starred).toStrictEqual([])
    const seededAll = (await sync('demo', { roomId: 'GENERAL', lastUpdate: '2025-01-01T00:00:00Z' })).body.result.updated
    expect(seededAll.some((m: { t?: string }) => m.t === 'message_pinned')).toBe(true)
    expect(seededAll.some((m: { tmid?: string }) => m.tmid !== undefined)).toBe(true)
  })

  it('soft deletions are updates: rm tombstones (ShowDeletedStatus, thread roots) are in updated; hidden copies are never reported', async () => {
    t.use({ settings: { Message_ShowDeletedStatus: true, Message_KeepHistory: true } })
    const [a] = await postAt([0])
    t.mock.clock.set(T0 + 10)
    await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: a, text: 'edited' } })
    t.mock.clock.set(T0 + 20)
    await del('demo', a!)
    const res = await sync('demo', { roomId: 'GENERAL', lastUpdate: at(-1) })
    expect(res.body.result.deleted).toStrictEqual([])
    expect(res.body.result.updated).toStrictEqual([json(t.message(a!))])
    // The hidden copy is stamped first (20), the tombstone right after it (21).
    expect(res.body.result.updated[0]).toMatchObject({ t: 'rm', msg: '', _updatedAt: at(21) })
    expect(t.mock.db.messages.all().filter((m) => m.parent === a && m._hidden)).toHaveLength(2)
  })

  it('KeepHistory alone hides a deleted message: it silently vanishes (never updated, never deleted)', async () => {
    t.use({ settings: { Message_KeepHistory: true } })
    const [a] = await postAt([0])
    t.mock.clock.set(T0 + 10)
    await del('demo', a!)
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: at(-1) })).body.result).toStrictEqual({ updated: [], deleted: [] })
    expect(t.message(a!)).toMatchObject({ _hidden: true })
  })

  it('works for DMs and for public channels the caller has not joined', async () => {
    const dm = t.dmId('demo', 'alice')
    const [a] = await postAt([0], dm)
    expect(updatedIds((await sync('alice', { roomId: dm, lastUpdate: at(-1) })).body)).toStrictEqual([a])
    const channel = t.room('demo-channel')._id
    const [b] = await postAt([1], channel)
    expect(t.mock.core.subscription(channel, t.user('admin')._id)).toBeUndefined()
    expect(updatedIds((await sync('admin', { roomId: channel, lastUpdate: at(0) })).body)).toStrictEqual([b])
  })
})

describe('GET /api/v1/chat.syncMessages — cursor mode', () => {
  it('type=UPDATED with next pages forward by _updatedAt; cursors exactly as the server mounts them', async () => {
    const [m1, m2, m3, m4, m5] = await postAt([1, 2, 3, 4, 5])
    const page = async (next: string) => (await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next, count: 2 })).body.result

    const p1 = await page(stamp(0))
    expect(Object.keys(p1)).toStrictEqual(['updated', 'deleted', 'cursor'])
    expect(p1.updated).toStrictEqual([json(t.message(m1!)), json(t.message(m2!))])
    expect(p1.deleted).toStrictEqual([])
    expect(p1.cursor).toStrictEqual({ next: stamp(2), previous: stamp(1) })

    const p2 = await page(p1.cursor.next)
    expect(p2.updated.map((m: { _id: string }) => m._id)).toStrictEqual([m3, m4])
    expect(p2.cursor).toStrictEqual({ next: stamp(4), previous: stamp(3) })

    const p3 = await page(p2.cursor.next)
    expect(p3.updated.map((m: { _id: string }) => m._id)).toStrictEqual([m5])
    expect(p3.cursor).toStrictEqual({ next: null, previous: stamp(5) })

    expect(await page(stamp(5))).toStrictEqual({ updated: [], deleted: [], cursor: { next: null, previous: null } })
  })

  it('type=UPDATED with previous pages backwards (descending), strictly before the cursor', async () => {
    const [m1, m2, m3, m4, m5] = await postAt([1, 2, 3, 4, 5])
    const page = async (previous: string) => (await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', previous, count: 2 })).body.result
    const p1 = await page(stamp(6))
    expect(p1.updated.map((m: { _id: string }) => m._id)).toStrictEqual([m5, m4])
    expect(p1.cursor).toStrictEqual({ next: stamp(5), previous: stamp(4) })
    const p2 = await page(p1.cursor.previous)
    expect(p2.updated.map((m: { _id: string }) => m._id)).toStrictEqual([m3, m2])
    expect(p2.cursor).toStrictEqual({ next: stamp(3), previous: stamp(2) })
    // Past the posts, the seeded history continues (newest _updatedAt first).
    const seeded = t.mock.db.messages.sorted('roomUpdated', 'GENERAL').filter((m) => m._updatedAt.getTime() < T0)
    const p3 = await page(p2.cursor.previous)
    expect(p3.updated.map((m: { _id: string }) => m._id)).toStrictEqual([m1, seeded.at(-1)!._id])
    expect(p3.cursor).toStrictEqual({ next: stamp(1), previous: String(seeded.at(-1)!._updatedAt.getTime()) })
    // The oldest page: no more than count left, so previous is null.
    const stamps = [...new Set(seeded.map((m) => m._updatedAt.getTime()))]
    const oldest = await page(String(stamps[1]))
    expect(oldest.updated.length).toBeLessThanOrEqual(2)
    expect(oldest.cursor).toStrictEqual({ next: String(stamps[0]), previous: null })
  })

  it('writes in one millisecond get consecutive stamps: a page boundary between them loses nothing', async () => {
    t.mock.clock.set(T0 + 1)
    const a = await t.send('demo', { rid: 'GENERAL', msg: 'a' })
    const b = await t.send('demo', { rid: 'GENERAL', msg: 'b' })
    const c = await t.send('demo', { rid: 'GENERAL', msg: 'c' })
    expect([a, b, c].map((m) => m._updatedAt)).toStrictEqual([at(1), at(2), at(3)])
    const p1 = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: stamp(0), count: 2 })
    expect(updatedIds(p1.body)).toStrictEqual([a._id, b._id])
    expect(p1.body.result.cursor).toStrictEqual({ next: stamp(2), previous: stamp(1) })
    const p2 = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: p1.body.result.cursor.next, count: 2 })
    expect(updatedIds(p2.body)).toStrictEqual([c._id])
    expect(p2.body.result.cursor).toStrictEqual({ next: null, previous: stamp(3) })
    expect(updatedIds((await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', previous: stamp(3), count: 2 })).body)).toStrictEqual([b._id, a._id])
  })

  it('count defaults to 20 (also for count=0) and is not capped', async () => {
    const ids = await postAt(Array.from({ length: 25 }, (_, i) => i + 1))
    const res = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: stamp(0) })
    expect(updatedIds(res.body)).toStrictEqual(ids.slice(0, 20))
    expect(res.body.result.cursor).toStrictEqual({ next: stamp(20), previous: stamp(1) })
    expect(updatedIds((await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: stamp(0), count: 0 })).body)).toHaveLength(20)
    const all = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: '0', count: 500 })
    expect(all.body.result.updated).toHaveLength(t.mock.db.messages.sorted('room', 'GENERAL').length)
    expect(all.body.result.cursor.next).toBeNull()
  })

  it('type=DELETED pages the trash: {_id,_deletedAt} entries, cursors are _deletedAt', async () => {
    const [a, b, c] = await postAt([1, 2, 3])
    for (const [i, id] of [a, b, c].entries()) {
      t.mock.clock.set(T0 + 10 + i)
      await del('demo', id!)
    }
    const p1 = (await sync('demo', { roomId: 'GENERAL', type: 'DELETED', next: stamp(0), count: 2 })).body.result
    expect(p1).toStrictEqual({
      updated: [],
      deleted: [
        { _id: a, _deletedAt: at(10) },
        { _id: b, _deletedAt: at(11) },
      ],
      cursor: { next: stamp(11), previous: stamp(10) },
    })
    const p2 = (await sync('demo', { roomId: 'GENERAL', type: 'DELETED', next: p1.cursor.next, count: 2 })).body.result
    expect(p2).toStrictEqual({ updated: [], deleted: [{ _id: c, _deletedAt: at(12) }], cursor: { next: null, previous: stamp(12) } })
    const back = (await sync('demo', { roomId: 'GENERAL', type: 'DELETED', previous: stamp(12), count: 5 })).body.result
    expect(back).toStrictEqual({
      updated: [],
      deleted: [
        { _id: b, _deletedAt: at(11) },
        { _id: a, _deletedAt: at(10) },
      ],
      cursor: { next: stamp(11), previous: null },
    })
  })

  it("type=DELETED orders pages by _deletedAt, the cursor's field: deletions in any order all arrive, one page at a time", async () => {
    // Deleted in the opposite order of their last update (the server, sorting by _updatedAt, would skip y and z).
    const [x, y, z] = await postAt([1, 2, 3])
    for (const [i, id] of [z, y, x].entries()) {
      t.mock.clock.set(T0 + 10 + i)
      await del('demo', id!)
    }
    const seen: string[] = []
    let next = stamp(0)
    for (let page = 0; page < 5; page++) {
      const result = (await sync('demo', { roomId: 'GENERAL', type: 'DELETED', next, count: 1 })).body.result
      seen.push(...result.deleted.map((d: { _id: string }) => d._id))
      if (result.cursor.next === null) break
      next = result.cursor.next
    }
    expect(seen).toStrictEqual([z, y, x])
    const p1 = (await sync('demo', { roomId: 'GENERAL', type: 'DELETED', next: stamp(0), count: 1 })).body.result
    expect(p1).toStrictEqual({ updated: [], deleted: [{ _id: z, _deletedAt: at(10) }], cursor: { next: stamp(10), previous: stamp(10) } })
    const back = (await sync('demo', { roomId: 'GENERAL', type: 'DELETED', previous: stamp(13), count: 2 })).body.result
    expect(back.deleted.map((d: { _id: string }) => d._id)).toStrictEqual([x, y])
  })

  it('type without a cursor nor lastUpdate falls through to the legacy loader: empty lists, no cursor', async () => {
    await postAt([1])
    for (const query of [{ type: 'UPDATED' }, { type: 'DELETED' }, { type: 'UPDATED', next: '' }, { type: 'UPDATED', previous: '', count: 5 }]) {
      const res = await sync('demo', { roomId: 'GENERAL', ...query })
      expect(res.status, JSON.stringify(query)).toBe(200)
      expect(res.body).toStrictEqual({ result: { updated: [], deleted: [] }, success: true })
    }
  })

  it('lastUpdate with type but no cursor is the lastUpdate mode (type ignored)', async () => {
    const [a] = await postAt([1])
    const res = await sync('demo', { roomId: 'GENERAL', type: 'DELETED', lastUpdate: NOW })
    expect(res.body.result).toStrictEqual({ updated: [json(t.message(a!))], deleted: [] })
  })

  describe('cursor values as the server parses them (parseInt, then a valid Date)', () => {
    it('a negative cursor is a date before 1970: every change is after it', async () => {
      const res = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: '-1', count: 500 })
      expect(res.status).toBe(200)
      expect(res.body.result.updated).toHaveLength(t.mock.db.messages.sorted('room', 'GENERAL').length)
    })

    it('trailing garbage is ignored (parseInt("12abc") is 12)', async () => {
      const [a] = await postAt([13])
      expect(updatedIds((await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: `${T0 + 12}abc` })).body)).toStrictEqual([a])
    })

    it('non-numeric or out-of-range cursors → plain "Invalid Date"', async () => {
      for (const cursor of ['abc', 'NaN', '-9000000000000000', '8640000000000001', ' x1']) {
        for (const key of ['next', 'previous']) {
          const res = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', [key]: cursor })
          expect(res.status, `${key}=${cursor}`).toBe(400)
          expect(res.body).toStrictEqual({ success: false, error: 'Invalid Date' })
        }
      }
      expect((await sync('demo', { roomId: 'GENERAL', type: 'DELETED', next: '8640000000000000' })).status).toBe(200)
    })

    it('a negative count removes the limit and then fails on the missing item, as the server does', async () => {
      const [a] = await postAt([1, 2])
      const res = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: stamp(0), count: -1 })
      expect(updatedIds(res.body)).toStrictEqual([a])
      expect(res.body.result.cursor).toStrictEqual({ next: stamp(1), previous: stamp(1) })
      const one = await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: stamp(1), count: -1 })
      expect(one.body).toStrictEqual({ success: false, error: "Cannot read properties of undefined (reading '_updatedAt')" })
    })
  })
})

describe("GET /api/v1/chat.syncMessages — errors, in the server's order", () => {
  const NOT_ALLOWED = { success: false, error: 'Not allowed [error-not-allowed]', errorType: 'error-not-allowed', details: { method: 'messages/get' } }

  it('empty roomId → error-param-required (the schema has no minLength)', async () => {
    const res = await sync('demo', { roomId: '' })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The required "roomId" query param is missing [error-param-required]',
      errorType: 'error-param-required',
    })
  })

  it('neither lastUpdate nor type (a cursor alone is not enough) → error-param-required', async () => {
    const expected = {
      success: false,
      error: 'The "type" or "lastUpdate" parameters must be provided [error-param-required]',
      errorType: 'error-param-required',
    }
    expect((await sync('demo', { roomId: 'GENERAL' })).body).toStrictEqual(expected)
    expect((await sync('demo', { roomId: 'GENERAL', next: '123' })).body).toStrictEqual(expected)
    expect((await sync('demo', { roomId: 'nope', lastUpdate: '' })).body).toStrictEqual(expected)
  })

  it('an unparseable lastUpdate → error-lastUpdate-param-invalid (before the room check)', async () => {
    const res = await sync('demo', { roomId: 'nope', lastUpdate: 'yesterday' })
    expect(res.body).toStrictEqual({
      success: false,
      error: 'The "lastUpdate" query parameter must be a valid date [error-lastUpdate-param-invalid]',
      errorType: 'error-lastUpdate-param-invalid',
    })
    expect(res.body).toStrictEqual(errors.lastUpdateInvalid().body)
  })

  it('a room the caller cannot read (or none) → Not allowed, details.method messages/get (before the cursor checks)', async () => {
    expect((await sync('demo', { roomId: 'nope', lastUpdate: NOW })).body).toStrictEqual(NOT_ALLOWED)
    expect((await sync('demo', { roomId: t.room('leadership')._id, type: 'UPDATED', next: '1', previous: '2' })).body).toStrictEqual(NOT_ALLOWED)
    expect((await sync('bob', { roomId: t.dmId('demo', 'alice'), lastUpdate: NOW })).body).toStrictEqual(NOT_ALLOWED)
  })

  it('a cursor without type (lastUpdate given) → error-type-param-required', async () => {
    const expected = {
      success: false,
      error: 'The "type" parameter is required when using the "next" or "previous" parameters [error-type-param-required]',
      errorType: 'error-type-param-required',
    }
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: NOW, next: '1' })).body).toStrictEqual(expected)
    expect((await sync('demo', { roomId: 'GENERAL', lastUpdate: NOW, next: '1', previous: '2' })).body).toStrictEqual(expected)
  })

  it('both next and previous → error-cursor-conflict', async () => {
    expect((await sync('demo', { roomId: 'GENERAL', type: 'UPDATED', next: '1', previous: '2' })).body).toStrictEqual({
      success: false,
      error: 'You cannot provide both "next" and "previous" parameters [error-cursor-conflict]',
      errorType: 'error-cursor-conflict',
    })
  })

  it('a cursor with lastUpdate → error-cursor-and-lastUpdate-conflict (before the cursor is parsed)', async () => {
    expect((await sync('demo', { roomId: 'GENERAL', type: 'DELETED', previous: 'abc', lastUpdate: NOW })).body).toStrictEqual({
      success: false,
      error: 'The attributes "next", "previous" and "lastUpdate" cannot be used together [error-cursor-and-lastUpdate-conflict]',
      errorType: 'error-cursor-and-lastUpdate-conflict',
    })
  })

  it('validates the query string (the older route style: "<ajv> [invalid-params]")', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ lastUpdate: NOW }, "must have required property 'roomId'"],
      [{ roomId: 'GENERAL', type: 'BOTH' }, 'must be equal to one of the allowed values'],
      [{ roomId: 'GENERAL', type: 'updated' }, 'must be equal to one of the allowed values'],
      [{ roomId: 'GENERAL', type: 'UPDATED', next: '1', count: 'ten' }, 'must be number'],
      [{ roomId: 'GENERAL', lastUpdate: NOW, offset: '0' }, 'must NOT have additional properties'],
      [{ roomId: 'GENERAL', lastUpdate: NOW, sort: '{"ts":-1}' }, 'must NOT have additional properties'],
    ]
    for (const [query, error] of cases) {
      const res = await sync('demo', query)
      expect(res.status, JSON.stringify(query)).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' })
    }
  })

  it('401 without credentials, before validation', async () => {
    const res = await t.api('chat.syncMessages', { query: {} })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(LOGGED_OUT)
  })
})
