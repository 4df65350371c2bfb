import { describe, expect, it } from 'vitest'
import { normalizeMessage } from '../../../src/serialize/message.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const others = (as: string, query: Record<string, string | number>, path = 'dm.messages.others') => t.api(path, { as, query })
const DISABLED = {
  success: false,
  error: 'This endpoint is disabled [error-endpoint-disabled]',
  errorType: 'error-endpoint-disabled',
  details: { route: '/api/v1/im.messages.others' },
}

describe('GET /api/v1/dm.messages.others', () => {
  it('an admin reads a DM it is not in: newest first, all of it counted', async () => {
    const rid = t.dmId('demo', 'alice')
    const stored = t.mock.db.messages.sorted('room', rid)
    const res = await others('admin', { roomId: rid })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['messages', 'offset', 'count', 'total', 'success'])
    expect(res.body).toMatchObject({ offset: 0, count: Math.min(50, stored.length), total: stored.length })
    const newestFirst = [...stored].reverse()
    expect(res.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual(newestFirst.slice(0, 50).map((m) => m._id))
    expect(res.body.messages[0]).toStrictEqual(json(normalizeMessage(t.mock.core, newestFirst[0]!, t.user('admin'))))
    // Thread replies and file messages are all there.
    expect(res.body.messages.some((m: { tmid?: string }) => m.tmid)).toBe(true)
    expect(res.body.messages.some((m: { file?: unknown }) => m.file)).toBe(true)
  })

  it('sees a message sent a moment ago, and hidden edit-history copies too', async () => {
    t.mock.setSetting('Message_KeepHistory', true)
    t.mock.clock.set(NOW)
    const rid = t.dmId('demo', 'alice')
    const sent = await t.send('demo', { rid, msg: 'first draft' })
    t.mock.clock.set('2026-03-01T10:01:00.000Z')
    await t.api('chat.update', { as: 'demo', body: { roomId: rid, msgId: sent._id, text: 'final text' } })
    const res = await others('admin', { roomId: rid, count: 2 })
    const [newest, second] = res.body.messages
    // The history copy is stamped 10:01:00.000, the edit right after it.
    expect(newest).toMatchObject({ _id: sent._id, msg: 'final text', ts: NOW, editedAt: '2026-03-01T10:01:00.001Z' })
    expect(second).toMatchObject({ _hidden: true, parent: sent._id, msg: 'first draft' })
    expect(res.body.total).toBe(t.mock.db.messages.sorted('room', rid).length)
  })

  it('sorts and paginates', async () => {
    const rid = t.dmId('admin', 'demo')
    const stored = t.mock.db.messages.sorted('room', rid)
    const oldest = await others('admin', { roomId: rid, sort: '{"ts":1}', count: 1 })
    expect(oldest.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([stored[0]!._id])
    const page = await others('admin', { roomId: rid, count: 1, offset: 1 })
    expect(page.body).toMatchObject({ offset: 1, count: 1, total: stored.length })
    expect(page.body.messages[0]._id).toBe(stored.at(-2)!._id)
  })

  it('when API_Enable_Direct_Message_History_EndPoint is off: the exact error, on both route names', async () => {
    t.mock.setSetting('API_Enable_Direct_Message_History_EndPoint', false)
    for (const path of ['dm.messages.others', 'im.messages.others']) {
      const res = await others('admin', { roomId: t.dmId('demo', 'alice') }, path)
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual(DISABLED)
    }
  })

  it('roomId missing, unknown, or not a DM', async () => {
    expect((await others('admin', {})).body).toStrictEqual({
      success: false,
      error: 'The parameter "roomId" is required [error-roomid-param-not-provided]',
      errorType: 'error-roomid-param-not-provided',
    })
    expect((await others('admin', { roomId: '' })).body.errorType).toBe('error-roomid-param-not-provided')
    for (const roomId of ['john', 'GENERAL', t.user('alice')._id]) {
      expect((await others('admin', { roomId })).body).toStrictEqual({
        success: false,
        error: `No direct message room found by the id of: ${roomId} [error-room-not-found]`,
        errorType: 'error-room-not-found',
      })
    }
  })

  it('403 for non-admins, even members of the DM and even when the endpoint is disabled', async () => {
    const permission = { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }
    expect(await others('demo', { roomId: t.dmId('demo', 'alice') })).toMatchObject({ status: 403, body: permission })
    t.mock.setSetting('API_Enable_Direct_Message_History_EndPoint', false)
    expect(await others('bob', { roomId: t.dmId('demo', 'alice') })).toMatchObject({ status: 403, body: permission })
  })

  it('an invalid sort', async () => {
    expect((await others('admin', { roomId: t.dmId('demo', 'alice'), sort: '[1]' })).body).toStrictEqual({
      success: false,
      error: 'Invalid sort parameter provided: "[1]" [error-invalid-sort]',
      errorType: 'error-invalid-sort',
      details: { helperMethod: 'parseJsonQuery' },
    })
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.messages.others', { query: { roomId: t.dmId('demo', 'alice') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
