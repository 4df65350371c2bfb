/**
 * Property: a client replica that starts from a snapshot (room history, threads list, thread
 * replies, the viewer's rooms and subscriptions) and then only applies sync deltas —
 * `chat.syncMessages` (lastUpdate or cursor mode, random page sizes, single pages interleaved
 * with writes), `chat.syncThreadsList`, `chat.syncThreadMessages`, `rooms.get` and
 * `subscriptions.get` with `updatedSince` — always equals a fresh full read of the server,
 * whatever random personas (admin, demo, alice, bob) do in GENERAL and the demo–alice DM in
 * between (post, thread reply with or without `tshow`, edit, react, star, pin, delete
 * replies/roots/plain messages, follow/unfollow, read) and however the clock moves: not at all
 * (a frozen clock: many writes in one millisecond), forward, back by up to a day, back to the
 * wall clock and then back again. The replica's cursors are only the stamps it received, compared
 * strictly, with no overlap (see tests/sync-helpers.ts).
 *
 * Most runs start from the `empty` scenario (cheap to seed) with a random prefix of actions before
 * the snapshot, so the snapshot itself holds threads, edits and deletions; a few start from the
 * default scenario's seeded history. Everything goes through HTTP (`setupServer` + `fetch`); the
 * clock is frozen at the start and only moved by `advance` steps. fast-check prints the seed and
 * the shrunk sequence on failure; replay with `FC_SEED=<seed> FC_PATH=<path>`; `FC_RUNS` changes
 * the number of runs of each property.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Message } from '../../src/db/index.js'
import type { RocketChatMockOptions } from '../../src/mock.js'
import { NOW, setup } from '../helpers.js'
import { canonical, Replica, type ReplicaRoom, type SyncMode } from '../sync-helpers.js'

const t = setup()

const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const
type Persona = (typeof PERSONAS)[number]
type RoomKey = 'general' | 'dm'

type Step =
  | { kind: 'post'; who: Persona; room: RoomKey; text: string }
  | { kind: 'reply'; who: Persona; room: RoomKey; target: number; text: string; tshow: boolean }
  | { kind: 'edit'; who: 'author' | 'admin'; room: RoomKey; target: number; text: string }
  | { kind: 'react'; who: Persona; room: RoomKey; target: number; emoji: string }
  | { kind: 'star'; who: Persona; room: RoomKey; target: number; star: boolean }
  | { kind: 'pin'; who: Persona; room: RoomKey; target: number }
  | { kind: 'delete'; who: 'author' | 'admin'; room: RoomKey; target: number }
  | { kind: 'follow'; who: Persona; room: RoomKey; target: number; follow: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'wallClock' }
  | { kind: 'setBack' }
  | { kind: 'read'; who: Persona; room: RoomKey }
  | { kind: 'page'; room: RoomKey; type: 'UPDATED' | 'DELETED'; count: number }
  | { kind: 'sync'; mode: SyncMode; verify: boolean }

const who = fc.constantFrom(...PERSONAS)
const room = fc.constantFrom<RoomKey>('general', 'dm')
const text = fc.constantFrom('hello', 'hi @alice', 'ping @bob and @demo', 'see https://example.com/x', 'ok', '')
const target = fc.nat({ max: 1_000 })
const syncMode: fc.Arbitrary<SyncMode> = fc.oneof(
  fc.constant<SyncMode>({ kind: 'lastUpdate' }),
  fc.constantFrom(1, 2, 3, 5, 20).map((count): SyncMode => ({ kind: 'cursor', count })),
)

/** Optional endpoints of the model, used only once they are registered. */
interface Features {
  react: boolean
  star: boolean
  pin: boolean
}

