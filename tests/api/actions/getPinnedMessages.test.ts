import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, setup } from '../../helpers.js'
import { invalidQuery, meteor } from './fixtures.js'

const t = setup()
const pinned = (as: string, query: Record<string, string | number>) => t.api('chat.getPinnedMessages', { as, query })

describe('GET /api/v1/chat.getPinnedMessages', () => {
  it("lists GENERAL's seeded pinned welcome message, normalised, with count/offset/total", async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await pinned('bob', { roomId: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ messages: [json(welcome)], count: 1, offset: 0, total: 1, success: true })
    expect(res.body.messages[0]).toMatchObject({ pinned: true, pinnedBy: { username: 'admin' } })
  })

  it('keeps stored order, pages, accepts and ignores sort, leaves out deleted messages', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    for (const m of [release, retro]) expect((await t.api('chat.pinMessage', { as: 'admin', body: { messageId: m._id } })).status).toBe(200)
    const all = await pinned('demo', { roomId: 'GENERAL', sort: '{"ts":-1}' })
    expect(all.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([welcome._id, retro._id, release._id])
    const page = await pinned('demo', { roomId: 'GENERAL', count: 1, offset: 2 })
    expect(page.body).toMatchObject({ count: 1, offset: 2, total: 3 })
    expect(page.body.messages[0]._id).toBe(release._id)
    // The retro root has replies: deleting it leaves a `rm` tombstone, which is not listed.
    expect((await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: retro._id } })).status).toBe(200)
    const after = await pinned('demo', { roomId: 'GENERAL' })
    expect(after.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([welcome._id, release._id])
  })

  it('refuses rooms the caller cannot read', async () => {
    const leadership = t.room('leadership')
    const NOT_ALLOWED = meteor('error-not-allowed', 'Not allowed')
    expect((await pinned('demo', { roomId: leadership._id })).body).toStrictEqual(NOT_ALLOWED)
    expect((await pinned('demo', { roomId: 'nope' })).body).toStrictEqual(NOT_ALLOWED)
    expect((await pinned('alice', { roomId: leadership._id })).body.total).toBe(0)
  })

  it('validates the query', async () => {
    // roomId is checked by hand, before the schema.
    expect((await t.api('chat.getPinnedMessages', { as: 'demo' })).body).toStrictEqual(
      meteor('error-roomId-param-not-provided', 'The required "roomId" query param is missing.'),
    )
    expect((await pinned('demo', { roomId: 'GENERAL', count: 'many' })).body).toStrictEqual(invalidQuery('must be number'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.getPinnedMessages', { query: { roomId: 'GENERAL' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
