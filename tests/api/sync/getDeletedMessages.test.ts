import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup()
const T0 = Date.parse(NOW)
const at = (ms: number) => new Date(T0 + ms).toISOString()
const get = (as: string, query: Record<string, string | number | undefined>) => t.api('chat.getDeletedMessages', { as, query })
const del = (as: string, msgId: string, roomId = 'GENERAL') => t.api('chat.delete', { as, body: { roomId, msgId } })

/** Post three messages, then delete them one second apart (at +1s, +2s, +3s). */
async function deleteThree(): Promise<string[]> {
  t.mock.clock.set(NOW)
  const ids: string[] = []
  for (const text of ['one', 'two', 'three']) ids.push((await t.send('demo', { rid: 'GENERAL', msg: text }))._id)
  for (const [i, id] of ids.entries()) {
    t.mock.clock.set(T0 + 1000 * (i + 1))
    expect((await del('demo', id)).status).toBe(200)
  }
  return ids
}

describe('GET /api/v1/chat.getDeletedMessages', () => {
  it('lists the ids of messages trashed after since, in deletion order, with count/offset/total', async () => {
    const ids = await deleteThree()
    const res = await get('demo', { roomId: 'GENERAL', since: NOW })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ messages: ids.map((_id) => ({ _id })), count: 3, offset: 0, total: 3, success: true })
  })

  it('is strictly after since, to the millisecond', async () => {
    const ids = await deleteThree()
    expect((await get('demo', { roomId: 'GENERAL', since: at(1000) })).body.messages).toStrictEqual(ids.slice(1).map((_id) => ({ _id })))
    expect((await get('demo', { roomId: 'GENERAL', since: at(999) })).body.total).toBe(3)
    expect((await get('demo', { roomId: 'GENERAL', since: at(3000) })).body).toMatchObject({ messages: [], count: 0, total: 0 })
  })

  it('paginates', async () => {
    const ids = await deleteThree()
    expect((await get('demo', { roomId: 'GENERAL', since: NOW, count: 1, offset: 1 })).body).toStrictEqual({
      messages: [{ _id: ids[1] }],
      count: 1,
      offset: 1,
      total: 3,
      success: true,
    })
    expect((await get('demo', { roomId: 'GENERAL', since: NOW, offset: 5 })).body).toMatchObject({ messages: [], count: 0, offset: 5, total: 3 })
  })

  it('accepts sort and ignores it, even when it is not JSON', async () => {
    const ids = await deleteThree()
    for (const sort of ['{"_deletedAt":-1}', 'garbage']) {
      expect((await get('demo', { roomId: 'GENERAL', since: NOW, sort })).body.messages).toStrictEqual(ids.map((_id) => ({ _id })))
    }
  })

  it('lists only hard deletions: not rm tombstones (thread roots, ShowDeletedStatus) nor hidden messages (KeepHistory)', async () => {
    t.mock.clock.set(NOW)
    const release = t.messageByText(DEFAULT_TEXTS.release)
    expect((await del('admin', release._id)).status).toBe(200)
    expect((await get('demo', { roomId: 'GENERAL', since: at(-1) })).body.total).toBe(0)

    t.use({ settings: { Message_ShowDeletedStatus: true } })
    const shown = await t.send('demo', { rid: 'GENERAL', msg: 'tombstoned' })
    await del('demo', shown._id)
    t.use({ settings: { Message_KeepHistory: true } })
    const hidden = await t.send('demo', { rid: 'GENERAL', msg: 'hidden' })
    await del('demo', hidden._id)
    expect((await get('demo', { roomId: 'GENERAL', since: '2000-01-01T00:00:00Z' })).body.total).toBe(0)
  })

  it('has no access check: any user lists the ids of any room (here a private group demo is not in); unknown rooms are empty', async () => {
    const secret = t.messageByText('Quarterly planning notes go here.')
    t.mock.clock.set(NOW)
    expect((await del('admin', secret._id, secret.rid)).status).toBe(200)
    expect((await get('demo', { roomId: secret.rid, since: at(-1) })).body.messages).toStrictEqual([{ _id: secret._id }])
    expect((await get('demo', { roomId: 'nope', since: at(-1) })).body).toMatchObject({ messages: [], total: 0 })
  })

  it('a since that passes the format but not Date.parse (leap second) matches nothing', async () => {
    await deleteThree()
    expect((await get('demo', { roomId: 'GENERAL', since: '2016-12-31T23:59:60Z' })).body).toMatchObject({ messages: [], total: 0 })
  })

  describe('errors', () => {
    it('checks roomId and since by hand first, then validates the rest (error-invalid-params)', async () => {
      const one = (text: string) => ({ success: false, error: `[${text}]`, errorType: text })
      const handWritten: Array<[Record<string, string>, string]> = [
        [{ since: NOW }, 'The required "roomId" query param is missing.'],
        [{ roomId: '', since: NOW }, 'The required "roomId" query param is missing.'],
        [{ roomId: 'GENERAL' }, 'The required "since" query param is missing.'],
        [{ roomId: 'GENERAL', since: '' }, 'The required "since" query param is missing.'],
        [{ roomId: 'GENERAL', since: 'yesterday' }, 'The "since" query parameter must be a valid date.'],
        [{ roomId: 'GENERAL', since: '2026-03-01' }, 'The "since" query parameter must be a valid date.'],
      ]
      for (const [query, text] of handWritten) {
        const res = await get('demo', query)
        expect(res.status, JSON.stringify(query)).toBe(400)
        expect(res.body).toStrictEqual(one(text))
      }
      const cases: Array<[Record<string, string>, string]> = [
        [{ roomId: 'GENERAL', since: NOW, count: 'x' }, 'must be number'],
        [{ roomId: 'GENERAL', since: NOW, query: '{}' }, 'must NOT have additional properties'],
      ]
      for (const [query, error] of cases) {
        const res = await get('demo', query)
        expect(res.status, JSON.stringify(query)).toBe(400)
        expect(res.body).toStrictEqual({ success: false, errorType: 'error-invalid-params', error })
      }
    })

    it('401 without credentials', async () => {
      const res = await t.api('chat.getDeletedMessages', { query: { roomId: 'GENERAL', since: NOW } })
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    })
  })
})
