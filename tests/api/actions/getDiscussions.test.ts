import { describe, expect, it } from 'vitest'
import { DEFAULT_DISCUSSIONS } from '../../../seeds/discussions.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, setup } from '../../helpers.js'
import { invalidQuery, plain } from './fixtures.js'

const t = setup()
const discussions = (as: string, query: Record<string, string | number>) => t.api('chat.getDiscussions', { as, query })

describe('GET /api/v1/chat.getDiscussions', () => {
  it("lists GENERAL's seeded discussion: the discussion-created message with drid, dcount and dlm", async () => {
    const alice = t.user('alice')
    const res = await discussions('demo', { roomId: 'GENERAL' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ count: 1, offset: 0, total: 1, success: true })
    const [message] = res.body.messages
    const discussion = t.mock.db.rooms.get(message.drid)!
    expect(message).toStrictEqual(json(t.message(message._id)))
    expect(message).toMatchObject({
      t: 'discussion-created',
      rid: 'GENERAL',
      msg: DEFAULT_DISCUSSIONS.general,
      u: { _id: alice._id, username: 'alice', name: 'Alice Carter' },
      groupable: false,
      dcount: 4,
      dlm: discussion.lm!.toISOString(),
    })
    // Placed right after the retro message it grew out of.
    expect(Date.parse(message.ts)).toBeGreaterThan(t.messageByText(DEFAULT_TEXTS.retro).ts.getTime())
    // The discussion is a room with `prid`, its members subscribed (with `prid` too).
    expect(discussion).toMatchObject({ t: 'c', prid: 'GENERAL', fname: DEFAULT_DISCUSSIONS.general, msgs: 4 })
    const info = await t.api('rooms.info', { as: 'demo', query: { roomId: discussion._id } })
    expect(info.body.room).toMatchObject({ _id: discussion._id, prid: 'GENERAL', fname: DEFAULT_DISCUSSIONS.general })
    expect(t.mock.core.subscription(discussion._id, t.user('bob')._id)).toMatchObject({ prid: 'GENERAL' })
    const history = await t.api('channels.history', { as: 'demo', query: { roomId: discussion._id } })
    expect(history.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual([
      'Let us track that as an action item for @bob.',
      'Flaky staging deploys slowed us down.',
      'The sync endpoints landed early :tada:',
      'Collecting notes for the retro here. What went well?',
    ])
  })

  it('filters by text (case-insensitive substring) and pages', async () => {
    expect((await discussions('demo', { roomId: 'GENERAL', text: 'RETRO' })).body.total).toBe(1)
    expect((await discussions('demo', { roomId: 'GENERAL', text: 'hiring' })).body).toStrictEqual({
      messages: [],
      count: 0,
      offset: 0,
      total: 0,
      success: true,
    })
    expect((await discussions('demo', { roomId: 'GENERAL', offset: 1 })).body).toMatchObject({ messages: [], count: 0, offset: 1, total: 1 })
  })

  it('a private discussion is listed only for members of its room', async () => {
    const leadership = t.room('leadership')
    expect((await discussions('demo', { roomId: leadership._id })).body).toStrictEqual(plain('error-not-allowed'))
    const res = await discussions('alice', { roomId: leadership._id })
    expect(res.body.messages.map((m: { msg: string }) => m.msg)).toStrictEqual([DEFAULT_DISCUSSIONS.leadership])
    expect(res.body.messages[0].dcount).toBe(2)
    expect((await discussions('demo', { roomId: 'nope' })).body).toStrictEqual(plain('error-not-allowed'))
  })

  it('rejects `sort` (not in the server schema) and a missing roomId', async () => {
    expect((await discussions('demo', { roomId: 'GENERAL', sort: '{"ts":1}' })).body).toStrictEqual(invalidQuery('must NOT have additional properties'))
    expect((await t.api('chat.getDiscussions', { as: 'demo' })).body).toStrictEqual(invalidQuery("must have required property 'roomId'"))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.getDiscussions', { query: { roomId: 'GENERAL' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
