import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, meteor } from './fixtures.js'

const t = setup()
const unstar = (as: string, messageId: string) => t.api('chat.unStarMessage', { as, body: { messageId } })

describe('POST /api/v1/chat.unStarMessage', () => {
  it("removes the caller's star (the seeded one of demo) and leaves other users' stars", async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const alice = t.user('alice')
    expect((await t.api('chat.starMessage', { as: 'alice', body: { messageId: release._id } })).status).toBe(200)
    const before = await t.api('chat.getStarredMessages', { as: 'demo', query: { roomId: 'GENERAL' } })
    expect(before.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([release._id])

    const res = await unstar('demo', release._id)
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    expect(t.message(release._id)!.starred).toStrictEqual([{ _id: alice._id }])
    const after = await t.api('chat.getStarredMessages', { as: 'demo', query: { roomId: 'GENERAL' } })
    expect(after.body).toStrictEqual({ messages: [], count: 0, offset: 0, total: 0, success: true })
  })

  it('is a harmless write on a message the caller never starred', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    t.mock.clock.set(NOW)
    expect((await unstar('bob', welcome._id)).status).toBe(200)
    expect(t.message(welcome._id)!.starred ?? []).toStrictEqual([])
  })

  it('refuses unknown messages and disabled starring, writing nothing', async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const notFound = await expectNoWrite(t, ['demo'], () => unstar('demo', 'nope'))
    expect(notFound.body).toStrictEqual(meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.'))
    t.mock.setSetting('Message_AllowStarring', false)
    const disabled = await expectNoWrite(t, ['demo'], () => unstar('demo', release._id))
    expect(disabled.status).toBe(400)
    expect(disabled.body).toStrictEqual(
      meteor('error-action-not-allowed', 'Message starring not allowed', { method: 'starMessage', action: 'Message_starring' }),
    )
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.unStarMessage', { body: { messageId: 'x' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
