/**
 * Concurrency: a few hundred interleaved writes in GENERAL by the four personas (posts, thread
 * replies, edits — some racing on the same message —, deletes — some racing —, reactions),
 * fired with one `Promise.all` per wave, once through `setupServer` and once over HTTP against
 * the built CLI. Afterwards, read back through the API:
 *
 * - every accepted write is visible (texts, edits, reactions) and every accepted delete is gone;
 *   a message deleted twice at once is deleted exactly once;
 * - the counters equal a recount: room `msgs` = what was there + accepted inserts − accepted
 *   deletes = the visible messages (`insertMessage` adds one per message, `deleteMessage` takes one
 *   per delete); a root's `tcount` = its live replies; each member's `unread` / `userMentions`
 *   grew by the channel-visible messages of others that mention them (`Unread_Count` default);
 * - a sync replica (tests/sync-helpers.ts) that started before the storm and synced in the middle
 *   of it converges to a full read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiOptions, ApiResponse } from '../helpers.js'
import { setup } from '../helpers.js'
import { canonical, Replica } from '../sync-helpers.js'
import { httpApi, loginAll, serveCli, type ServedCli } from '../cli.js'

type Api = (path: string, options?: ApiOptions) => Promise<ApiResponse>
const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const
type Persona = (typeof PERSONAS)[number]
const ROOM = 'GENERAL'
const FAR_FUTURE = '2999-01-01T00:00:00.000Z'

/** What the storm did, as the server answered it. */
interface Log {
  /** id → the message as created (accepted posts and replies). */
  created: Map<string, { author: Persona; text: string; tmid?: string; visibleInRoom: boolean }>
  /** id → texts of accepted edits. */
  edits: Map<string, string[]>
  /** id → number of accepted deletes (must end at 1). */
  deletes: Map<string, number>
  /** id of a message → emoji → usernames whose reaction was accepted. */
  reactions: Map<string, Map<string, Set<string>>>
  /** Racing deletes: id → statuses of all attempts. */
  raced: Map<string, number[]>
  requests: number
  refused: string[]
}

function newLog(): Log {
  return { created: new Map(), edits: new Map(), deletes: new Map(), reactions: new Map(), raced: new Map(), requests: 0, refused: [] }
}

/** `@name` mentions of other personas in a text (only real usernames count). */
function mentioned(text: string): Persona[] {
  return PERSONAS.filter((p) => new RegExp(`(^|\\s)@${p}(\\s|$)`).test(text))
}

interface Before {
  msgs: number
  unread: Record<Persona, number>
  userMentions: Record<Persona, number>
  tcount: Map<string, number>
}

async function ok(api: Api, path: string, options: ApiOptions): Promise<ApiResponse> {
  const res = await api(path, options)
  if (res.status !== 200) throw new Error(`${path} ${JSON.stringify(options.query ?? options.body)} → ${res.status} ${JSON.stringify(res.body)}`)
  return res
}

async function readState(api: Api): Promise<Before & { history: Array<Record<string, any>> }> {
  const info = await ok(api, 'rooms.info', { as: 'demo', query: { roomId: ROOM } })
  const unread = {} as Record<Persona, number>
  const userMentions = {} as Record<Persona, number>
  for (const p of PERSONAS) {
    const subs = await ok(api, 'subscriptions.get', { as: p })
    const sub = (subs.body.update as Array<Record<string, any>>).find((s) => s.rid === ROOM)!
    unread[p] = sub.unread
    userMentions[p] = sub.userMentions
  }
  const threads = await ok(api, 'chat.getThreadsList', { as: 'demo', query: { rid: ROOM, count: 0 } })
  const tcount = new Map<string, number>((threads.body.threads as Array<Record<string, any>>).map((t) => [t._id, t.tcount]))
  const history = await ok(api, 'channels.history', { as: 'demo', query: { roomId: ROOM, count: 0, latest: FAR_FUTURE, showThreadMessages: true } })
  return { msgs: info.body.room.msgs, unread, userMentions, tcount, history: history.body.messages }
}

