import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { type ApiMessage, LOGGED_OUT, setup } from '../../helpers.js'
import { invalidQuery, meteor } from './fixtures.js'

const t = setup()
const search = (as: string, searchText: string, extra: Record<string, string | number> = {}) =>
  t.api('chat.search', { as, query: { roomId: 'GENERAL', searchText, ...extra } })
const ids = (res: { body: { messages: Array<{ _id: string }> } }) => res.body.messages.map((m) => m._id)

describe('GET /api/v1/chat.search (seeded workspace)', () => {
  it('finds the seeded retro thread root and the discussion started from it, newest first, with scores', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const res = await search('demo', 'retro')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'success'])
    const found = res.body.messages as ApiMessage[]
    expect(found.map((m) => m.msg)).toStrictEqual(['Release 3.2 retro notes', DEFAULT_TEXTS.retro])
    expect(found[1]!._id).toBe(retro._id)
    for (const m of found) expect(typeof m.score).toBe('number')
  })

  it('is:pinned and has:star use the seeded pin and star', async () => {
    expect(ids(await search('demo', 'is:pinned'))).toStrictEqual([t.messageByText(DEFAULT_TEXTS.welcome)._id])
    expect(ids(await search('demo', 'has:star'))).toStrictEqual([t.messageByText(DEFAULT_TEXTS.release)._id])
    expect(ids(await search('alice', 'has:star'))).toStrictEqual([])
  })
})

describe('GET /api/v1/chat.search (controlled history)', () => {
  let m: Record<'pipeline' | 'notes' | 'lunch' | 'released' | 'cjk' | 'reply' | 'pinNotice', ApiMessage>

  beforeEach(async () => {
    t.use({ scenario: 'empty' })
    const at = async (iso: string, user: string, message: Record<string, unknown>) => {
      t.mock.clock.set(iso)
      return t.send(user, { rid: 'GENERAL', ...message })
    }
    const pipeline = await at('2026-02-10T09:00:00.000Z', 'demo', { msg: 'Testing the new release pipeline' })
    const notes = await at('2026-02-10T10:00:00.000Z', 'alice', { msg: '@demo the release notes are at https://example.com/notes' })
    const lunch = await at('2026-02-11T12:00:00.000Z', 'bob', { msg: 'Lunch anyone? Pizza or tacos' })
    const released = await at('2026-02-12T15:00:00.000Z', 'alice', { msg: 'Released! Thanks @bob' })
    const cjk = await at('2026-02-12T16:00:00.000Z', 'demo', { msg: 'CJK 你好世界 test' })
    const reply = await at('2026-02-12T17:00:00.000Z', 'bob', { msg: 'release party later?', tmid: pipeline._id })
    t.mock.clock.set('2026-02-13T09:00:00.000Z')
    const pinned = await t.api('chat.pinMessage', { as: 'admin', body: { messageId: notes._id } })
    expect(pinned.status).toBe(200)
    expect((await t.api('chat.starMessage', { as: 'demo', body: { messageId: released._id } })).status).toBe(200)
    m = { pipeline, notes, lunch, released, cjk, reply, pinNotice: pinned.body.message }
  })

  it('text search: stems, any word, case-insensitive, thread replies included, `score` on every hit', async () => {
    const res = await search('demo', 'releases')
    expect(ids(res)).toStrictEqual([m.reply._id, m.released._id, m.notes._id, m.pipeline._id])
    const scores = res.body.messages.map((x: { score: number }) => x.score)
    for (const score of scores) expect(score).toBeGreaterThan(0.5)
    // "Released! Thanks @bob": 3 words, one of them the term.
    expect(res.body.messages[1].score).toBeCloseTo(0.5 * (1 / 3) + 0.5, 10)
    expect(ids(await search('demo', 'PIZZA tacos'))).toStrictEqual([m.lunch._id])
    expect(ids(await search('demo', 'a the'))).toStrictEqual([])
  })

  it('"phrases" must all appear; -negated words exclude', async () => {
    expect(ids(await search('demo', '"release notes"'))).toStrictEqual([m.notes._id])
    expect(ids(await search('demo', 'release -notes'))).toStrictEqual([m.reply._id, m.released._id, m.pipeline._id])
  })

  it('from:, from:me, mention:, has:url, is:pinned, has:star, has:location', async () => {
    expect(ids(await search('demo', 'from:alice'))).toStrictEqual([m.released._id, m.notes._id])
    expect(ids(await search('demo', 'from:ALICE from:bob'))).toStrictEqual([m.reply._id, m.released._id, m.lunch._id, m.notes._id])
    expect(ids(await search('demo', 'from:me'))).toStrictEqual([m.cjk._id, m.pipeline._id])
    expect(ids(await search('demo', 'from:me release'))).toStrictEqual([m.pipeline._id])
    expect(ids(await search('demo', 'mention:bob'))).toStrictEqual([m.released._id])
    expect(ids(await search('demo', 'has:url'))).toStrictEqual([m.notes._id])
    expect(ids(await search('demo', 'has:link from:bob'))).toStrictEqual([])
    expect(ids(await search('demo', 'is:pinned'))).toStrictEqual([m.notes._id])
    expect(ids(await search('demo', 'has:star'))).toStrictEqual([m.released._id])
    expect(ids(await search('bob', 'has:star'))).toStrictEqual([])
    expect(ids(await search('demo', 'has:location'))).toStrictEqual([])
  })

  it('before:, after:, on: (d-m-yyyy) and order:asc', async () => {
    expect(ids(await search('demo', 'before:11-02-2026'))).toStrictEqual([m.notes._id, m.pipeline._id])
    // Operators alone match system messages too (the pin notice of 13 Feb).
    expect(ids(await search('demo', 'after:11-02-2026'))).toStrictEqual([m.pinNotice._id, m.reply._id, m.cjk._id, m.released._id])
    expect(ids(await search('demo', 'on:11/02/2026'))).toStrictEqual([m.lunch._id])
    expect(ids(await search('demo', 'on:12.2.2026 from:alice'))).toStrictEqual([m.released._id])
    expect(ids(await search('demo', 'release order:asc'))).toStrictEqual([m.pipeline._id, m.notes._id, m.released._id, m.reply._id])
    expect(ids(await search('demo', 'sort:desc from:alice'))).toStrictEqual([m.released._id, m.notes._id])
    // The server's pattern takes `desc` out of `descending` and searches the leftover word "ending".
    expect(ids(await search('demo', 'sort:descending from:alice'))).toStrictEqual([])
  })

  it('/regex/flags, CJK text and Message_AlwaysSearchRegExp search `msg` by regular expression (no score)', async () => {
    const caseSensitive = await search('demo', '/release/')
    expect(ids(caseSensitive)).toStrictEqual([m.reply._id, m.notes._id, m.pipeline._id])
    expect(caseSensitive.body.messages[0]).not.toHaveProperty('score')
    expect(ids(await search('demo', '/^rel/i'))).toStrictEqual([m.reply._id, m.released._id])
    expect(ids(await search('demo', '你好'))).toStrictEqual([m.cjk._id])
    t.mock.setSetting('Message_AlwaysSearchRegExp', true)
    expect(ids(await search('demo', 'rel.ase'))).toStrictEqual([m.reply._id, m.released._id, m.notes._id, m.pipeline._id])
    const invalid = await search('demo', '/(unclosed/')
    expect(invalid.status).toBe(400)
    expect(invalid.body.success).toBe(false)
    expect(invalid.body.error).toMatch(/^Regular expression is invalid: /)
  })

  it('pages with count/offset and leaves out deleted messages', async () => {
    expect(ids(await search('demo', 'release', { count: 2 }))).toStrictEqual([m.reply._id, m.released._id])
    expect(ids(await search('demo', 'release', { count: 2, offset: 3 }))).toStrictEqual([m.pipeline._id])
    // The pipeline message has a reply: deleting it leaves a `rm` tombstone, which search skips.
    expect((await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: m.pipeline._id } })).status).toBe(200)
    expect((await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: m.lunch._id } })).status).toBe(200)
    expect(ids(await search('demo', 'from:me'))).toStrictEqual([m.cjk._id])
    expect(ids(await search('demo', 'pizza'))).toStrictEqual([])
  })

  it('returns normalised messages (only the caller’s own star)', async () => {
    t.mock.setSetting('UI_Use_Real_Name', true)
    const res = await search('bob', 'from:alice released')
    expect(res.body.messages[0]).toMatchObject({ _id: m.released._id, starred: [], u: { username: 'alice', name: 'Alice Carter' } })
  })
})

