import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMockFetch, createRocketChatMock, type RocketChatMock } from '../../src/node.js'
import { messageSchema } from '../../src/db/schemas/message.js'

/**
 * Hostile input against every registered endpoint, through MSW's `getResponse` (the same
 * handlers as every mode). Invariants: never a 5xx or a thrown fetch, always a JSON envelope,
 * and a refused request (4xx) leaves the database exactly as it was. FUZZ_RUNS cases per run
 * (10 000 by default): 70% across every route, 30% at the send endpoints with nested
 * `message.*` keys — every stored field of a message, with values of any type.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000)
const ROUTE_RUNS = Math.ceil(RUNS * 0.7)
const MESSAGE_RUNS = RUNS - ROUTE_RUNS

const KEYS = [
  'roomId',
  'rid',
  'msgId',
  'messageId',
  'mid',
  'tmid',
  'text',
  'msg',
  'message',
  'username',
  'usernames',
  'userId',
  'emoji',
  'reaction',
  'shouldReact',
  'count',
  'offset',
  'sort',
  'query',
  'fields',
  'latest',
  'oldest',
  'inclusive',
  'unreads',
  'showThreadMessages',
  'updatedSince',
  'lastUpdate',
  'next',
  'previous',
  'type',
  'channel',
  'asUser',
  'block',
  'topic',
  'targetLanguage',
  'field',
  'value',
  'searchText',
  'url',
  'description',
  'ignore',
  'since',
  'roomName',
  'excludeSelf',
  'previewUrls',
  'customFields',
  'attachments',
  'alias',
  'avatar',
  'tshow',
  'user',
  'password',
  'resume',
  'status',
  'filter',
  'mentionIds',
  'starredIds',
  'pinned',
  'name',
  'typeGroup',
  'defaultLanguage',
  '__proto__',
  'constructor',
  // rooms lifecycle and start-up
  'members',
  'readOnly',
  'extraData',
  'joinCode',
  'userIds',
  'favorite',
  'prid',
  'pmid',
  't_name',
  'reply',
  'users',
  'encrypted',
  'firstUnreadMessage',
  'data',
  'ids',
  'from',
  '_id',
  '_updatedAt',
]

interface Fixture {
  mock: RocketChatMock
  fetch: typeof fetch
  ids: string[]
  tokens: Record<string, { userId: string; authToken: string }>
}

function fixture(): Fixture {
  const mock = createRocketChatMock({ seed: 7, scenario: 'empty', now: '2026-02-01T12:00:00.000Z' })
  const tokens = Object.fromEntries(['admin', 'demo', 'alice', 'bob'].map((u) => [u, mock.login(u)]))
  const f = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
  return { mock, fetch: f, ids: [], tokens }
}

function dumpHash(mock: RocketChatMock): string {
  const hash = createHash('sha1')
  for (const [name, collection] of Object.entries(mock.db)) {
    if (name === 'users') {
      // Logins add tokens; compare users without their token lists.
      hash.update(JSON.stringify(collection.all().map((u) => ({ ...u, services: undefined, lastLogin: undefined, _updatedAt: undefined }))))
    } else hash.update(JSON.stringify(collection.all()))
  }
  return hash.digest('hex')
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'GENERAL',
    'general',
    '#general',
    '@alice',
    'alice',
    'demo',
    'null',
    'undefined',
    'true',
    'false',
    '0',
    '-1',
    '1e309',
    'NaN',
    '9007199254740993',
    '2026-01-01T00:00:00.000Z',
    '2026-13-45',
    'not a date',
    '{"$where":"sleep(1)"}',
    '{"ts":1}',
    '{"ts":2}',
    '{"$function":{"body":"x"}}',
    '{"msg":1}',
    '[]',
    '{',
    '__proto__',
    'constructor',
    '$where',
    ':smile:',
    'UPDATED',
    'DELETED',
    'all',
    'following',
    'unread',
    'autoTranslate',
    'en',
    '\u0000\u0001\u001f',
    '\u202e\uFEFF',
    'x'.repeat(6000),
    'https://example.com/a?b=c',
    'javascript:alert(1)',
  ),
)

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.constantFrom(-1, 0, 1, 2 ** 53, -(2 ** 31), 1e308, 0.5),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 4 }),
  ),
})).value

const bodyObject = fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { maxKeys: 5 })
const queryObject = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 5 })

const encoding = fc.constantFrom('json', 'json', 'json', 'form', 'text', 'broken-json', 'none')
const auth = fc.constantFrom('admin', 'demo', 'alice', 'bob', 'demo', 'none', 'wrong')

function asText(value: unknown): string {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value)
}

async function send(fx: Fixture, route: string, query: Record<string, unknown>, body: Record<string, unknown>, enc: string, who: string) {
  const [method, declared] = route.split(' ') as [string, string]
  // Path parameters get a real room or a hostile value.
  // An empty segment would be another path (unrouted everywhere, a 404 on the server): fuzz the route itself.
  const path = declared.replace(/\/:(\w+)/g, (_, name: string) => `/${encodeURIComponent(asText(body[name] ?? query[name] ?? 'GENERAL')) || 'GENERAL'}`)
  const url = new URL(`http://localhost:3000${path}`)
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, asText(item))
  const headers: Record<string, string> = {}
  if (who === 'wrong') Object.assign(headers, { 'X-User-Id': fx.tokens.demo!.userId, 'X-Auth-Token': 'nope' })
  else if (who !== 'none') Object.assign(headers, { 'X-User-Id': fx.tokens[who]!.userId, 'X-Auth-Token': fx.tokens[who]!.authToken })
  let payload: string | undefined
  if (method !== 'GET') {
    if (enc === 'json') (headers['Content-Type'] = 'application/json'), (payload = JSON.stringify(body))
    else if (enc === 'broken-json') (headers['Content-Type'] = 'application/json'), (payload = JSON.stringify(body).slice(0, -1) + ',')
    else if (enc === 'form')
      (headers['Content-Type'] = 'application/x-www-form-urlencoded'),
        (payload = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, asText(v)])).toString())
    else if (enc === 'text') (headers['Content-Type'] = 'text/plain'), (payload = JSON.stringify(body))
  }
  return fx.fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) })
}

describe('fuzz: every endpoint, hostile input', () => {
  const fx = fixture()
  const routes = fx.mock.routes()

  it('never answers 5xx, always a JSON envelope, and refused requests change nothing', async () => {
    // Give the fuzzer real ids to aim at: a few posts (one thread) in GENERAL and the demo–alice DM.
    const post = async (who: string, body: Record<string, unknown>) => {
      const res = await send(fx, 'POST /api/v1/chat.sendMessage', {}, body, 'json', who)
      const id = ((await res.json()) as { message?: { _id: string } }).message?._id
      if (id) fx.ids.push(id)
    }
    await post('demo', { message: { rid: 'GENERAL', msg: 'fuzz target @alice #general https://example.com' } })
    await post('alice', { message: { rid: 'GENERAL', msg: 'reply', tmid: fx.ids[0] } })
    await post('admin', { message: { rid: 'GENERAL', msg: 'admin says hi' } })
    const withIds = (ids: string[]) =>
      fc.oneof(
        bodyObject,
        fc
          .record(
            {
              roomId: fc.constantFrom('GENERAL', fx.tokens.alice!.userId),
              msgId: fc.constantFrom(...ids),
              messageId: fc.constantFrom(...ids),
              mid: fc.constantFrom(...ids),
              tmid: fc.constantFrom(...ids),
              rid: fc.constant('GENERAL'),
            },
            { requiredKeys: [] },
          )
          .chain((known) => bodyObject.map((extra) => ({ ...extra, ...known }))),
      )

    const outcomes = new Map<string, number>()
    let before = dumpHash(fx.mock)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), queryObject, withIds(fx.ids), encoding, auth, async (route, query, body, enc, who) => {
        const res = await send(fx, route, route.startsWith('GET') ? { ...query, ...body } : query, body, enc, who)
        expect(res.status, `${route} answered ${res.status}`).toBeLessThan(500)
        const text = await res.text()
        // Files and avatars answer bytes or SVG (never JSON); they must still never 5xx nor write.
        if (!route.split(' ')[1]!.startsWith('/api/')) {
          expect(dumpHash(fx.mock), `${route} changed the database`).toBe(before)
          return
        }
        let json: Record<string, unknown>
        try {
          json = JSON.parse(text) as Record<string, unknown>
        } catch {
          throw new Error(`${route} answered ${res.status} with a non-JSON body: ${text.slice(0, 200)}`)
        }
        // A logout revokes the persona's token: issue a fresh one for the next cases.
        if (route.endsWith('/logout') && who in fx.tokens) fx.tokens[who] = fx.mock.login(who)
        outcomes.set(`${res.status}`, (outcomes.get(`${res.status}`) ?? 0) + 1)
        if (res.status >= 400) {
          expect(json.success, `${route} error envelope`).toBe(false)
          const after = dumpHash(fx.mock)
          expect(after, `${route} ${res.status} ${text.slice(0, 200)} changed the database`).toBe(before)
        } else {
          before = dumpHash(fx.mock)
        }
      }),
      { numRuns: ROUTE_RUNS, verbose: 1 },
    )
    if (process.env.FUZZ_STATS) console.log(Object.fromEntries(outcomes))
    // The run must reach past validation: some requests succeed and some are refused.
    expect(outcomes.get('200') ?? 0).toBeGreaterThan(0)
  }, 180_000)

  it('chat.sendMessage / chat.postMessage: every stored message field, any type, nested in message.*', async () => {
    const stored = Object.keys(messageSchema.shape)
    const messageKeys = fc.constantFrom(...stored, 'text', 'bot', 'content', 'e2e', 'e2eMentions', 'federation', 'sentByEmail', 'role', 'channel')
    const attachment = fc.dictionary(
      fc.constantFrom(
        'color',
        'text',
        'ts',
        'thumb_url',
        'message_link',
        'title',
        'title_link',
        'title_link_download',
        'image_url',
        'fields',
        'actions',
        'collapsed',
        'image_size',
        'msg',
        'attachments',
      ),
      jsonValue,
      { maxKeys: 4 },
    )
    const fieldValue = fc.oneof(
      jsonValue,
      fc.array(attachment, { maxLength: 2 }),
      fc.constantFrom('2026-02-01T12:00:00.000Z', { $date: 0 }, [{ _id: 'x' }], { ':+1:': { usernames: ['alice'] } }),
    )
    const message = fc
      .tuple(
        fc.dictionary(messageKeys, fieldValue, { maxKeys: 6 }),
        fc.constantFrom('GENERAL', undefined, fx.tokens.alice!.userId),
        fc.constantFrom('hi', '', undefined, 'see https://example.com'),
      )
      .map(([fields, rid, msg]) => ({ ...(rid !== undefined ? { rid } : {}), ...(msg !== undefined ? { msg } : {}), ...fields }))
    const route = fc.constantFrom('POST /api/v1/chat.sendMessage', 'POST /api/v1/chat.postMessage')
    // Every accepted send is rolled back to this baseline, so the database (and the cost of
    // comparing it) stays the same size over thousands of cases.
    const baseline = JSON.stringify(fx.mock.snapshot())
    fx.mock.restore(JSON.parse(baseline))
    const before = dumpHash(fx.mock)
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(route, message, fc.constantFrom('demo', 'alice', 'admin'), async (path, msg, who) => {
        const body = path.endsWith('sendMessage')
          ? { message: msg }
          : { roomId: msg.rid ?? 'GENERAL', ...Object.fromEntries(Object.entries(msg).filter(([k]) => k !== 'rid' && k !== 'msg')), text: msg.msg }
        const res = await send(fx, path, {}, body, 'json', who)
        expect(res.status, `${path} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`).toBeLessThan(500)
        const json = (await res.json()) as Record<string, unknown>
        if (res.status >= 400) {
          expect(json.success).toBe(false)
          expect(dumpHash(fx.mock), `${path} ${res.status} ${JSON.stringify(json)} changed the database`).toBe(before)
        } else {
          accepted += 1
          fx.mock.restore(JSON.parse(baseline))
        }
      }),
      { numRuns: MESSAGE_RUNS, verbose: 1 },
    )
    expect(accepted).toBeGreaterThan(0)
  }, 180_000)
})
