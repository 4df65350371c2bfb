/**
 * Fuzz, second suite: hostile input aimed at what the mock stores. Through `createMockFetch`
 * (the same handlers as every mode), for every POST route:
 * - wrong types for stored message/room/subscription fields (`ts`, `_updatedAt`, `u`, `pinned`,
 *   `reactions`, `starred`, …, values that look like snapshot markers such as `{ "$date": 0 }`),
 * - `@user` targets (self, others, unknown, with impersonation, with a foreign `tmid`, several),
 * and checks after every request: never a 5xx; a refused request leaves the database exactly as
 * it was; an accepted one leaves a database whose snapshot, through JSON, restores into a fresh
 * mock and snapshots back identically. A CPU guard fails any single request slower than a budget
 * far above any honest request (hostile markup once took 55 s), and hostile markup is in the mix.
 * `FUZZ_STATE_RUNS` changes the number of cases of each property (600).
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMockFetch, createRocketChatMock, type RocketChatMock } from '../../src/node.js'

/** Generous: a loaded 2-core CI runner; the defects this guards against took seconds to minutes. */
const CPU_BUDGET_MS = 2_000
const SEED = 11

const STORED_KEYS = [
  '_id',
  'rid',
  'msg',
  'ts',
  '_updatedAt',
  'u',
  't',
  'tmid',
  'tshow',
  'tcount',
  'tlm',
  'replies',
  'reactions',
  'starred',
  'pinned',
  'pinnedAt',
  'pinnedBy',
  'editedAt',
  'editedBy',
  'drid',
  'dcount',
  'dlm',
  '_hidden',
  'parent',
  'translations',
  'groupable',
  'parseUrls',
  'attachments',
  'customFields',
  'alias',
  'avatar',
  'emoji',
  'md',
  'mentions',
  'channels',
  'urls',
  'blocks',
  'file',
  'files',
  'e2e',
  'unread',
  'open',
  'alert',
  'ls',
  'topic',
  'usernames',
  'uids',
  '__proto__',
  'constructor',
]

const markerish = fc.constantFrom<unknown>({ $date: 0 }, { $date: 'x' }, { $escape: {} }, { $escape: { $date: 1 } }, [{ $date: 0 }], { $date: 0, x: 1 })
const hostileText = fc.constantFrom(
  '*'.repeat(5_000),
  '[('.repeat(2_500),
  '_~'.repeat(2_500),
  `${'*'.repeat(4_000)} @all`,
  'hi @alice #general https://example.com',
)
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('2026-01-01T00:00:00.000Z', 'yes', '', 'GENERAL', '@alice', 1e308, -1),
  markerish,
)
const storedValue: fc.Arbitrary<unknown> = fc.oneof(
  leaf,
  fc.array(leaf, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...STORED_KEYS, 'x', '_id', 'usernames'), leaf, { maxKeys: 3 }),
)
const storedFields = fc.dictionary(fc.constantFrom(...STORED_KEYS), storedValue, { maxKeys: 4 })

const userTarget = fc.constantFrom('@alice', '@bob', '@demo', '@admin', '@nobody', '@', 'alice', '#general', 'GENERAL')
const targets = fc.oneof(userTarget, fc.array(userTarget, { minLength: 1, maxLength: 3 }))

interface Fixture {
  mock: RocketChatMock
  fetch: typeof fetch
  tokens: Record<string, { userId: string; authToken: string }>
  ids: string[]
}

function fixture(): Fixture {
  const mock = createRocketChatMock({ seed: SEED, scenario: 'empty', now: '2026-02-01T12:00:00.000Z' })
  const tokens = Object.fromEntries(['admin', 'demo', 'alice', 'bob'].map((u) => [u, mock.login(u)]))
  return { mock, fetch: createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' }), tokens, ids: [] }
}

function dumpHash(mock: RocketChatMock): string {
  const hash = createHash('sha1')
  for (const [name, collection] of Object.entries(mock.db)) {
    if (name === 'users') hash.update(JSON.stringify(collection.all().map((u) => ({ ...u, services: undefined, lastLogin: undefined, _updatedAt: undefined }))))
    else hash.update(JSON.stringify(collection.all()))
  }
  return hash.digest('hex')
}

/** What a persisted snapshot goes through (JSON), restored into a fresh mock, snapshotted again. */
function expectSnapshotRoundTrip(mock: RocketChatMock, context: string): void {
  const saved = JSON.stringify(mock.snapshot())
  const fresh = createRocketChatMock({ seed: SEED, scenario: 'empty' })
  expect(() => fresh.restore(JSON.parse(saved)), context).not.toThrow()
  // The same records (key order may differ: the schema orders keys on restore).
  expect(JSON.parse(JSON.stringify(fresh.snapshot())), context).toStrictEqual(JSON.parse(saved))
}

async function call(fx: Fixture, route: string, body: Record<string, unknown>, who: string) {
  const [method, path] = route.split(' ') as [string, string]
  const url = new URL(`http://localhost:3000${path}`)
  const headers: Record<string, string> = { 'X-User-Id': fx.tokens[who]!.userId, 'X-Auth-Token': fx.tokens[who]!.authToken }
  let payload: string | undefined
  if (method === 'GET') for (const [k, v] of Object.entries(body)) url.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v))
  else (headers['Content-Type'] = 'application/json'), (payload = JSON.stringify(body))
  const started = performance.now()
  const res = await fx.fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) })
  const text = await res.text()
  return { status: res.status, text, ms: performance.now() - started }
}