describe('GET /api/v1/chat.search errors', () => {
  it('answers {"success":false} for a room the caller cannot read or that does not exist', async () => {
    const leadership = t.room('leadership')
    for (const roomId of [leadership._id, 'nope']) {
      const res = await t.api('chat.search', { as: 'demo', query: { roomId, searchText: 'planning' } })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false })
    }
    const alice = await t.api('chat.search', { as: 'alice', query: { roomId: leadership._id, searchText: 'planning' } })
    // "planning" and "plan" share a stem.
    expect(alice.body.messages.map((x: { msg: string }) => x.msg)).toStrictEqual(['Q3 hiring plan', 'Quarterly planning notes go here.'])
  })

  it('empty parameters get the handler errors; missing ones the validation errors', async () => {
    expect((await t.api('chat.search', { as: 'demo', query: { roomId: '', searchText: 'x' } })).body).toStrictEqual(
      meteor('error-roomId-param-not-provided', 'The required "roomId" query param is missing.'),
    )
    expect((await search('demo', '')).body).toStrictEqual(meteor('error-searchText-param-not-provided', 'The required "searchText" query param is missing.'))
    expect((await t.api('chat.search', { as: 'demo', query: { roomId: 'GENERAL' } })).body).toStrictEqual(
      invalidQuery("must have required property 'searchText'"),
    )
    expect((await search('demo', 'x', { sort: '{"ts":1}' })).body).toStrictEqual(invalidQuery('must NOT have additional properties'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.search', { query: { roomId: 'GENERAL', searchText: 'x' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
