import { describe, expect, it } from 'vitest'
import { NOW, setup } from '../../helpers.js'

/** Side effects of posting that other endpoints report: discussion counters, automatic translation. */
const t = setup()

describe('after a message is saved', () => {
  it("posting into a discussion updates the parent's discussion-created message (dcount, dlm)", async () => {
    t.mock.clock.set(NOW)
    const starter = t.mock.db.messages.sorted('roomDiscussions', 'GENERAL')[0]!
    const discussionId = starter.drid!
    const before = t.mock.db.rooms.get(discussionId)!.msgs
    const posted = await t.send('bob', { rid: discussionId, msg: 'one more note' })
    expect(posted.ts).toBe(NOW)
    const res = await t.api('chat.getDiscussions', { as: 'demo', query: { roomId: 'GENERAL' } })
    // The starter message's counters are a second message write of the request: the next stamp.
    expect(res.body.messages[0]).toMatchObject({ _id: starter._id, drid: discussionId, dcount: before + 1, dlm: NOW, _updatedAt: '2026-03-01T10:00:00.001Z' })
  })

  it('members with auto-translate on get new messages translated into their language', async () => {
    t.mock.clock.set(NOW)
    const saved = await t.api('autotranslate.saveSettings', {
      as: 'alice',
      method: 'POST',
      body: { roomId: 'GENERAL', field: 'autoTranslateLanguage', value: 'es' },
    })
    expect(saved.body).toEqual({ success: true })
    await t.api('autotranslate.saveSettings', { as: 'alice', method: 'POST', body: { roomId: 'GENERAL', field: 'autoTranslate', value: true } })
    const posted = await t.send('bob', { rid: 'GENERAL', msg: 'good morning team' })
    const read = await t.api('chat.getMessage', { as: 'alice', query: { msgId: posted._id } })
    expect(Object.keys(read.body.message.translations)).toEqual(['es'])
    expect(read.body.message.translations.es).not.toBe('good morning team')
    expect(read.body.message.translationProvider).toBe('google-translate')
    // The sender's own language preference does not apply to their own message.
    const own = await t.send('alice', { rid: 'GENERAL', msg: 'hola' })
    expect(t.message(own._id)!.translations).toBeUndefined()
  })
})
