import { afterEach, describe, expect, it } from 'vitest'
import { createRocketChatMock } from '../src/mock.js'
import { TYPING_LEAD_MS } from '../src/activity.js'
import { NOW, setup, type ApiMessage } from './helpers.js'

/**
 * Simulated activity, driven by the frozen clock and observed only through the REST API: what a
 * client sees when the mock's personas talk among themselves.
 */
const t = setup({ now: NOW })
afterEach(() => t.mock.activity.stop())

const history = async (roomId: string, oldest: string) =>
  (await t.api('channels.history', { as: 'demo', query: { roomId, oldest, count: 200 } })).body.messages as ApiMessage[]

const generalSub = async () =>
  ((await t.api('subscriptions.get', { as: 'demo' })).body.update as Array<{ rid: string; [k: string]: unknown }>).find((s) => s.rid === 'GENERAL')!

describe('mock.activity', () => {
  it('is off by default: moving the clock alone posts nothing', async () => {
    expect(t.mock.activity.running).toBe(false)
    t.mock.clock.advance(60_000)
    expect(await history('GENERAL', NOW)).toStrictEqual([])
  })

  it('posts, replies and reacts on the clock, through the API as any client sees it', async () => {
    const status = t.mock.activity.start({ everyMs: 1_000, autoRun: false })
    expect(status).toMatchObject({ running: true, rooms: ['GENERAL'], everyMs: 1_000, events: 0 })
    expect(status.nextAt).toBeGreaterThan(Date.parse(NOW))
    // Nothing is due until the clock moves.
    expect(await history('GENERAL', NOW)).toStrictEqual([])

    t.mock.clock.advance(30_000)
    const posted = await history('GENERAL', NOW)
    const events = t.mock.activity.status().events
    // Mean gap 1 s over 30 s, minus the events that found nothing to react to or answer.
    expect(events).toBeGreaterThanOrEqual(15)
    expect(events).toBeLessThanOrEqual(60)
    expect(posted.length).toBeGreaterThan(5)
    const members = new Set(t.mock.db.subscriptions.sorted('room', 'GENERAL').map((s) => s.u.username))
    for (const m of posted) {
      // The default personas: room members other than admin and demo.
      expect(members.has(m.u.username)).toBe(true)
      expect(['admin', 'demo']).not.toContain(m.u.username)
      expect(Date.parse(m.ts)).toBeGreaterThan(Date.parse(NOW))
      expect(m.msg).toMatch(/^[@A-Z`*]/)
      // Mentions name other members of the room, never the author.
      for (const mention of m.mentions ?? []) {
        expect(members.has(mention.username)).toBe(true)
        expect(mention.username).not.toBe(m.u.username)
      }
    }
    for (let i = 1; i < posted.length; i++) expect(posted[i]!.msg).not.toBe(posted[i - 1]!.msg)

    // Thread replies and reactions happened too (the seeded stream gives both within 30 events).
    const replies = t.mock.db.messages.sorted('room', 'GENERAL').filter((m) => m.tmid && m.ts.getTime() > Date.parse(NOW))
    expect(replies.length).toBeGreaterThan(0)
    const root = (await t.api('chat.getMessage', { as: 'demo', query: { msgId: replies[0]!.tmid! } })).body.message
    expect(root.tcount).toBeGreaterThanOrEqual(1)
    expect(root.replies).toContain(replies[0]!.u._id)
  })

  it('is seen by unread counters and by chat.syncMessages', async () => {
    await t.api('subscriptions.read', { as: 'demo', method: 'POST', body: { rid: 'GENERAL' } })
    const before = await generalSub()
    expect(before.unread).toBe(0)
    const lastUpdate = new Date(t.mock.clock.now()).toISOString()

    t.mock.activity.start({ everyMs: 2_000, autoRun: false, personas: ['alice', 'bob'] })
    t.mock.clock.advance(20_000)
    const sync = (await t.api('chat.syncMessages', { as: 'demo', query: { roomId: 'GENERAL', lastUpdate } })).body.result
    const fresh = (sync.updated as ApiMessage[]).filter((m) => Date.parse(m.ts) > Date.parse(lastUpdate))
    expect(fresh.length).toBeGreaterThan(0)
    for (const m of fresh) expect(['alice', 'bob']).toContain(m.u.username)

    const after = await generalSub()
    expect(after.alert).toBe(true)
    // A channel counts unread only for mentions of demo (Unread_Count = user_and_group_mentions_only).
    const mentionsOfDemo = fresh.filter((m) => !m.tmid && (m.mentions ?? []).some((u: { username: string }) => u.username === 'demo')).length
    expect(after.userMentions).toBe(mentionsOfDemo)
  })

  it('is deterministic for a seed: two mocks give the same messages', async () => {
    const run = () => {
      const mock = createRocketChatMock({ seed: 7, now: NOW })
      mock.activity.start({ everyMs: 1_000, autoRun: false })
      mock.clock.advance(20_000)
      const events = mock.activity.runDue()
      mock.activity.stop()
      return { events, texts: events.map((e) => mock.db.messages.get(e.messageId)?.msg ?? mock.db.messages.get(e.messageId)?._id) }
    }
    const a = run()
    const b = run()
    expect(a.events.length).toBeGreaterThan(5)
    expect(a).toStrictEqual(b)
  })

  it('shows the next author typing just before their post', () => {
    t.mock.activity.start({ everyMs: 10_000, autoRun: false, personas: ['alice'] })
    const next = t.mock.activity.status().nextAt!
    expect(t.mock.activity.typing()).toStrictEqual([])
    t.mock.clock.set(next - TYPING_LEAD_MS + 1)
    const typing = t.mock.activity.typing()
    // The next event may be a reaction (no typing); otherwise alice types in GENERAL.
    if (typing.length > 0) expect(typing).toStrictEqual([{ rid: 'GENERAL', username: 'alice' }])
    t.mock.clock.set(next)
    expect(t.mock.activity.runDue().length).toBeLessThanOrEqual(1)
  })

  it('a long jump of the clock does at most 50 events, then carries on from now', async () => {
    t.mock.activity.start({ everyMs: 100, autoRun: false })
    t.mock.clock.advance(24 * 3_600_000)
    await history('GENERAL', NOW)
    expect(t.mock.activity.status().events).toBeLessThanOrEqual(50)
    expect(t.mock.activity.status().nextAt).toBeGreaterThan(t.mock.clock.now())
  })

  it('refuses unknown rooms and personas without starting, and stops on reset', () => {
    expect(() => t.mock.activity.start({ rooms: ['no-such-room'] })).toThrow('Unknown room "no-such-room"')
    expect(() => t.mock.activity.start({ personas: ['nobody'] })).toThrow('Unknown user "nobody"')
    expect(() => t.mock.activity.start({ everyMs: 0 })).toThrow('everyMs must be a number ≥ 10, got 0')
    expect(t.mock.activity.running).toBe(false)
    t.mock.activity.start({ rooms: ['demo-channel'], autoRun: false })
    expect(t.mock.activity.status().rooms).toStrictEqual([t.room('demo-channel')._id])
    t.mock.reset()
    expect(t.mock.activity.running).toBe(false)
  })
})
