import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, plain } from './fixtures.js'

const t = setup()
const report = (as: string, body: unknown) => t.api('chat.reportMessage', { as, body })

describe('POST /api/v1/chat.reportMessage', () => {
  it('stores a moderation report with a snapshot of the message, the reporter and the room; the message is unchanged', async () => {
    t.mock.clock.set(NOW)
    const demo = t.user('demo')
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const before = json(release)
    const res = await report('demo', { messageId: release._id, description: 'Spoilers about the release' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const reports = t.mock.db.reports.all()
    expect(reports).toHaveLength(1)
    expect(json(reports[0])).toStrictEqual({
      _id: reports[0]!._id,
      message: before,
      description: 'Spoilers about the release',
      reportedBy: { _id: demo._id, username: 'demo', name: 'Demo User', createdAt: demo.createdAt.toISOString() },
      room: { _id: 'GENERAL', t: 'c', name: 'general', fname: 'general' },
      ts: NOW,
      _updatedAt: NOW,
    })
    expect(json(t.message(release._id))).toStrictEqual(before)
  })

  it('lets a member report in a private group and a DM', async () => {
    const planning = t.messageByText('Quarterly planning notes go here.')
    expect((await report('alice', { messageId: planning._id, description: 'off-topic' })).status).toBe(200)
    const hello = t.messageByText(DEFAULT_TEXTS.dmHello)
    expect((await report('alice', { messageId: hello._id, description: 'spam' })).status).toBe(200)
    expect(t.mock.db.reports.all().map((r) => r.room.t)).toStrictEqual(['p', 'd'])
  })

  it('refuses with the exact errors, storing nothing', async () => {
    const release = t.messageByText(DEFAULT_TEXTS.release)
    const planning = t.messageByText('Quarterly planning notes go here.')
    const cases: Array<[unknown, unknown]> = [
      [{ messageId: '', description: 'x' }, plain('The required "messageId" param is missing.')],
      [{ messageId: release._id, description: '' }, plain('The required "description" param is missing.')],
      [{ messageId: release._id, description: '   ' }, plain('error-invalid-description')],
      [{ messageId: 'nope', description: 'x' }, plain('error-invalid-message_id')],
      // demo cannot read leadership: the id is reported as invalid.
      [{ messageId: planning._id, description: 'x' }, plain('error-invalid-message_id')],
      [{ messageId: release._id }, invalidBody("must have required property 'description'")],
      [{ description: 'x' }, invalidBody("must have required property 'messageId'")],
      [{ messageId: release._id, description: 'x', reason: 'y' }, invalidBody('must NOT have additional properties')],
    ]
    for (const [body, expected] of cases) {
      const res = await expectNoWrite(t, ['demo'], () => report('demo', body))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body, JSON.stringify(body)).toStrictEqual(expected)
    }
    expect(t.mock.db.reports.count()).toBe(0)
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('chat.reportMessage', { body: { messageId: 'x', description: 'y' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