function stepArb(features: Features): fc.Arbitrary<Step> {
  const steps: Array<fc.WeightedArbitrary<Step>> = [
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('post' as const), who, room, text }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('reply' as const), who, room, target, text, tshow: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), who: fc.constantFrom('author' as const, 'admin' as const), room, target, text }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), who: fc.constantFrom('author' as const, 'admin' as const), room, target }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('follow' as const), who, room, target, follow: fc.boolean() }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 2, max: 90_000 }), fc.integer({ min: -86_400_000, max: -1 })),
      }),
    },
    // The clock moved back: to the wall clock (months after NOW), then back to NOW.
    { weight: 1, arbitrary: fc.constant({ kind: 'wallClock' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'setBack' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), who, room }) },
    // One cursor page, then more writes before the next one.
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('page' as const),
        room,
        type: fc.constantFrom<'UPDATED' | 'DELETED'>('UPDATED', 'DELETED'),
        count: fc.constantFrom(1, 2, 3),
      }),
    },
    // Comparing with a full read at every sync is the strongest check and the most expensive one.
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), mode: syncMode, verify: fc.boolean() }) },
  ]
  if (features.react) {
    steps.push({
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('react' as const), who, room, target, emoji: fc.constantFrom(':+1:', ':tada:', 'smile') }),
    })
  }
  // Stars are per user and normalised per viewer: the thread list's client-side normalisation matters.
  if (features.star) steps.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('star' as const), who, room, target, star: fc.boolean() }) })
  // A pin adds a `message_pinned` system message to the room (only admin may pin in GENERAL).
  if (features.pin) steps.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('pin' as const), who, room, target }) })
  return fc.oneof(...steps)
}

interface Scenario {
  viewer: Persona
  /** Actions before the snapshot, so the snapshot itself holds threads, edits and deletions. */
  prefix: Step[]
  steps: Step[]
  finalMode: SyncMode
}

const scenarioArb = (features: Features, prefixLength: number): fc.Arbitrary<Scenario> =>
  fc.record({
    viewer: fc.constantFrom<Persona>('demo', 'alice'),
    prefix: fc.array(
      stepArb(features).filter((s) => s.kind !== 'sync' && s.kind !== 'page'),
      { maxLength: prefixLength, size: 'max' },
    ),
    steps: fc.array(stepArb(features), { maxLength: 25, size: 'max' }),
    finalMode: syncMode,
  })

/** Recent messages of the room plus its thread roots: where the interesting transitions happen. */
function pickTarget(rid: string, index: number): Message | undefined {
  const db = t.mock.db.messages
  const visible = db.sorted('room', rid).filter((m) => m._hidden !== true)
  const pool = [...new Set([...visible.slice(-8), ...db.sorted('roomThreads', rid).filter((m) => m._hidden !== true)])]
  return pool.length === 0 ? undefined : pool[index % pool.length]
}

function actorFor(mode: 'author' | 'admin', message: Message): string {
  // admin cannot reach the demo–alice DM: there its edits would only be refusals.
  if (mode === 'admin' && message.rid === 'GENERAL') return 'admin'
  const author = t.mock.db.users.get(message.u._id)?.username
  return author && (PERSONAS as readonly string[]).includes(author) ? author : 'admin'
}

async function act(step: Step, rids: Record<RoomKey, string>): Promise<void> {
  let res
  switch (step.kind) {
    case 'post':
      res = await t.api('chat.postMessage', { as: step.who, body: { roomId: rids[step.room], text: step.text } })
      break
    case 'reply': {
      const root = pickTarget(rids[step.room], step.target)
      if (!root) return
      const message = { rid: root.rid, msg: step.text || 'reply', tmid: root._id, ...(step.tshow ? { tshow: true } : {}) }
      res = await t.api('chat.sendMessage', { as: step.who, body: { message } })
      break
    }
    case 'edit': {
      const message = pickTarget(rids[step.room], step.target)
      if (!message) return
      res = await t.api('chat.update', { as: actorFor(step.who, message), body: { roomId: message.rid, msgId: message._id, text: step.text } })
      break
    }
    case 'react': {
      const message = pickTarget(rids[step.room], step.target)
      if (!message) return
      res = await t.api('chat.react', { as: step.who, body: { messageId: message._id, emoji: step.emoji } })
      break
    }
    case 'star': {
      const message = pickTarget(rids[step.room], step.target)
      if (!message) return
      res = await t.api(step.star ? 'chat.starMessage' : 'chat.unStarMessage', { as: step.who, body: { messageId: message._id } })
      break
    }
    case 'pin': {
      const message = pickTarget(rids[step.room], step.target)
      if (!message) return
      res = await t.api('chat.pinMessage', { as: step.who, body: { messageId: message._id } })
      break
    }
    case 'delete': {
      const message = pickTarget(rids[step.room], step.target)
      if (!message) return
      res = await t.api('chat.delete', { as: actorFor(step.who, message), body: { roomId: message.rid, msgId: message._id } })
      break
    }
    case 'follow': {
      const message = pickTarget(rids[step.room], step.target)
      if (!message) return
      res = await t.api(step.follow ? 'chat.followMessage' : 'chat.unfollowMessage', { as: step.who, body: { mid: message._id } })
      break
    }
    case 'advance':
      t.mock.clock.advance(step.ms)
      return
    case 'wallClock':
      t.mock.clock.useWallClock()
      return
    case 'setBack':
      t.mock.clock.set(NOW)
      return
    case 'read':
      res = await t.api('subscriptions.read', { as: step.who, body: { rid: rids[step.room] } })
      break
    case 'page':
    case 'sync':
      return
  }
  // Refusals (a persona without rights, a message another step deleted…) are fine; crashes are not.
  expect([200, 400, 403], JSON.stringify(res.body)).toContain(res.status)
}

