import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, setup } from '../../helpers.js'

const t = setup()
const get = (as: string, msgId: string) => t.api('chat.getMessage', { as, query: { msgId } })

describe('GET /api/v1/chat.getMessage', () => {
  it('returns the pinned, reacted welcome message exactly as stored', async () => {
    const admin = t.user('admin')
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await get('demo', welcome._id)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['message', 'success'])
    expect(res.body.message).toStrictEqual(json(welcome))
    expect(res.body.message).toMatchObject({
      _id: welcome._id,
      rid: 'GENERAL',
      msg: DEFAULT_TEXTS.welcome,
      u: { _id: admin._id, username: 'admin', name: 'Administrator' },
      pinned: true,
      pinnedBy: { _id: admin._id, username: 'admin' },
      reactions: { ':tada:': { usernames: ['demo', 'alice'] }, ':+1:': { usernames: ['bob'] } },
    })
    // Pinned in the same seeded instant as it was posted: the pin is the next message stamp.
    expect(Date.parse(res.body.message.pinnedAt)).toBe(Date.parse(res.body.message.ts) + 1)
    expect(res.body.message.md[0].value.at(-1)).toStrictEqual({ type: 'EMOJI', value: { type: 'PLAIN_TEXT', value: 'tada' }, shortCode: 'tada' })
  })

  it('returns the retro thread root with its 4 replies counted', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const replies = t.mock.db.messages.sorted('thread', retro._id)
    expect(replies.map((m) => m.msg)).toStrictEqual([
      'Count me in.',
      'Me too, I will bring the notes.',
      'Booked the big room for 3pm.',
      'Perfect, thanks @admin!',
    ])
    const res = await get('bob', retro._id)
    expect(res.body.message).toMatchObject({
      msg: DEFAULT_TEXTS.retro,
      tcount: 4,
      tlm: replies.at(-1)!.ts.toISOString(),
      replies: ['alice', 'bob', 'demo', 'admin'].map((u) => t.user(u)._id),
      reactions: { ':+1:': { usernames: ['bob'] } },
    })
    const reply = await get('bob', replies[3]!._id)
    expect(reply.body.message).toMatchObject({
      tmid: retro._id,
      msg: 'Perfect, thanks @admin!',
      mentions: [{ _id: t.user('admin')._id, username: 'admin', name: 'Administrator', type: 'user' }],
    })
  })

  it("normalises `starred` to the caller's own entry", async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const asDemo = await get('demo', release._id)
    expect(asDemo.body.message.starred).toStrictEqual([{ _id: t.user('demo')._id }])
    const asAlice = await get('alice', release._id)
    expect(asAlice.body.message.starred).toStrictEqual([])
    expect(asAlice.body.message).toMatchObject({ tcount: 2, urls: [{ url: 'https://example.com/releases/3.2', meta: {} }] })
  })

  it('adds reaction names with UI_Use_Real_Name', async () => {
    t.use({ settings: { UI_Use_Real_Name: true } })
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await get('demo', welcome._id)
    expect(res.body.message.reactions).toStrictEqual({
      ':tada:': { usernames: ['demo', 'alice'], names: ['Demo User', 'Alice Carter'] },
      ':+1:': { usernames: ['bob'], names: ['Bob Nguyen'] },
    })
  })

  it('lets anyone read a public channel message, and members read DM and group messages', async () => {
    const dmHello = t.messageByText(DEFAULT_TEXTS.dmHello)
    expect((await get('alice', dmHello._id)).body.message.rid).toBe(t.dmId('demo', 'alice'))
    const leadership = t.mock.db.messages.sorted('room', t.room('leadership')._id)[0]!
    expect((await get('alice', leadership._id)).body.message.msg).toBe('Quarterly planning notes go here.')
  })

  it("refuses demo a message of the leadership group and of alice and bob's DM", async () => {
    const leadership = t.mock.db.messages.sorted('room', t.room('leadership')._id)[0]!
    const aliceBob = t.mock.db.messages.sorted('room', t.dmId('alice', 'bob'))[0]!
    for (const id of [leadership._id, aliceBob._id]) {
      const res = await get('demo', id)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Not allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
        details: { method: 'getSingleMessage' },
      })
      expect(res.body).toStrictEqual(errors.getMessageNotAllowed().body)
    }
  })

  it('answers a bare {"success":false} for an unknown message', async () => {
    const res = await get('demo', 'doesNotExist12345')
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false })
  })

  it.each([
    [{}, "must have required property 'msgId'"],
    [{ msgId: '' }, 'must NOT have fewer than 1 characters'],
    [{ msgId: 'x', roomId: 'GENERAL' }, 'must NOT have additional properties'],
  ])('validates the query %j: %s', async (query, error) => {
    const res = await t.api('chat.getMessage', { as: 'demo', query })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
  })

  it('refuses a repeated msgId (an array) without a 5xx', async () => {
    const res = await t.api('chat.getMessage', { as: 'demo', query: { msgId: ['a', 'b'] } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error: 'must be string' })
  })

  it('answers 401 without or with wrong credentials, before validating', async () => {
    for (const as of [undefined, { userId: t.login('demo').userId, authToken: 'wrong' }]) {
      const res = await t.api('chat.getMessage', as ? { as } : {})
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
  })
})