/** Run `tasks` at once; each records into the log itself. */
async function wave(tasks: Array<() => Promise<unknown>>): Promise<void> {
  await Promise.all(tasks.map((task) => task()))
}

async function storm(api: Api, replica: Replica, serverNow: () => number): Promise<Log> {
  const log = newLog()
  const threads = await ok(api, 'chat.getThreadsList', { as: 'demo', query: { rid: ROOM, count: 3 } })
  const roots = (threads.body.threads as Array<{ _id: string }>).map((t) => t._id)
  const seeded = await ok(api, 'channels.history', { as: 'demo', query: { roomId: ROOM, count: 6 } })
  const reactTargets = (seeded.body.messages as Array<{ _id: string; t?: string }>).filter((m) => !m.t).map((m) => m._id)
  expect(roots).toHaveLength(3)
  expect(reactTargets.length).toBeGreaterThanOrEqual(4)

  const posts = {} as Record<Persona, string[]>
  const replies = {} as Record<Persona, string[]>
  for (const p of PERSONAS) (posts[p] = []), (replies[p] = [])
  const othersOf = (p: Persona) => PERSONAS.filter((x) => x !== p)

  const send = async (who: Persona, path: string, body: Record<string, unknown>, accepted: (res: ApiResponse) => void) => {
    log.requests++
    const res = await api(path, { as: who, body })
    if (res.status === 200) accepted(res)
    else log.refused.push(`${who} ${path} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`)
    return res
  }
  const post = (who: Persona, text: string, into: string[]) =>
    send(who, 'chat.postMessage', { roomId: ROOM, text }, (res) => {
      log.created.set(res.body.message._id, { author: who, text, visibleInRoom: true })
      into.push(res.body.message._id)
    })
  const reply = (who: Persona, tmid: string, text: string, tshow: boolean, into?: string[]) =>
    send(who, 'chat.sendMessage', { message: { rid: ROOM, tmid, msg: text, ...(tshow ? { tshow } : {}) } }, (res) => {
      log.created.set(res.body.message._id, { author: who, text, tmid, visibleInRoom: tshow })
      into?.push(res.body.message._id)
    })
  const react = (who: Persona, messageId: string, emoji: string) =>
    send(who, 'chat.react', { messageId, emoji, shouldReact: true }, () => {
      const byEmoji = log.reactions.get(messageId) ?? new Map<string, Set<string>>()
      log.reactions.set(messageId, byEmoji)
      const users = byEmoji.get(emoji) ?? new Set<string>()
      byEmoji.set(emoji, users)
      users.add(who)
    })
  const edit = (who: Persona, msgId: string, text: string) =>
    send(who, 'chat.update', { roomId: ROOM, msgId, text }, () => log.edits.set(msgId, [...(log.edits.get(msgId) ?? []), text]))
  const del = async (who: Persona, msgId: string) => {
    const res = await send(who, 'chat.delete', { roomId: ROOM, msgId }, () => log.deletes.set(msgId, (log.deletes.get(msgId) ?? 0) + 1))
    log.raced.set(msgId, [...(log.raced.get(msgId) ?? []), res.status])
  }
  const sync = async () => {
    log.requests++
    await replica.sync(serverNow(), { kind: 'lastUpdate' })
  }

  // Wave 1: posts (every fourth mentions someone), thread replies to seeded roots, reactions on
  // seeded messages by everyone with the same emoji, and the replica syncing in the middle.
  const first: Array<() => Promise<unknown>> = []
  for (const p of PERSONAS) {
    for (let i = 0; i < 20; i++) {
      const to = othersOf(p)[i % 3]!
      first.push(() => post(p, i % 4 === 0 ? `${p} post ${i} for @${to}` : `${p} post ${i}`, posts[p]))
    }
    for (let i = 0; i < 8; i++) {
      const to = othersOf(p)[i % 3]!
      first.push(() => reply(p, roots[i % 3]!, i % 3 === 0 ? `${p} reply ${i} @${to}` : `${p} reply ${i}`, i % 4 === 0, replies[p]))
    }
    for (const target of reactTargets) first.push(() => react(p, target, ':eyes:'))
  }
  first.splice(first.length >> 1, 0, sync)
  await wave(first)
  for (const p of PERSONAS) {
    expect(posts[p], `${p}'s wave-1 posts`).toHaveLength(20)
    // Posts resolve in any order: index them by their text.
    posts[p].sort((a, b) => Number(log.created.get(a)!.text.split(' ')[2]) - Number(log.created.get(b)!.text.split(' ')[2]))
  }

  // Wave 2: own edits racing admin's edits, own deletes racing admin's deletes, replies that
  // start new threads, deletes of wave-1 replies, reactions by everyone on the same messages,
  // more posts, and another sync.
  const second: Array<() => Promise<unknown>> = []
  for (const p of PERSONAS) {
    const mine = posts[p]
    for (let i = 0; i < 10; i++) second.push(() => edit(p, mine[i]!, `${p} post ${i} (edited by ${p})`))
    if (p !== 'admin') for (let i = 0; i < 3; i++) second.push(() => edit('admin', mine[i]!, `${p} post ${i} (edited by admin)`))
    for (let i = 15; i < 20; i++) second.push(() => del(p, mine[i]!))
    if (p !== 'admin') for (let i = 15; i < 17; i++) second.push(() => del('admin', mine[i]!))
    for (const other of othersOf(p))
      second.push(() => reply(p, posts[other][10 + (PERSONAS.indexOf(p) % 3)]!, `${p} starts a thread on ${other}'s post`, false))
    for (const id of replies[p].slice(0, 2)) second.push(() => del(p, id))
    for (const other of PERSONAS) for (let i = 5; i < 8; i++) second.push(() => react(p, posts[other][i]!, ':+1:'))
    for (let i = 20; i < 30; i++) {
      const to = othersOf(p)[i % 3]!
      second.push(() => post(p, i % 2 === 0 ? `${p} post ${i} cc @${to}` : `${p} post ${i}`, posts[p]))
    }
  }
  second.splice(second.length >> 1, 0, sync)
  await wave(second)
  return log
}

