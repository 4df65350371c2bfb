import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, setup } from '../../helpers.js'
import { legacyInvalidQuery, meteor, plain } from './fixtures.js'

const t = setup()
const starred = (as: string, query: Record<string, string | number>) => t.api('chat.getStarredMessages', { as, query })

describe('GET /api/v1/chat.getStarredMessages', () => {
  it("lists the caller's starred messages, newest first, normalised, with count/offset/total", async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await starred('demo', { roomId: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ messages: [json(release)], count: 1, offset: 0, total: 1, success: true })

    await t.api('chat.starMessage', { as: 'demo', body: { messageId: welcome._id } })
    await t.api('chat.starMessage', { as: 'alice', body: { messageId: welcome._id } })
    const two = await starred('demo', { roomId: 'GENERAL' })
    expect(two.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([release._id, welcome._id])
    // Normalised: only the caller's own entry.
    expect(two.body.messages[1].starred).toStrictEqual([{ _id: t.user('demo')._id }])
    expect(two.body.total).toBe(2)
  })

  it('pages and sorts', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    await t.api('chat.starMessage', { as: 'demo', body: { messageId: welcome._id } })
    const page = await starred('demo', { roomId: 'GENERAL', count: 1, offset: 1 })
    expect(page.body).toMatchObject({ count: 1, offset: 1, total: 2 })
    expect(page.body.messages[0]._id).toBe(welcome._id)
    const asc = await starred('demo', { roomId: 'GENERAL', sort: '{"ts":1}' })
    expect(asc.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([welcome._id, release._id])
    const bad = await starred('demo', { roomId: 'GENERAL', sort: '{"ts":2}' })
    expect(bad.body).toStrictEqual(meteor('error-invalid-sort', 'Invalid sort parameter provided: "{"ts":2}"', { helperMethod: 'parseJsonQuery' }))
  })

  it('is empty for a user with no stars', async () => {
    expect((await starred('bob', { roomId: 'GENERAL' })).body).toStrictEqual({ messages: [], count: 0, offset: 0, total: 0, success: true })
  })

  it('refuses rooms the caller cannot read or that do not exist', async () => {
    const leadership = t.room('leadership')
    expect((await starred('demo', { roomId: leadership._id })).body).toStrictEqual(plain('error-not-allowed'))
    expect((await starred('demo', { roomId: 'nope' })).body).toStrictEqual(plain('error-not-allowed'))
    expect((await starred('alice', { roomId: leadership._id })).status).toBe(200)
  })

  it('validates the query', async () => {
    expect((await t.api('chat.getStarredMessages', { as: 'demo' })).body).toStrictEqual(legacyInvalidQuery("must have required property 'roomId'"))
    expect((await starred('demo', { roomId: '' })).body).toStrictEqual(legacyInvalidQuery('must NOT have fewer than 1 characters'))
    expect((await starred('demo', { roomId: 'GENERAL', query: '{}' })).body).toStrictEqual(legacyInvalidQuery('must NOT have additional properties'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.getStarredMessages', { query: { roomId: 'GENERAL' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
