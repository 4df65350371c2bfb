/**
 * Property: a client that loads GENERAL's history once and then only applies what the stream
 * sends (`stream-room-messages GENERAL` upserts, `notify-room GENERAL/deleteMessage` removals)
 * always holds exactly what a fresh `channels.history` read returns — whatever random personas do
 * over REST in between (post, thread reply, edit, react, pin, delete). Proves that every write
 * that changes a visible message reaches the stream, through the database's one change feed.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { realtimeSetup, type RawSocket } from '../realtime/harness.js'
import { applyFrames } from '../realtime/replica.js'

type Step =
  | { kind: 'post'; who: string; text: string }
  | { kind: 'reply'; who: string; target: number; text: string; tshow: boolean }
  | { kind: 'edit'; target: number; text: string }
  | { kind: 'react'; who: string; target: number; emoji: string }
  | { kind: 'pin'; target: number }
  | { kind: 'delete'; target: number }

const who = fc.constantFrom('admin', 'demo', 'alice', 'bob')
const text = fc.constantFrom('hello', 'hi @alice', 'see https://example.com/x', '**bold**', 'ok')
const target = fc.nat({ max: 1000 })
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('post' as const), who, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reply' as const), who, target, text, tshow: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), target, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('react' as const), who, target, emoji: fc.constantFrom(':tada:', ':+1:', ':eyes:') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pin' as const), target }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), target }) },
)

describe('stream replica', () => {
  const t = realtimeSetup('setupServer', { scenario: 'empty' })
  beforeAll(async () => {
    await t.use()
  })

  it('history + stream events = a fresh history read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        await t.use()
        const history = async () =>
          (await t.api('channels.history?roomId=GENERAL&count=0&showThreadMessages=true', { as: 'alice' })).body.messages as Array<Record<string, unknown>>
        const replica = new Map<string, unknown>((await history()).map((m) => [m._id as string, m]))
        const socket: RawSocket = await t.socket()
        await socket.handshake()
        await socket.login(t.mock.login('alice').authToken)
        await socket.stream('room-messages', 'GENERAL')
        await socket.stream('notify-room', 'GENERAL/deleteMessage')
        const ids = () => [...replica.keys()]
        const pick = (n: number) => ids()[n % Math.max(1, ids().length)]
        for (const s of steps) {
          const id = pick('target' in s ? s.target : 0)
          if (s.kind === 'post') await t.api('chat.sendMessage', { as: s.who, body: { message: { rid: 'GENERAL', msg: s.text } } })
          else if (!id) continue
          else if (s.kind === 'reply')
            await t.api('chat.sendMessage', { as: s.who, body: { message: { rid: 'GENERAL', msg: s.text, tmid: id, tshow: s.tshow } } })
          else if (s.kind === 'edit') await t.api('chat.update', { as: 'admin', body: { roomId: 'GENERAL', msgId: id, text: s.text } })
          else if (s.kind === 'react') await t.api('chat.react', { as: s.who, body: { messageId: id, emoji: s.emoji } })
          else if (s.kind === 'pin') await t.api('chat.pinMessage', { as: 'admin', body: { messageId: id } })
          else if (s.kind === 'delete') await t.api('chat.delete', { as: 'admin', body: { roomId: 'GENERAL', msgId: id } })
          // Apply what has arrived so far (the replica also picks targets from it).
          await new Promise((r) => setTimeout(r, 5))
          applyFrames(
            socket.frames.splice(0),
            (m) => replica.set(m._id as string, m),
            (id) => replica.delete(id),
          )
        }
        await new Promise((r) => setTimeout(r, 20))
        applyFrames(
          socket.frames.splice(0),
          (m) => replica.set(m._id as string, m),
          (id) => replica.delete(id),
        )
        socket.close()
        const fresh = new Map((await history()).map((m) => [m._id as string, m]))
        expect(Object.fromEntries([...replica].sort(([a], [b]) => (a < b ? -1 : 1)))).toStrictEqual(
          Object.fromEntries([...fresh].sort(([a], [b]) => (a < b ? -1 : 1))),
        )
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 25) },
    )
  })
})