async function verify(api: Api, log: Log, before: Before, replica: Replica, serverNow: () => number): Promise<void> {
  expect(
    log.refused.filter((r) => !r.includes('No message found with the id of')),
    'refused requests',
  ).toStrictEqual([])
  const after = await readState(api)
  const byId = new Map(after.history.map((m) => [m._id as string, m]))

  // Racing deletes: exactly one attempt per message won; the losers saw "No message found".
  for (const [id, statuses] of log.raced) {
    expect(
      statuses.filter((s) => s === 200),
      `deletes of ${id}: ${statuses.join(', ')}`,
    ).toHaveLength(1)
    expect(log.deletes.get(id)).toBe(1)
  }

  // Every accepted write is visible; every accepted delete is gone.
  const problems: string[] = []
  for (const [id, created] of log.created) {
    const seen = byId.get(id)
    if (log.deletes.has(id)) {
      if (seen) problems.push(`${id} was deleted but is still in the history`)
      continue
    }
    if (!seen) {
      problems.push(`${id} (${created.text}) is missing`)
      continue
    }
    const edits = log.edits.get(id)
    const allowed = edits ?? [created.text]
    if (!allowed.includes(seen.msg)) problems.push(`${id}: "${seen.msg}" is none of ${JSON.stringify(allowed)}`)
    if (edits && !seen.editedAt) problems.push(`${id}: edited, but has no editedAt`)
    if (created.tmid && seen.tmid !== created.tmid) problems.push(`${id}: tmid ${seen.tmid} ≠ ${created.tmid}`)
  }
  for (const [id, byEmoji] of log.reactions) {
    const seen = byId.get(id)
    for (const [emoji, users] of byEmoji) {
      const usernames: string[] = seen?.reactions?.[emoji]?.usernames ?? []
      if (new Set(usernames).size !== usernames.length) problems.push(`${id} ${emoji}: duplicate usernames ${usernames.join(',')}`)
      for (const u of users) if (!usernames.includes(u)) problems.push(`${id} ${emoji}: ${u}'s accepted reaction is missing`)
    }
  }
  expect(problems).toStrictEqual([])

  // Counters: msgs = before + accepted inserts − accepted deletes = the visible messages.
  let deletes = 0
  for (const n of log.deletes.values()) deletes += n
  expect(after.msgs, 'msgs against the accepted writes').toBe(before.msgs + log.created.size - deletes)
  expect(after.msgs, 'msgs against a recount of the visible messages').toBe(after.history.filter((m) => m.t !== 'rm').length)

  // tcount = live replies, for every thread of the room, and = before + accepted − deleted replies.
  const threads = await ok(api, 'chat.getThreadsList', { as: 'demo', query: { rid: ROOM, count: 0 } })
  for (const root of threads.body.threads as Array<Record<string, any>>) {
    const replies = await ok(api, 'chat.getThreadMessages', { as: 'demo', query: { tmid: root._id, count: 0 } })
    const live = (replies.body.messages as Array<Record<string, any>>).filter((m) => !m._hidden && m.t !== 'rm')
    expect(root.tcount, `tcount of ${root._id}`).toBe(live.length)
    const added = [...log.created.values()].filter((c) => c.tmid === root._id).length
    const removed = [...log.deletes.keys()].filter((id) => log.created.get(id)?.tmid === root._id).length
    expect(root.tcount, `tcount of ${root._id} against the accepted writes`).toBe((before.tcount.get(root._id) ?? 0) + added - removed)
  }

  // unread / userMentions: + the channel-visible messages of others that mention the member.
  for (const p of PERSONAS) {
    const expectedMentions = [...log.created.values()].filter((c) => c.visibleInRoom && c.author !== p && mentioned(c.text).includes(p)).length
    expect(after.unread[p], `${p}'s unread`).toBe(before.unread[p] + expectedMentions)
    expect(after.userMentions[p], `${p}'s userMentions`).toBe(before.userMentions[p] + expectedMentions)
  }

  // The replica that synced during the storm converges to a full read.
  await replica.sync(serverNow(), { kind: 'lastUpdate' })
  expect(canonical(replica.state)).toStrictEqual(canonical(await replica.fullRead()))
}

