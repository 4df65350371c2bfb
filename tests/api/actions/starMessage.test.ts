import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, meteor } from './fixtures.js'

const t = setup()
const star = (as: string, messageId: unknown) => t.api('chat.starMessage', { as, body: { messageId } })

describe('POST /api/v1/chat.starMessage', () => {
  it('stars a message for the caller; getStarredMessages and getMessage show only their own entry', async () => {
    t.mock.clock.set(NOW)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const alice = t.user('alice')
    const res = await star('alice', welcome._id)
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    expect(t.message(welcome._id)!.starred).toStrictEqual([{ _id: alice._id }])
    expect(t.message(welcome._id)!._updatedAt.toISOString()).toBe(NOW)

    const starred = await t.api('chat.getStarredMessages', { as: 'alice', query: { roomId: 'GENERAL' } })
    expect(starred.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([welcome._id])
    expect(starred.body.messages[0].starred).toStrictEqual([{ _id: alice._id }])
    // demo starred the release message in the seed, not this one: they see an empty `starred`.
    const asDemo = await t.api('chat.getMessage', { as: 'demo', query: { msgId: welcome._id } })
    expect(asDemo.body.message.starred).toStrictEqual([])
  })

  it('is idempotent (one entry per user) but still a write', async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const demo = t.user('demo')
    t.mock.clock.set(NOW)
    expect((await star('demo', release._id)).status).toBe(200)
    expect(t.message(release._id)!.starred).toStrictEqual([{ _id: demo._id }])
    expect(t.message(release._id)!._updatedAt.toISOString()).toBe(NOW)
  })

  it('silently does nothing (200) when the caller is not subscribed to the room', async () => {
    const demo = t.user('demo')
    const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !r.prid && !t.mock.core.subscription(r._id, demo._id))!
    const message = t.mock.db.messages.sorted('room', channel._id).find((m) => !m.t)!
    const res = await expectNoWrite(t, ['demo'], () => star('demo', message._id))
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    // A non-member of a private group: the same silent no-op.
    const planning = t.messageByText('Quarterly planning notes go here.')
    expect((await expectNoWrite(t, ['bob'], () => star('bob', planning._id))).status).toBe(200)
  })

  it('refuses unknown messages and disabled starring, writing nothing', async () => {
    const notFound = await expectNoWrite(t, ['demo'], () => star('demo', 'nope'))
    expect(notFound.status).toBe(400)
    expect(notFound.body).toStrictEqual(meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.'))
    t.mock.setSetting('Message_AllowStarring', false)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const disabled = await expectNoWrite(t, ['demo'], () => star('demo', welcome._id))
    expect(disabled.body).toStrictEqual(
      meteor('error-action-not-allowed', 'Message starring not allowed', { method: 'starMessage', action: 'Message_starring' }),
    )
  })

  it('validates the body', async () => {
    expect((await t.api('chat.starMessage', { as: 'demo', body: {} })).body).toStrictEqual(invalidBody("must have required property 'messageId'"))
    expect((await star('demo', '')).body).toStrictEqual(invalidBody('must NOT have fewer than 1 characters'))
    const extra = await t.api('chat.starMessage', { as: 'demo', body: { messageId: 'x', starred: true } })
    expect(extra.body).toStrictEqual(invalidBody('must NOT have additional properties'))
  })

  it('answers 401 without credentials', async () => {
    const res = await t.api('chat.starMessage', { body: { messageId: 'x' } })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(LOGGED_OUT)
  })
})
