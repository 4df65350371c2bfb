/**
 * Property: a client that follows GENERAL on the stream, drops its connection now and then, and on
 * every reconnect catches up with `chat.syncMessages?lastUpdate=<newest stamp it saw>` (as the
 * mobile app does) always ends with exactly what a fresh `channels.history` read returns —
 * whatever random personas write meanwhile and however the mock's clock moves (back a day, to
 * the wall clock, forward, frozen). Stamps never go back, so no write falls between the stream
 * and the catch-up.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { realtimeSetup, type RawSocket } from '../realtime/harness.js'
import { applyFrames } from '../realtime/replica.js'

type Step =
  | { kind: 'post'; who: string; text: string }
  | { kind: 'reply'; who: string; target: number; text: string }
  | { kind: 'edit'; target: number; text: string }
  | { kind: 'react'; who: string; target: number }
  | { kind: 'delete'; target: number }
  | { kind: 'clock'; move: 'back-day' | 'forward-day' | 'wall' | 'freeze' }
  | { kind: 'disconnect' }
  | { kind: 'reconnect' }

const who = fc.constantFrom('admin', 'demo', 'alice', 'bob')
const target = fc.nat({ max: 1000 })
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('post' as const), who, text: fc.constantFrom('hello', 'hi @alice', 'ok') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reply' as const), who, target, text: fc.constantFrom('yes', 'no') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), target, text: fc.constantFrom('edited', 'again') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('react' as const), who, target }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), target }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('clock' as const),
      move: fc.constantFrom('back-day' as const, 'forward-day' as const, 'wall' as const, 'freeze' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
)

describe('stream with reconnects and catch-up', () => {
  // Frozen at the real time, so "back to the wall clock" is a small jump (a 90-day jump would
  // expire the login token, as the server does).
  const t = realtimeSetup('setupServer', { scenario: 'empty', now: Date.now() })
  beforeAll(async () => {
    await t.use()
  })

  it('stream events plus chat.syncMessages catch-up = a fresh history read, across clock moves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        await t.use()
        const history = async () =>
          (await t.api('channels.history?roomId=GENERAL&count=0&showThreadMessages=true&latest=9999-01-01T00:00:00.000Z', { as: 'alice' })).body
            .messages as Array<Record<string, unknown>>
        const replica = new Map<string, Record<string, unknown>>()
        let newest = ''
        const keep = (m: Record<string, unknown>) => {
          replica.set(m._id as string, m)
          if ((m._updatedAt as string) > newest) newest = m._updatedAt as string
        }
        for (const m of await history()) keep(m)
        let socket: RawSocket | undefined
        const connect = async () => {
          socket = await t.socket()
          await socket.handshake()
          await socket.login(t.mock.login('alice').authToken)
          await socket.stream('room-messages', 'GENERAL')
          await socket.stream('notify-room', 'GENERAL/deleteMessage')
        }
        const drain = () => {
          applyFrames(socket?.frames.splice(0) ?? [], keep, (id) => replica.delete(id))
        }
        const catchUp = async () => {
          const since = newest || new Date(0).toISOString()
          const res = await t.api(`chat.syncMessages?roomId=GENERAL&lastUpdate=${encodeURIComponent(since)}`, { as: 'alice' })
          expect(res.status).toBe(200)
          for (const m of res.body.result.updated) keep(m)
          for (const d of res.body.result.deleted) replica.delete(d._id)
        }
        await connect()
        for (const s of steps) {
          const ids = [...replica.keys()]
          const id = 'target' in s ? ids[s.target % Math.max(1, ids.length)] : undefined
          if (s.kind === 'post') await t.api('chat.sendMessage', { as: s.who, body: { message: { rid: 'GENERAL', msg: s.text } } })
          else if (s.kind === 'reply' && id) await t.api('chat.sendMessage', { as: s.who, body: { message: { rid: 'GENERAL', msg: s.text, tmid: id } } })
          else if (s.kind === 'edit' && id) await t.api('chat.update', { as: 'admin', body: { roomId: 'GENERAL', msgId: id, text: s.text } })
          else if (s.kind === 'react' && id) await t.api('chat.react', { as: s.who, body: { messageId: id, emoji: ':tada:' } })
          else if (s.kind === 'delete' && id) await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: id } })
          else if (s.kind === 'clock') {
            if (s.move === 'back-day') t.mock.clock.advance(-86_400_000)
            else if (s.move === 'forward-day') t.mock.clock.advance(86_400_000)
            else if (s.move === 'wall') t.mock.clock.useWallClock()
            else t.mock.clock.set(t.mock.clock.now())
          } else if (s.kind === 'disconnect' && socket) {
            await new Promise((r) => setTimeout(r, 5))
            drain()
            socket.close()
            socket = undefined
          } else if (s.kind === 'reconnect' && !socket) {
            await connect()
            await catchUp()
          }
          await new Promise((r) => setTimeout(r, 5))
          drain()
        }
        if (!socket) {
          await connect()
          await catchUp()
        }
        await new Promise((r) => setTimeout(r, 20))
        drain()
        socket?.close()
        const fresh = new Map((await history()).map((m) => [m._id as string, m]))
        const sorted = (map: Map<string, unknown>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)))
        expect(sorted(replica)).toStrictEqual(sorted(fresh))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 25) },
    )
  })
})
