import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const LATER = '2026-03-01T10:00:05.000Z'
const follow = (as: string, body: unknown) => t.api('chat.followMessage', { as, body })
const unfollow = (as: string, body: unknown) => t.api('chat.unfollowMessage', { as, body })
const getMessage = async (as: string, msgId: string) => (await t.api('chat.getMessage', { as, query: { msgId } })).body.message
const generalSubscription = async (as: string) => (await t.api('subscriptions.get', { as })).body.update.find((s: { rid: string }) => s.rid === 'GENERAL')
const threadIds = async (as: string, type: string) =>
  (await t.api('chat.getThreadsList', { as, query: { rid: 'GENERAL', type } })).body.threads.map((m: { _id: string }) => m._id)

describe('POST /api/v1/chat.followMessage', () => {
  it("adds the caller to the root's replies and bumps _updatedAt: getMessage and getThreadsList?type=following show it", async () => {
    t.mock.clock.set(NOW)
    const [admin, demo, bob] = [t.user('admin'), t.user('demo'), t.user('bob')]
    const release = t.messageByText(DEFAULT_TEXTS.release)
    expect(await threadIds('bob', 'following')).not.toContain(release._id)

    const res = await follow('bob', { mid: release._id })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })

    const root = await getMessage('bob', release._id)
    expect(root.replies).toStrictEqual([admin._id, demo._id, bob._id])
    expect(root._updatedAt).toBe(NOW)
    expect(root.tcount).toBe(2)
    expect(await threadIds('bob', 'following')).toContain(release._id)
  })

  it('is idempotent (no duplicate follower) but still a write: _updatedAt moves', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    await follow('bob', { mid: release._id })
    t.mock.clock.set(LATER)
    expect((await follow('bob', { mid: release._id })).body).toStrictEqual({ success: true })
    const root = await getMessage('bob', release._id)
    expect(root.replies).toStrictEqual([t.user('admin')._id, t.user('demo')._id, t.user('bob')._id])
    expect(root._updatedAt).toBe(LATER)
  })

  it('following a reply follows its root; the reply itself is untouched', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const reply = t.messageByText('Yes, in the release notes.')
    const replyUpdatedAt = reply._updatedAt.toISOString()
    expect((await follow('bob', { mid: reply._id })).status).toBe(200)
    expect((await getMessage('bob', release._id)).replies).toContain(t.user('bob')._id)
    const after = await getMessage('bob', reply._id)
    expect(after.replies).toBeUndefined()
    expect(after._updatedAt).toBe(replyUpdatedAt)
  })

  it('works on a message that is not a thread: replies is set, no tcount is created', async () => {
    t.mock.clock.set(NOW)
    const plain = await t.send('alice', { rid: 'GENERAL', msg: 'not a thread yet' })
    expect((await follow('bob', { mid: plain._id })).status).toBe(200)
    const message = await getMessage('bob', plain._id)
    expect(message.replies).toStrictEqual([t.user('bob')._id])
    expect(message.tcount).toBeUndefined()
    expect(await threadIds('bob', 'following')).not.toContain(plain._id)
  })

  it('lets a non-member follow in a public channel (read access is enough)', async () => {
    const channel = t.room('demo-channel')
    const message = t.messageByText('This is my channel. I am its owner, so I can pin here.')
    expect(channel._id).toBe(message.rid)
    expect((await follow('admin', { mid: message._id })).status).toBe(200)
    expect((await getMessage('admin', message._id)).replies).toStrictEqual([t.user('admin')._id])
  })

  describe('errors', () => {
    it('Threads_enabled off → not-allowed with the method in details (checked before the message lookup)', async () => {
      t.use({ settings: { Threads_enabled: false } })
      const res = await follow('demo', { mid: 'doesNotExist' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'not-allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
        details: { method: 'followMessage' },
      })
      expect(res.body).toStrictEqual(errors.followNotAllowed('followMessage').body)
    })

    it('unknown mid → Invalid message [error-invalid-message]', async () => {
      const res = await follow('demo', { mid: 'doesNotExist' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Invalid message [error-invalid-message]',
        errorType: 'error-invalid-message',
        details: { method: 'followMessage' },
      })
    })

    it('a message in a private group the caller is not in → not-allowed, nothing written', async () => {
      const secret = t.messageByText('Quarterly planning notes go here.')
      const before = secret._updatedAt.toISOString()
      const res = await follow('demo', { mid: secret._id })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(errors.followNotAllowed('followMessage').body)
      expect(t.message(secret._id)!.replies).toBeUndefined()
      expect(t.message(secret._id)!._updatedAt.toISOString()).toBe(before)
    })

    it('validates the body like the server (ajv, invalid-params)', async () => {
      const cases: Array<[unknown, string]> = [
        [{}, "must have required property 'mid'"],
        [{ mid: '' }, 'must NOT have fewer than 1 characters'],
        [{ mid: 'x', tmid: 'y' }, 'must NOT have additional properties'],
        [{ mid: ['x'] }, 'must be string'],
      ]
      for (const [body, error] of cases) {
        const res = await follow('demo', body)
        expect(res.status, JSON.stringify(body)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'invalid-params', error })
      }
    })

    it('401 without credentials, before validation', async () => {
      const res = await t.api('chat.followMessage', { body: {} })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})

describe('POST /api/v1/chat.unfollowMessage', () => {
  it("removes the caller from replies and pulls the root from the caller's tunread, tunreadUser and tunreadGroup", async () => {
    t.mock.clock.set(NOW)
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const [demo, alice, bob] = ['demo', 'alice', 'bob'].map((u) => t.user(u)._id)
    const before = await generalSubscription('admin')
    expect(before.tunread).toContain(retro._id)
    expect(before.tunreadUser).toStrictEqual([retro._id])
    expect(await threadIds('admin', 'unread')).toContain(retro._id)

    const res = await unfollow('admin', { mid: retro._id })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })

    const root = await getMessage('admin', retro._id)
    expect(root.replies).toStrictEqual([alice, bob, demo])
    expect(root._updatedAt).toBe(NOW)
    const sub = await generalSubscription('admin')
    expect(sub.tunread).toStrictEqual(before.tunread.filter((id: string) => id !== retro._id))
    expect(sub.tunreadUser).toStrictEqual([])
    expect(sub._updatedAt).toBe(NOW)
    expect(await threadIds('admin', 'unread')).not.toContain(retro._id)
    expect(await threadIds('admin', 'following')).not.toContain(retro._id)
    // Other followers keep their unread marker.
    expect((await generalSubscription('demo')).tunread).toContain(retro._id)
  })

  it('unfollowing a reply unfollows its root', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const reply = t.messageByText('Count me in.')
    expect((await unfollow('bob', { mid: reply._id })).status).toBe(200)
    expect((await getMessage('bob', retro._id)).replies).not.toContain(t.user('bob')._id)
    expect((await generalSubscription('bob')).tunread).toStrictEqual([])
  })

  it('is idempotent: unfollowing a thread one does not follow answers 200 and changes nothing but _updatedAt', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const replies = [...release.replies!]
    expect((await unfollow('bob', { mid: release._id })).status).toBe(200)
    const root = await getMessage('bob', release._id)
    expect(root.replies).toStrictEqual(replies)
    expect(root._updatedAt).toBe(NOW)
  })

  it('follow then unfollow round-trips through getThreadsList?type=following', async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    await follow('bob', { mid: release._id })
    expect(await threadIds('bob', 'following')).toContain(release._id)
    await unfollow('bob', { mid: release._id })
    expect(await threadIds('bob', 'following')).not.toContain(release._id)
  })

  describe('errors', () => {
    it('Threads_enabled off → not-allowed for unfollowMessage', async () => {
      t.use({ settings: { Threads_enabled: false } })
      const res = await unfollow('demo', { mid: t.messageByText(DEFAULT_TEXTS.retro)._id })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({
        success: false,
        error: 'not-allowed [error-not-allowed]',
        errorType: 'error-not-allowed',
        details: { method: 'unfollowMessage' },
      })
    })

    it('unknown mid → Invalid message, details.method unfollowMessage', async () => {
      const res = await unfollow('demo', { mid: 'nope' })
      expect(res.body).toStrictEqual(errors.followInvalidMessage('unfollowMessage').body)
      expect(res.body.error).toBe('Invalid message [error-invalid-message]')
    })

    it('a message of a DM the caller is not part of → not-allowed', async () => {
      const dmMessage = t.messageByText(DEFAULT_TEXTS.dmHello)
      const res = await unfollow('bob', { mid: dmMessage._id })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(errors.followNotAllowed('unfollowMessage').body)
    })

    it('validates the body', async () => {
      expect((await unfollow('demo', {})).body).toStrictEqual({
        success: false,
        errorType: 'invalid-params',
        error: "must have required property 'mid'",
      })
    })

    it('401 without credentials', async () => {
      const res = await t.api('chat.unfollowMessage', { body: { mid: 'x' } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})
