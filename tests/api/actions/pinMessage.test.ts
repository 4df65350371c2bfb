import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, meteor } from './fixtures.js'

const t = setup()
const pin = (as: string, messageId: unknown) => t.api('chat.pinMessage', { as, body: { messageId } })
const NOT_AUTHORIZED = meteor('not-authorized', 'Not Authorized', { method: 'pinMessage' })

describe('POST /api/v1/chat.pinMessage', () => {
  it('lets admin pin in GENERAL: answers the message_pinned system message, visible in history and getPinnedMessages', async () => {
    t.mock.clock.set(NOW)
    const admin = t.user('admin')
    const bob = t.user('bob')
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const alice = t.user('alice')
    const room = t.room('GENERAL')
    const [msgs, lm, lastMessageId] = [room.msgs, room.lm, room.lastMessage._id]
    const bobUnread = t.mock.core.subscription('GENERAL', bob._id)!.unread

    const res = await pin('admin', retro._id)
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['message', 'success'])
    const system = res.body.message
    expect(system).toStrictEqual({
      _id: system._id,
      rid: 'GENERAL',
      msg: '',
      // The pin itself is stamped NOW; the system message, a second message write, 1 ms later.
      ts: '2026-03-01T10:00:00.001Z',
      u: { _id: admin._id, username: 'admin', name: 'Administrator' },
      _updatedAt: '2026-03-01T10:00:00.001Z',
      groupable: false,
      attachments: [
        {
          text: DEFAULT_TEXTS.retro,
          author_name: 'alice',
          author_icon: '/avatar/alice',
          ts: retro.ts.toISOString(),
          attachments: [],
        },
      ],
      t: 'message_pinned',
      unread: true,
    })
    expect(system._id).toMatch(/^[23456789A-HJ-NP-Za-km-z]{17}$/)

    // The pinned message itself.
    const pinned = t.message(retro._id)!
    expect(json(pinned)).toMatchObject({ pinned: true, pinnedAt: NOW, pinnedBy: { _id: admin._id, username: 'admin' }, _updatedAt: NOW, u: { _id: alice._id } })
    const list = await t.api('chat.getPinnedMessages', { as: 'demo', query: { roomId: 'GENERAL' } })
    expect(list.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([t.messageByText(DEFAULT_TEXTS.welcome)._id, retro._id])

    // The system message is in the channel history (newest), counted in msgs; lm, lastMessage and unreads untouched.
    const history = await t.api('channels.history', { as: 'demo', query: { roomId: 'GENERAL', count: 1 } })
    expect(history.body.messages[0]).toStrictEqual(system)
    const after = t.room('GENERAL')
    expect(after.msgs).toBe(msgs + 1)
    expect(after.lm).toStrictEqual(lm)
    expect(after.lastMessage._id).toBe(lastMessageId)
    expect(t.mock.core.subscription('GENERAL', bob._id)!.unread).toBe(bobUnread)
  })

  it('lets demo pin in demo-channel (room owner), but not in GENERAL (plain user), writing nothing there', async () => {
    const channel = t.room('demo-channel')
    const bobsMessage = t.messageByText('Nice. Testing the composer :wave:')
    const ok = await pin('demo', bobsMessage._id)
    expect(ok.status).toBe(200)
    expect(ok.body.message).toMatchObject({ t: 'message_pinned', rid: channel._id, attachments: [{ text: bobsMessage.msg, author_name: 'bob' }] })
    expect(t.message(bobsMessage._id)!.pinned).toBe(true)

    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    for (const user of ['demo', 'alice', 'bob']) {
      const refused = await expectNoWrite(t, [user], () => pin(user, retro._id))
      expect(refused.status).toBe(400)
      expect(refused.body).toStrictEqual(NOT_AUTHORIZED)
    }
    // bob is a plain member of demo-channel.
    const demoChannelMessage = t.messageByText('This is my channel. I am its owner, so I can pin here.')
    expect((await expectNoWrite(t, ['bob'], () => pin('bob', demoChannelMessage._id))).body).toStrictEqual(NOT_AUTHORIZED)
  })

  it('follows the pin-message permission when it is granted to more roles', async () => {
    t.mock.setPermission('pin-message', ['admin', 'owner', 'moderator', 'user'])
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    expect((await pin('bob', retro._id)).status).toBe(200)
  })

  it('answers the message itself, unchanged, when it is already pinned (no new system message)', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await expectNoWrite(t, ['admin'], () => pin('admin', welcome._id))
    expect(res.status).toBe(200)
    expect(res.body.message).toStrictEqual(json(t.message(welcome._id)))
  })

  it('quotes the attachments of the pinned message', async () => {
    const message = await t.send('admin', { rid: 'GENERAL', msg: 'with a card', attachments: [{ title: 'Card', text: 'body' }] })
    const res = await pin('admin', message._id)
    expect(res.body.message.attachments).toStrictEqual([
      { text: 'with a card', author_name: 'admin', author_icon: '/avatar/admin', ts: message.ts, attachments: [{ title: 'Card', text: 'body' }] },
    ])
  })

  it('refuses in the server order: unknown message, pinning disabled, permission, room access', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const notFound = await expectNoWrite(t, ['admin'], () => pin('admin', 'nope'))
    expect(notFound.body).toStrictEqual(meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.'))

    t.mock.setSetting('Message_AllowPinning', false)
    const disabled = await expectNoWrite(t, ['admin'], () => pin('admin', retro._id))
    expect(disabled.body).toStrictEqual(meteor('error-action-not-allowed', 'Message pinning not allowed', { method: 'pinMessage', action: 'Message_pinning' }))
    t.mock.setSetting('Message_AllowPinning', true)

    // demo owns demo-channel but cannot read leadership: pin-message is granted there only to admin/owner/moderator.
    t.mock.setPermission('pin-message', ['admin', 'owner', 'moderator', 'user'])
    const planning = t.messageByText('Quarterly planning notes go here.')
    expect((await expectNoWrite(t, ['demo'], () => pin('demo', planning._id))).body).toStrictEqual(NOT_AUTHORIZED)
  })

  it('validates the body', async () => {
    expect((await t.api('chat.pinMessage', { as: 'admin', body: {} })).body).toStrictEqual(invalidBody("must have required property 'messageId'"))
    expect((await pin('admin', '')).body).toStrictEqual(invalidBody('must NOT have fewer than 1 characters'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.pinMessage', { body: { messageId: 'x' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
