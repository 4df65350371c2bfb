import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, meteor } from './fixtures.js'

const t = setup()
const unpin = (as: string, messageId: string) => t.api('chat.unPinMessage', { as, body: { messageId } })
const LATER = '2026-03-01T10:05:00.000Z'

describe('POST /api/v1/chat.unPinMessage', () => {
  it('unpins the seeded welcome message: pinned false, pinnedBy the unpinner, no system message; gone from getPinnedMessages', async () => {
    const admin = t.user('admin')
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const pinnedAt = welcome.pinnedAt!.toISOString()
    const msgs = t.room('GENERAL').msgs
    const count = t.mock.db.messages.count()
    t.mock.clock.set(NOW)
    const res = await unpin('admin', welcome._id)
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const got = (await t.api('chat.getMessage', { as: 'demo', query: { msgId: welcome._id } })).body.message
    expect(got).toMatchObject({ pinned: false, pinnedBy: { _id: admin._id, username: 'admin' }, pinnedAt, _updatedAt: NOW })
    expect(t.mock.db.messages.count()).toBe(count)
    expect(t.room('GENERAL').msgs).toBe(msgs)
    const list = await t.api('chat.getPinnedMessages', { as: 'demo', query: { roomId: 'GENERAL' } })
    expect(list.body).toStrictEqual({ messages: [], count: 0, offset: 0, total: 0, success: true })
  })

  it('pin then unpin round trip by demo in demo-channel', async () => {
    const message = t.messageByText('Nice. Testing the composer :wave:')
    t.mock.clock.set(NOW)
    expect((await t.api('chat.pinMessage', { as: 'demo', body: { messageId: message._id } })).status).toBe(200)
    t.mock.clock.set(LATER)
    expect((await unpin('demo', message._id)).status).toBe(200)
    expect(t.message(message._id)).toMatchObject({ pinned: false, pinnedAt: new Date(NOW) })
    // Unpinning a message that is not pinned is accepted too.
    expect((await unpin('demo', message._id)).status).toBe(200)
  })

  it('keeps a hidden history copy with Message_KeepHistory', async () => {
    t.mock.setSetting('Message_KeepHistory', true)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    expect((await unpin('admin', welcome._id)).status).toBe(200)
    const copy = t.mock.db.messages.all().find((m) => m.parent === welcome._id)!
    expect(copy).toMatchObject({ _hidden: true, pinned: true, msg: DEFAULT_TEXTS.welcome, editedBy: { username: 'admin' } })
  })

  it('refuses in the server order, writing nothing', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    expect((await expectNoWrite(t, ['admin'], () => unpin('admin', 'nope'))).body).toStrictEqual(
      meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.'),
    )
    // A plain member of GENERAL.
    expect((await expectNoWrite(t, ['demo'], () => unpin('demo', welcome._id))).body).toStrictEqual(
      meteor('not-authorized', 'Not Authorized', { method: 'unpinMessage' }),
    )
    // Not subscribed: reported as "not found" before the permission check.
    const demo = t.user('demo')
    const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !r.prid && !t.mock.core.subscription(r._id, demo._id))!
    const message = t.mock.db.messages.sorted('room', channel._id).find((m) => !m.t)!
    t.mock.setPermission('pin-message', ['admin', 'owner', 'moderator', 'user'])
    expect((await expectNoWrite(t, ['demo'], () => unpin('demo', message._id))).body).toStrictEqual(
      meteor('error-invalid-message', 'Message you are unpinning was not found', { method: 'unpinMessage', action: 'Message_pinning' }),
    )
    t.mock.setSetting('Message_AllowPinning', false)
    expect((await expectNoWrite(t, ['admin'], () => unpin('admin', welcome._id))).body).toStrictEqual(
      meteor('error-action-not-allowed', 'Message pinning not allowed', { method: 'unpinMessage', action: 'Message_pinning' }),
    )
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.unPinMessage', { body: { messageId: 'x' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