async function runScenario(options: RocketChatMockOptions, scenario: Scenario): Promise<void> {
  t.use(options)
  t.mock.clock.set(NOW)
  const rids: Record<RoomKey, string> = { general: 'GENERAL', dm: t.dmId('demo', 'alice') }
  if (!t.mock.db.rooms.get(rids.dm)) {
    // The `empty` scenario has no DM yet: demo opens it the way a client does.
    const opened = await t.api('chat.postMessage', { as: 'demo', body: { roomId: '@alice', text: 'hi alice' } })
    expect(opened.status).toBe(200)
  }
  for (const step of scenario.prefix) await act(step, rids)
  const rooms: ReplicaRoom[] = [
    { rid: rids.general, t: 'c' },
    { rid: rids.dm, t: 'd' },
  ]
  const viewer = { username: scenario.viewer, userId: t.login(scenario.viewer).userId }
  const replica = new Replica(t.api, viewer, rooms)
  await replica.snapshot(t.mock.clock.now())
  for (const step of scenario.steps) {
    if (step.kind === 'sync') {
      await replica.sync(t.mock.clock.now(), step.mode)
      if (step.verify) expect(canonical(replica.state)).toStrictEqual(canonical(await replica.fullRead()))
    } else if (step.kind === 'page') {
      await replica.page(rids[step.room], step.type, step.count)
    } else {
      await act(step, rids)
    }
  }
  await replica.sync(t.mock.clock.now(), scenario.finalMode)
  expect(canonical(replica.state)).toStrictEqual(canonical(await replica.fullRead()))
}

const runs = (fallback: number) => (process.env.FC_RUNS ? Number(process.env.FC_RUNS) : fallback)
/** Generous for CI, and it grows with `FC_RUNS` (a default-scenario run costs ~0.5 s on a busy machine). */
const TIMEOUT = Math.max(120_000, runs(0) * 1_000)
const replay = () => ({
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
})

const features = (): Features => {
  const routes = t.mock.routes()
  return {
    react: routes.includes('POST /api/v1/chat.react'),
    star: routes.includes('POST /api/v1/chat.starMessage') && routes.includes('POST /api/v1/chat.unStarMessage'),
    pin: routes.includes('POST /api/v1/chat.pinMessage'),
  }
}

describe('sync replica (property)', () => {
  it(
    'a replica fed only by sync deltas equals a fresh full read (default settings: deletions go to the trash)',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb(features(), 10), (scenario) => runScenario({ scenario: 'empty' }, scenario)),
        { numRuns: runs(200), ...replay() },
      )
    },
    TIMEOUT,
  )

  it(
    '…with Message_ShowDeletedStatus + Message_KeepHistory (tombstones and hidden history copies)',
    async () => {
      const settings = { Message_ShowDeletedStatus: true, Message_KeepHistory: true }
      await fc.assert(
        fc.asyncProperty(scenarioArb(features(), 10), (scenario) => runScenario({ scenario: 'empty', settings }, scenario)),
        { numRuns: runs(60), ...replay() },
      )
    },
    TIMEOUT,
  )

  it(
    "…starting from the default scenario's seeded history (threads, reactions, stars)",
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb(features(), 0), (scenario) => runScenario({}, scenario)),
        { numRuns: runs(10), ...replay() },
      )
    },
    TIMEOUT,
  )
})
