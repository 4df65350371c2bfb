import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, meteor, plain } from './fixtures.js'

const t = setup()
const react = (as: string, body: unknown) => t.api('chat.react', { as, body })
const getMessage = async (as: string, msgId: string) => (await t.api('chat.getMessage', { as, query: { msgId } })).body.message

describe('POST /api/v1/chat.react', () => {
  it('adds a reaction (`smile` → `:smile:`), visible to everyone through chat.getMessage', async () => {
    t.mock.clock.set(NOW)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await react('demo', { messageId: welcome._id, emoji: 'smile' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const message = await getMessage('bob', welcome._id)
    expect(message.reactions).toStrictEqual({
      ':tada:': { usernames: ['demo', 'alice'] },
      ':+1:': { usernames: ['bob'] },
      ':smile:': { usernames: ['demo'] },
    })
    expect(message._updatedAt).toBe(NOW)
  })

  it('toggles without `shouldReact`, accepts `reaction` and `:colons:`, drops empty keys and the whole field', async () => {
    const message = await t.send('demo', { rid: 'GENERAL', msg: 'react to me' })
    expect((await react('alice', { messageId: message._id, reaction: ':rocket:' })).status).toBe(200)
    expect((await react('bob', { messageId: message._id, emoji: 'rocket' })).status).toBe(200)
    expect((await getMessage('demo', message._id)).reactions).toStrictEqual({ ':rocket:': { usernames: ['alice', 'bob'] } })
    // Toggle off.
    expect((await react('alice', { messageId: message._id, emoji: ':rocket:' })).status).toBe(200)
    expect((await getMessage('demo', message._id)).reactions).toStrictEqual({ ':rocket:': { usernames: ['bob'] } })
    expect((await react('bob', { messageId: message._id, emoji: 'rocket', shouldReact: false })).status).toBe(200)
    expect(await getMessage('demo', message._id)).not.toHaveProperty('reactions')
  })

  it('`shouldReact` is a setter: asking for the current state writes nothing', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const set = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: welcome._id, emoji: 'tada', shouldReact: true }))
    expect(set.body).toStrictEqual({ success: true })
    const unset = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: welcome._id, emoji: 'smile', shouldReact: 'false' }))
    expect(unset.status).toBe(200)
    expect((await react('demo', { messageId: welcome._id, emoji: 'tada', shouldReact: false })).status).toBe(200)
    expect((await getMessage('demo', welcome._id)).reactions[':tada:']).toStrictEqual({ usernames: ['alice'] })
  })

  it('adds `names` next to `usernames` when UI_Use_Real_Name is on', async () => {
    t.mock.setSetting('UI_Use_Real_Name', true)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    await react('admin', { messageId: welcome._id, emoji: 'heart' })
    const message = await getMessage('demo', welcome._id)
    expect(message.reactions[':tada:']).toStrictEqual({ usernames: ['demo', 'alice'], names: ['Demo User', 'Alice Carter'] })
    expect(message.reactions[':heart:']).toStrictEqual({ usernames: ['admin'], names: ['Administrator'] })
  })

  it("mirrors the change on the room's lastMessage (rooms.info)", async () => {
    t.mock.clock.set(NOW)
    const last = t.room('GENERAL').lastMessage
    await react('alice', { messageId: last._id, emoji: 'eyes' })
    const room = (await t.api('rooms.info', { as: 'demo', query: { roomId: 'GENERAL' } })).body.room
    expect(room.lastMessage._id).toBe(last._id)
    expect(room.lastMessage.reactions).toStrictEqual({ ':eyes:': { usernames: ['alice'] } })
    expect(room._updatedAt).toBe(NOW)
  })

  it('needs no membership in a public channel', async () => {
    const demo = t.user('demo')
    const channel = t.mock.db.rooms.all().find((r) => r.t === 'c' && !r.prid && !t.mock.core.subscription(r._id, demo._id))!
    const message = t.mock.db.messages.sorted('room', channel._id).find((m) => !m.t)!
    expect((await react('demo', { messageId: message._id, emoji: '+1' })).status).toBe(200)
    expect(t.message(message._id)!.reactions?.[':+1:']?.usernames).toContain('demo')
  })

  it('refuses unknown messages and emoji with the exact errors, writing nothing', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const notFound = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: 'nope', emoji: 'smile' }))
    expect(notFound.status).toBe(400)
    expect(notFound.body).toStrictEqual(meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.'))
    const empty = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: welcome._id, emoji: '' }))
    expect(empty.body).toStrictEqual(meteor('error-emoji-param-not-provided', 'The required "emoji" param is missing.'))
    for (const emoji of ['not_an_emoji', '::', 'smiley face']) {
      const bad = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: welcome._id, emoji }))
      expect(bad.status).toBe(400)
      expect(bad.body).toStrictEqual(meteor('error-not-allowed', 'Invalid emoji provided.', { method: 'setReaction' }))
    }
  })

  it('validates the body as the server does (oneOf emoji | reaction)', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const neither = await react('demo', { messageId: welcome._id })
    expect(neither.body).toStrictEqual(
      invalidBody("must have required property 'emoji'\nmust have required property 'reaction'\nmust match exactly one schema in oneOf"),
    )
    const both = await react('demo', { messageId: welcome._id, emoji: 'smile', reaction: 'smile' })
    expect(both.body).toStrictEqual(
      invalidBody('must NOT have additional properties\nmust NOT have additional properties\nmust match exactly one schema in oneOf'),
    )
    const noId = await react('demo', { emoji: 'smile' })
    expect(noId.status).toBe(400)
    expect(noId.body.errorType).toBe('invalid-params')
    expect(noId.body.error).toMatch(/^must have required property 'messageId'/)
  })

  it('refuses a room the caller cannot read (after the emoji check), writing nothing', async () => {
    const planning = t.messageByText('Quarterly planning notes go here.')
    const res = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: planning._id, emoji: 'smile' }))
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(meteor('not-authorized', 'Not Authorized', { method: 'setReaction' }))
    const invalid = await react('demo', { messageId: planning._id, emoji: 'no_such_emoji' })
    expect(invalid.body.error).toBe('Invalid emoji provided. [error-not-allowed]')
    // As the server: a request for the state the message is already in returns before the access check.
    const noop = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: planning._id, emoji: 'smile', shouldReact: false }))
    expect(noop.status).toBe(200)
    // alice is a member.
    expect((await react('alice', { messageId: planning._id, emoji: 'smile' })).status).toBe(200)
  })

  it('refuses muted users and read-only rooms (unless post-readonly or reactWhenReadOnly)', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const general = t.room('GENERAL')
    t.mock.db.rooms.patch(general, (r) => (r.muted = ['bob']))
    const muted = await expectNoWrite(t, ['bob'], () => react('bob', { messageId: welcome._id, emoji: 'smile' }))
    expect(muted.body).toStrictEqual(meteor('error-not-allowed', 'You have been muted and cannot speak in this room', { rid: 'GENERAL' }))

    t.mock.db.rooms.patch(general, (r) => {
      r.muted = []
      r.ro = true
    })
    const readonly = await expectNoWrite(t, ['demo'], () => react('demo', { messageId: welcome._id, emoji: 'smile' }))
    expect(readonly.body).toStrictEqual(plain("You can't send messages because the room is readonly."))
    expect((await react('admin', { messageId: welcome._id, emoji: 'smile' })).status).toBe(200)
    t.mock.db.rooms.patch(general, (r) => (r.reactWhenReadOnly = true))
    expect((await react('demo', { messageId: welcome._id, emoji: 'smile' })).status).toBe(200)
  })

  it('answers 401 without credentials', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await t.api('chat.react', { body: { messageId: welcome._id, emoji: 'smile' } })
    expect(res.status).toBe(401)
    expect(res.body).toStrictEqual(LOGGED_OUT)
  })
})