async function run(api: Api, viewer: { username: string; userId: string }, serverNow: () => number): Promise<Log> {
  const before = await readState(api)
  const replica = new Replica(api, viewer, [{ rid: ROOM, t: 'c' }])
  await replica.snapshot(serverNow())
  const log = await storm(api, replica, serverNow)
  expect(log.requests).toBeGreaterThan(300)
  await verify(api, log, before, replica, serverNow)
  return log
}

describe('concurrent writes through setupServer', () => {
  const t = setup()

  it('a few hundred interleaved writes: all visible, counters recount, the replica converges', async () => {
    const log = await run(t.api, { username: 'alice', userId: t.login('alice').userId }, () => t.mock.clock.now())
    // The races really happened: some deletes lost, some messages were edited twice.
    expect([...log.raced.values()].some((s) => s.length === 2)).toBe(true)
    expect([...log.edits.values()].some((e) => e.length === 2)).toBe(true)
  })
})

describe('concurrent writes over HTTP (node dist/cli.js serve)', () => {
  let served: ServedCli

  beforeAll(async () => {
    served = await serveCli()
  })
  afterAll(async () => {
    const { code } = await served.stop()
    expect(code).toBe(0)
  })

  it('a few hundred interleaved writes: all visible, counters recount, the replica converges', async () => {
    const logins = await loginAll(served.url, PERSONAS)
    const api = httpApi(served.url, logins)
    await run(api, { username: 'alice', userId: logins.alice!.userId }, () => Date.now())
    expect(served.stderr()).toBe('')
  })
})
