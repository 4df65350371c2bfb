import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { NOW, setup } from '../../helpers.js'

const t = setup({ now: NOW })

describe('POST chat.readThread', () => {
  it('takes the thread out of the reader’s unread lists; the last one also clears the alert', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    await t.api('subscriptions.read', { as: 'alice', body: { rid: 'GENERAL', readThreads: true } })
    await t.send('bob', { rid: 'GENERAL', msg: 'One more thing @alice', tmid: retro._id })
    const before = t.mock.core.subscription('GENERAL', t.user('alice')._id)!
    expect(before).toMatchObject({ alert: true, tunread: [retro._id], tunreadUser: [retro._id] })
    const res = await t.api('chat.readThread', { as: 'alice', body: { tmid: retro._id } })
    expect(res.body).toStrictEqual({ success: true })
    const after = t.mock.core.subscription('GENERAL', t.user('alice')._id)!
    expect(after).toMatchObject({ alert: false, tunread: [], tunreadUser: [] })
    const sync = await t.api('subscriptions.get', { as: 'alice', query: { updatedSince: new Date(Date.parse(NOW) - 1).toISOString() } })
    expect(sync.body.update.find((s: { rid: string }) => s.rid === 'GENERAL')).toMatchObject({ tunread: [], alert: false })
  })

  it('a reply id stands for its root; unknown ids are a no-op; unreadable rooms and bad bodies are refused', async () => {
    const retro = t.messageByText(DEFAULT_TEXTS.retro)
    const reply = t.mock.db.messages.sorted('thread', retro._id)[0]!
    await t.send('bob', { rid: 'GENERAL', msg: 'ping', tmid: retro._id })
    expect(t.mock.core.subscription('GENERAL', t.user('alice')._id)!.tunread).toContain(retro._id)
    expect((await t.api('chat.readThread', { as: 'alice', body: { tmid: reply._id } })).body).toStrictEqual({ success: true })
    expect(t.mock.core.subscription('GENERAL', t.user('alice')._id)!.tunread).not.toContain(retro._id)
    expect((await t.api('chat.readThread', { as: 'alice', body: { tmid: 'nope' } })).body).toStrictEqual({ success: true })
    const secret = t.mock.db.messages.sorted('room', t.room('leadership')._id)[0]!
    expect((await t.api('chat.readThread', { as: 'demo', body: { tmid: secret._id } })).body).toStrictEqual(errors.threadsNotAllowed().body)
    expect((await t.api('chat.readThread', { as: 'demo', body: {} })).body).toStrictEqual({
      success: false,
      errorType: 'invalid-params',
      error: "must have required property 'tmid'",
    })
    t.mock.setSetting('Threads_enabled', false)
    expect((await t.api('chat.readThread', { as: 'alice', body: { tmid: retro._id } })).body).toStrictEqual(errors.threadsDisabled().body)
  })
})
