import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const SECOND = '2026-03-01T10:00:01.000Z'
const list = (as: string, query: Record<string, string | number | undefined>) => t.api('chat.getThreadsList', { as, query })
const ids = (body: { threads: Array<{ _id: string }> }) => body.threads.map((m) => m._id)

/** GENERAL's seeded thread roots as the server would list them by default (`tlm` descending). */
function seededByTlm(): string[] {
  return t.mock.db.messages
    .sorted('roomThreads', 'GENERAL')
    .filter((m) => !m._hidden)
    .sort((a, b) => b.tlm!.getTime() - a.tlm!.getTime())
    .map((m) => m._id)
}

async function newThread() {
  t.mock.clock.set(NOW)
  const root = await t.send('demo', { rid: 'GENERAL', msg: 'Shall we ship on Monday?' })
  t.mock.clock.set(SECOND)
  const reply = await t.send('alice', { rid: 'GENERAL', msg: 'Tuesday is safer.', tmid: root._id })
  return { root, reply }
}

describe('GET /api/v1/chat.getThreadsList', () => {
  it("lists GENERAL's 10 seeded threads, newest reply first, with count/offset/total", async () => {
    const res = await list('demo', { rid: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['threads', 'count', 'offset', 'total', 'success'])
    expect(res.body).toMatchObject({ count: 10, offset: 0, total: 10, success: true })
    expect(ids(res.body)).toStrictEqual(seededByTlm())
    const retro = res.body.threads.find((m: { msg: string }) => m.msg === DEFAULT_TEXTS.retro)
    expect(retro).toStrictEqual(json(t.messageByText(DEFAULT_TEXTS.retro)))
    expect(retro).toMatchObject({
      tcount: 4,
      tlm: '2025-12-02T01:15:50.527Z',
      replies: ['alice', 'bob', 'demo', 'admin'].map((u) => t.user(u)._id),
    })
  })

  it('a new thread comes first with its exact root document (tcount, tlm, replies from the reply)', async () => {
    const { root } = await newThread()
    const res = await list('bob', { rid: 'GENERAL', count: 1 })
    expect(res.body).toMatchObject({ count: 1, offset: 0, total: 11 })
    expect(res.body.threads).toStrictEqual([
      {
        _id: root._id,
        rid: 'GENERAL',
        msg: 'Shall we ship on Monday?',
        ts: NOW,
        u: { _id: t.user('demo')._id, username: 'demo', name: 'Demo User' },
        // The reply is stamped SECOND; the root's counters, a second message write, 1 ms later.
        _updatedAt: '2026-03-01T10:00:01.001Z',
        md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'Shall we ship on Monday?' }] }],
        urls: [],
        mentions: [],
        channels: [],
        unread: true,
        replies: [t.user('demo')._id, t.user('alice')._id],
        tlm: SECOND,
        tcount: 1,
      },
    ])
  })

  it("normalises for the caller: starred keeps only the caller's own entry", async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const asDemo = (await list('demo', { rid: 'GENERAL', count: 0 })).body.threads.find((m: { _id: string }) => m._id === release._id)
    const asBob = (await list('bob', { rid: 'GENERAL', count: 0 })).body.threads.find((m: { _id: string }) => m._id === release._id)
    expect(asDemo.starred).toStrictEqual([{ _id: t.user('demo')._id }])
    expect(asBob.starred).toStrictEqual([])
  })

  it('paginates: offset/count slice the sorted list, count=0 returns everything, count is capped at 100', async () => {
    const all = seededByTlm()
    const page = await list('demo', { rid: 'GENERAL', offset: 2, count: 3 })
    expect(page.body).toMatchObject({ count: 3, offset: 2, total: 10 })
    expect(ids(page.body)).toStrictEqual(all.slice(2, 5))
    expect(ids((await list('demo', { rid: 'GENERAL', count: 0 })).body)).toStrictEqual(all)
    expect((await list('demo', { rid: 'GENERAL', offset: 10 })).body).toMatchObject({ threads: [], count: 0, offset: 10, total: 10 })
    expect((await list('demo', { rid: 'GENERAL', count: 500 })).body.count).toBe(10)
  })

  it('sort overrides the default {tlm:-1}', async () => {
    const byTs = t.mock.db.messages.sorted('roomThreads', 'GENERAL').map((m) => m._id)
    expect(ids((await list('demo', { rid: 'GENERAL', sort: '{"ts":1}' })).body)).toStrictEqual(byTs)
    expect(ids((await list('demo', { rid: 'GENERAL', sort: '{"ts":-1}' })).body)).toStrictEqual([...byTs].reverse())
    expect(ids((await list('demo', { rid: 'GENERAL', sort: '{"tcount":-1}', count: 1 })).body)).toStrictEqual([t.messageByText(DEFAULT_TEXTS.retro)._id])
  })

  it('type=following: threads whose replies contain the caller', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const res = await list('bob', { rid: 'GENERAL', type: 'following' })
    expect(res.body).toMatchObject({ count: 1, total: 1 })
    expect(ids(res.body)).toStrictEqual([retro._id])
  })

  it("type=unread: threads in the caller's subscription tunread, sorted by tlm", async () => {
    const res = await list('demo', { rid: 'GENERAL', type: 'unread' })
    expect(ids(res.body)).toStrictEqual([t.messageByText(DEFAULT_TEXTS.release)._id, t.messageByText(DEFAULT_TEXTS.retro)._id])
    // A new reply by someone else marks the thread unread for its followers.
    const { root } = await newThread()
    expect(ids((await list('demo', { rid: 'GENERAL', type: 'unread' })).body)[0]).toBe(root._id)
    expect(ids((await list('alice', { rid: 'GENERAL', type: 'unread' })).body)).not.toContain(root._id)
  })

  it('type=unread without a subscription lists nothing (admin reads demo-channel)', async () => {
    const channel = t.room('demo-channel')._id
    expect(t.mock.core.subscription(channel, t.user('admin')._id)).toBeUndefined()
    await t.send('demo', { rid: channel, msg: 'a thread here', tmid: t.messageByText('Nice. Testing the composer :wave:')._id })
    expect((await list('admin', { rid: channel })).body.total).toBe(1)
    const res = await list('admin', { rid: channel, type: 'unread' })
    expect(res.body).toMatchObject({ threads: [], count: 0, total: 0 })
  })

  it('text filters msg case-insensitively, as a literal (regex characters escaped)', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    expect(ids((await list('demo', { rid: 'GENERAL', text: 'RELEASE' })).body).sort()).toStrictEqual([retro._id, release._id].sort())
    expect(ids((await list('demo', { rid: 'GENERAL', text: '3.2 is' })).body)).toStrictEqual([release._id])
    expect((await list('demo', { rid: 'GENERAL', text: '3.2 is|Who' })).body.total).toBe(0)
    expect((await list('demo', { rid: 'GENERAL', text: '.*' })).body.total).toBe(0)
  })

  it('keeps a deleted root (rm tombstone, tcount kept) and a root whose replies were all deleted (tcount 0); never the hidden copy', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    expect((await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: release._id } })).status).toBe(200)
    const { root, reply } = await newThread()
    expect((await t.api('chat.delete', { as: 'alice', body: { roomId: 'GENERAL', msgId: reply._id } })).status).toBe(200)

    const res = await list('demo', { rid: 'GENERAL', count: 0 })
    expect(res.body.total).toBe(11)
    const tomb = res.body.threads.find((m: { _id: string }) => m._id === release._id)
    expect(tomb).toMatchObject({ t: 'rm', msg: '', tcount: 2 })
    const emptied = res.body.threads.find((m: { _id: string }) => m._id === root._id)
    expect(emptied).toMatchObject({ tcount: 0, tlm: SECOND })
    expect(res.body.threads.some((m: { _hidden?: boolean }) => m._hidden)).toBe(false)
    expect(t.mock.db.messages.all().some((m) => m.parent === release._id && m._hidden && m.tcount === 2)).toBe(true)
  })

  it("lists a DM's threads for its members", async () => {
    const res = await list('alice', { rid: t.dmId('demo', 'alice') })
    expect(res.body.total).toBe(4)
    expect(res.body.threads.map((m: { rid: string }) => m.rid)).toStrictEqual(Array(4).fill(t.dmId('demo', 'alice')))
  })

  describe('query and fields (ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS)', () => {
    it('are ignored while the setting is off', async () => {
      const res = await list('demo', { rid: 'GENERAL', query: '{"u.username":"admin"}', fields: '{"msg":1}' })
      expect(res.body.total).toBe(10)
      expect(Object.keys(res.body.threads[0])).toContain('tcount')
    })

    it('are honoured when it is on: query ANDs with the endpoint filter (whose keys win), fields projects', async () => {
      t.use({ settings: { ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS: true } })
      const byAdmin = seededByTlm().filter((id) => t.message(id)!.u.username === 'admin')
      expect(byAdmin).toHaveLength(4)
      const res = await list('demo', { rid: 'GENERAL', query: '{"u.username":"admin","rid":"elsewhere"}', fields: '{"msg":1,"tcount":1}' })
      expect(res.body).toMatchObject({ count: 4, total: 4 })
      expect(ids(res.body)).toStrictEqual(byAdmin)
      expect(res.body.threads[0]).toStrictEqual({ _id: byAdmin[0], msg: t.message(byAdmin[0]!)!.msg, tcount: 1 })
    })

    it('bad JSON in query or fields → the parseJsonQuery errors', async () => {
      t.use({ settings: { ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS: true } })
      expect((await list('demo', { rid: 'GENERAL', query: '{nope' })).body).toStrictEqual(errors.invalidQuery('{nope').body)
      expect((await list('demo', { rid: 'GENERAL', fields: '{"msg":2}' })).body).toStrictEqual(errors.invalidFields('{"msg":2}').body)
    })
  })

  describe('errors', () => {
    it('unknown room → Not Allowed [error-not-allowed]', async () => {
      const res = await list('demo', { rid: 'nope' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'Not Allowed [error-not-allowed]', errorType: 'error-not-allowed' })
    })

    it('an empty rid passes validation (no minLength) and is an unknown room', async () => {
      expect((await list('demo', { rid: '' })).body).toStrictEqual(errors.threadsNotAllowed().body)
    })

    it('a private group the caller is not in → Not Allowed', async () => {
      expect((await list('demo', { rid: t.room('leadership')._id })).body).toStrictEqual(errors.threadsNotAllowed().body)
      expect((await list('alice', { rid: t.room('leadership')._id })).status).toBe(200)
    })

    it('Threads_enabled off → Threads Disabled; a bad sort is reported first (parseJsonQuery runs before)', async () => {
      t.use({ settings: { Threads_enabled: false } })
      const res = await list('demo', { rid: 'GENERAL' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'Threads Disabled [error-not-allowed]', errorType: 'error-not-allowed' })
      expect((await list('demo', { rid: 'GENERAL', sort: '{"tlm":0}' })).body).toStrictEqual({
        success: false,
        error: 'Invalid sort parameter provided: "{"tlm":0}" [error-invalid-sort]',
        errorType: 'error-invalid-sort',
        details: { helperMethod: 'parseJsonQuery' },
      })
    })

    it('validates the query string (the older route style: "<ajv> [invalid-params]")', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, "must have required property 'rid'"],
        [{ rid: 'GENERAL', type: 'all' }, 'must be equal to one of the allowed values'],
        [{ rid: 'GENERAL', count: 'ten' }, 'must be number'],
        [{ rid: 'GENERAL', offset: 'x' }, 'must be number'],
        [{ rid: 'GENERAL', roomId: 'GENERAL' }, 'must NOT have additional properties'],
      ]
      for (const [query, error] of cases) {
        const res = await list('demo', query)
        expect(res.status, JSON.stringify(query)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' })
      }
    })

    it('401 without credentials, before validation', async () => {
      const res = await t.api('chat.getThreadsList', { query: {} })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})