describe('fuzz: stored fields, @user targets, snapshot round trip, CPU guard', () => {
  const fx = fixture()
  const routes = fx.mock.routes()
  const posts = routes.filter((r) => r.startsWith('POST '))
  const who = fc.constantFrom('admin', 'demo', 'alice', 'bob')

  async function check(route: string, body: Record<string, unknown>, as: string, before: { hash: string }): Promise<void> {
    const res = await call(fx, route, body, as)
    const context = `${route} ${res.status} ${JSON.stringify(body).slice(0, 300)} → ${res.text.slice(0, 200)}`
    expect(res.status, context).toBeLessThan(500)
    expect(res.ms, `${context} took ${Math.round(res.ms)} ms`).toBeLessThan(CPU_BUDGET_MS)
    if (res.status >= 400) {
      expect(dumpHash(fx.mock), `${context} changed the database`).toBe(before.hash)
      return
    }
    if (route.endsWith('/logout')) fx.tokens[as] = fx.mock.login(as)
    const id = (JSON.parse(res.text) as { message?: { _id?: string } }).message?._id
    if (id) fx.ids.push(id)
    expectSnapshotRoundTrip(fx.mock, context)
    before.hash = dumpHash(fx.mock)
  }

  it('wrong types for stored fields on every write route, and markup that would stall the parser', async () => {
    const before = { hash: dumpHash(fx.mock) }
    const target = () => fc.constantFrom(...(fx.ids.length > 0 ? fx.ids : ['none']))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        storedFields,
        fc.record({ msgId: target(), messageId: target(), mid: target(), tmid: target() }, { requiredKeys: [] }),
        fc.option(hostileText, { nil: undefined }),
        who,
        async (route, fields, ids, text, as) => {
          const base = { roomId: 'GENERAL', rid: 'GENERAL', ...ids, ...(text !== undefined ? { text, msg: text } : {}) }
          // chat.sendMessage's nested `message.*` keys have their own suite (tests/api/chat/sendMessage*):
          // here its stored-field keys go next to `message`, where the schema must refuse them.
          const body = route.endsWith('chat.sendMessage') ? { message: { rid: 'GENERAL', msg: text ?? 'x' }, ...fields } : { ...base, ...fields }
          await check(route, body, as, before)
        },
      ),
      { numRuns: Number(process.env.FUZZ_STATE_RUNS ?? 600) },
    )
  }, 300_000)

  it('@user targets: DMs are created only by requests that succeed', async () => {
    const before = { hash: dumpHash(fx.mock) }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'POST /api/v1/chat.postMessage',
          'POST /api/v1/dm.delete',
          'POST /api/v1/im.blockUser',
          'GET /api/v1/dm.members',
          'GET /api/v1/dm.history',
          'GET /api/v1/dm.messages',
          'GET /api/v1/dm.files',
        ),
        targets,
        fc.record(
          {
            alias: fc.constantFrom('x', ''),
            tmid: fc.constantFrom(...(fx.ids.length > 0 ? fx.ids : ['none']), 'nope'),
            sort: fc.constantFrom('oops', '{"ts":1}'),
            name: fc.constantFrom('(', '[', 'a'),
            text: fc.constantFrom('hi', '@all', ''),
            block: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        who,
        async (route, to, extra, as) => {
          const single = Array.isArray(to) ? to[0]! : to
          const body = route.includes('postMessage')
            ? { roomId: to, text: 'hi', ...extra }
            : route.includes('dm.delete')
              ? { roomId: single }
              : { roomId: single, username: single.replace(/^@/, ''), ...extra }
          await check(route, body, as, before)
        },
      ),
      { numRuns: Number(process.env.FUZZ_STATE_RUNS ?? 600) },
    )
  }, 300_000)
})
