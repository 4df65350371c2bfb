/**
 * Permission matrix: every registered route × every persona (admin, demo, alice, bob) × six
 * target rooms, with a valid request built from real ids, and the exact answer expected in each
 * cell; then the same routes without (or with wrong) credentials; then a leak check over the body
 * of every allowed request.
 *
 * Rooms (columns, always in this order):
 *
 *              GENERAL  demo-channel  leadership  demo–alice DM  alice–bob DM  faker channel
 *     admin    member   public        member      —              —             public
 *     demo     member   member/owner  —           member         —             public
 *     alice    member   member        member      member         member        member
 *     bob      member   member        —           —              member        member
 *
 * (member: subscribed; public: a public channel the persona is not in; —: no access. admin owns
 * GENERAL and leadership and holds the global `admin` role; demo owns demo-channel.)
 *
 * Table cells are codes: `ok` = 200; any other code is defined next to the table with the exact
 * status and body the server sends (from the error catalogue in src/errors.ts). A failing route
 * prints the whole expected and actual table, so the diff shows which cells moved.
 *
 * Every cell starts from the same database: a cell that wrote anything (an accepted write, or a
 * fixture it created) is followed by `mock.restore(baseline)`.
 */
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message, Room } from '../../src/db/index.js'
import { pinMessage } from '../../src/domain/actions.js'
import { insertMessage } from '../../src/domain/messages.js'
import { ApiError, errors } from '../../src/errors.js'
import { roomErrors } from '../../src/errors-rooms.js'
import { createRocketChatMock, type RocketChatMock } from '../../src/mock.js'
import type { MockSnapshot } from '../../src/snapshot.js'
import { LOGGED_OUT, NOW, ORIGIN } from '../helpers.js'

// ---- the world ---------------------------------------------------------------------------------

const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const
type Persona = (typeof PERSONAS)[number]
const ROOMS = ['general', 'demoChannel', 'leadership', 'dmDemoAlice', 'dmAliceBob', 'fakerChannel'] as const
type RoomKey = (typeof ROOMS)[number]

interface RoomFixture {
  key: RoomKey
  room: Room
  /** Two members of the room (a cell's `other` is the one that is not the caller). */
  authors: [Persona, Persona]
  /** A plain message by each author. */
  byAuthor: Record<string, Message>
  /** A thread root (by the first author) with one reply (by the second). */
  root: Message
  reply: Message
  /** A message pinned through the domain (no permission check), for `chat.unPinMessage`. */
  pinned: Message
}

const mock: RocketChatMock = createRocketChatMock({ seed: 42, now: NOW })
const server = setupServer(...mock.handlers)
const tokens = {} as Record<Persona, { userId: string; authToken: string }>
const fixtures = {} as Record<RoomKey, RoomFixture>
let baseline: MockSnapshot

function userOf(persona: Persona) {
  return mock.core.findUser(persona)!
}

beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' })
  for (const p of PERSONAS) tokens[p] = mock.login(p)
  const core = mock.core
  const dm = (a: Persona, b: Persona) => core.db.rooms.get([userOf(a)._id, userOf(b)._id].sort().join(''))!
  const adminId = userOf('admin')._id
  const demoId = userOf('demo')._id
  const faker = core.db.rooms
    .all()
    .find(
      (r) =>
        r.t === 'c' && !r.prid && r._id !== 'GENERAL' && r.name !== 'demo-channel' && !core.subscription(r._id, adminId) && !core.subscription(r._id, demoId),
    )
  if (!faker) throw new Error('the default scenario has no public faker channel without admin and demo')
  const rooms: Record<RoomKey, [Room, [Persona, Persona]]> = {
    general: [core.db.rooms.get('GENERAL')!, ['bob', 'alice']],
    demoChannel: [core.findRoom('demo-channel')!, ['alice', 'bob']],
    leadership: [core.findRoom('leadership')!, ['alice', 'admin']],
    dmDemoAlice: [dm('demo', 'alice'), ['alice', 'demo']],
    dmAliceBob: [dm('alice', 'bob'), ['bob', 'alice']],
    fakerChannel: [faker, ['bob', 'alice']],
  }
  for (const key of ROOMS) {
    const [room, authors] = rooms[key]
    for (const a of authors) if (!core.subscription(room._id, userOf(a)._id)) throw new Error(`${a} is not in ${key}`)
    const say = (who: Persona, msg: string, tmid?: string) => insertMessage(core, core.db.rooms.get(room._id)!, userOf(who), tmid ? { msg, tmid } : { msg })
    const byAuthor = Object.fromEntries(authors.map((a) => [a, say(a, `matrix: a message by ${a} in ${key} https://example.com/${key}`)]))
    const root = say(authors[0], `matrix: a thread root in ${key}`)
    const reply = say(authors[1], `matrix: a reply in ${key} @${authors[0]}`, root._id)
    const pinned = say(authors[0], `matrix: a pinned message in ${key}`)
    pinMessage(core, core.db.rooms.get(room._id)!, pinned, userOf(authors[0]))
    fixtures[key] = { key, room, authors, byAuthor, root: core.db.messages.get(root._id)!, reply, pinned }
  }
  baseline = mock.snapshot()
})
afterAll(() => server.close())

// ---- requests ----------------------------------------------------------------------------------

interface CellRequest {
  query?: Record<string, string>
  body?: unknown
  /** Path parameters of a `/…/:rid` route (`{ rid }`), substituted into the declared path. */
  params?: Record<string, string>
  /** A multipart body (uploads), sent instead of `body`. */
  form?: () => FormData
}

interface Answer {
  status: number
  body: any
}

type Caller = Persona | 'anonymous' | 'wrong-token'

async function call(route: string, caller: Caller, request: CellRequest): Promise<Answer> {
  const [method, declared] = route.split(' ') as [string, string]
  const path = declared.replace(/\/:(\w+)/g, (whole, name: string) =>
    request.params?.[name] !== undefined ? `/${encodeURIComponent(request.params[name])}` : whole,
  )
  const url = new URL(path, ORIGIN)
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v)
  const headers: Record<string, string> = {}
  if (caller === 'wrong-token') Object.assign(headers, { 'X-User-Id': tokens.demo.userId, 'X-Auth-Token': 'not-a-token' })
  else if (caller !== 'anonymous') Object.assign(headers, { 'X-User-Id': tokens[caller].userId, 'X-Auth-Token': tokens[caller].authToken })
  let body: string | FormData | undefined
  if (request.form) body = request.form()
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body)
    headers['Content-Type'] = 'application/json'
  }
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) })
  // Files and avatars answer bytes, not JSON: they are compared by status only.
  if (!(response.headers.get('content-type') ?? 'application/json').includes('json')) {
    await response.arrayBuffer()
    return { status: response.status, body: undefined }
  }
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

/** What a cell's request builder can use. */
interface Cell {
  persona: Persona
  room: RoomFixture
  /** The room's other author: a member who is not the caller. */
  other: Persona
  /** A fresh message by the caller in this room (inserted directly, as if they had been a member). */
  ownMessage(): Message
}

let dirty = false

function cell(persona: Persona, key: RoomKey): Cell {
  const room = fixtures[key]
  const other = room.authors[0] === persona ? room.authors[1] : room.authors[0]
  return {
    persona,
    room,
    other,
    ownMessage() {
      dirty = true
      return insertMessage(mock.core, mock.core.db.rooms.get(room.room._id)!, userOf(persona), { msg: `matrix: own message of ${persona}` })
    },
  }
}

// ---- outcomes ----------------------------------------------------------------------------------

/** An expected answer: a status and, for refusals, the exact body. */
interface Outcome {
  status: number
  body?: Record<string, unknown>
}

const OK: Outcome = { status: 200 }
const of = (error: ApiError): Outcome => ({ status: error.status, body: error.body })
const FORBIDDEN = of(ApiError.forbidden())
const GATE = of(errors.permissionRequired())
const CHANNEL = of(errors.invalidChannel())

function matches(outcome: Outcome, answer: Answer): boolean {
  if (answer.status !== outcome.status) return false
  if (outcome.body === undefined) return answer.status !== 200 || answer.body === undefined || answer.body.success !== false
  return JSON.stringify(answer.body) === JSON.stringify(outcome.body)
}

/** The code of `answer` among `codes`, or a readable description of the unexpected answer. */
function codeOf(codes: Record<string, Outcome>, answer: Answer): string {
  for (const [code, outcome] of Object.entries(codes)) if (matches(outcome, answer)) return code
  return `?${answer.status}:${JSON.stringify(answer.body)?.slice(0, 160)}`
}

// ---- the matrix --------------------------------------------------------------------------------

/** One row per persona; cells in ROOMS order: GENERAL, demo-channel, leadership, demo–alice, alice–bob, faker. */
type Table = Record<Persona, string>

interface RoomSpec {
  /** `METHOD /api/v1/name`; several when `dm.*` and `im.*` share the definition. */
  routes: string[]
  /** What varies besides the route (shown in the test name). */
  label?: string
  request: (c: Cell) => CellRequest
  /** Codes used in `table` besides `ok`, with the exact answer each stands for. */
  codes?: Record<string, Outcome | ((c: Cell) => Outcome)>
  table: Table
}

const SINCE = '2020-01-01T00:00:00.000Z'
const v1 = (name: string) => `/api/v1/${name}`
const get = (...names: string[]) => names.map((n) => `GET ${v1(n)}`)
const post = (...names: string[]) => names.map((n) => `POST ${v1(n)}`)
const dmGet = (name: string) => get(`dm.${name}`, `im.${name}`)
const dmPost = (name: string) => post(`dm.${name}`, `im.${name}`)

/** The usual pattern: everything readable is `ok`, the rooms without access are `x`. */
const READABLE: Table = {
  admin: 'ok ok ok x  x  ok',
  demo: 'ok ok x  ok x  ok',
  alice: 'ok ok ok ok ok ok',
  bob: 'ok ok x  x  ok ok',
}
/** Only where the persona has a subscription. */
const SUBSCRIBED: Table = {
  admin: 'ok x  ok x  x  x',
  demo: 'ok ok x  ok x  x',
  alice: 'ok ok ok ok ok ok',
  bob: 'ok ok x  x  ok ok',
}
/** DM endpoints that look the DM up first (`[invalid-channel]` for any channel), then check access. */
const DM_LOOKUP_FIRST: Table = {
  admin: 'ch ch ch 403 403 ch',
  demo: 'ch ch ch ok  403 ch',
  alice: 'ch ch ch ok  ok  ch',
  bob: 'ch ch ch 403 ok  ch',
}
/** DM endpoints that check access first (403 for leadership too), then look the DM up. */
const DM_ACCESS_FIRST: Table = {
  admin: 'ch ch ch  403 403 ch',
  demo: 'ch ch 403 ok  403 ch',
  alice: 'ch ch ch  ok  ok  ch',
  bob: 'ch ch 403 403 ok  ch',
}
const ALL_OK: Table = { admin: 'ok ok ok ok ok ok', demo: 'ok ok ok ok ok ok', alice: 'ok ok ok ok ok ok', bob: 'ok ok ok ok ok ok' }

const msgId = (c: Cell) => c.room.byAuthor[c.other]!._id
const rid = (c: Cell) => c.room.room._id

const ROOM_SPECS: RoomSpec[] = [
  // ---- chat: messages
  {
    routes: post('chat.postMessage'),
    label: 'a public channel is joined on post',
    request: (c) => ({ body: { roomId: rid(c), text: 'matrix post' } }),
    codes: { x: of(errors.notAllowedPlain()) },
    table: READABLE,
  },
  {
    routes: post('chat.postMessage'),
    label: 'a thread reply',
    request: (c) => ({ body: { roomId: rid(c), text: 'matrix reply', tmid: c.room.root._id } }),
    codes: { x: of(errors.notAllowedPlain()) },
    table: READABLE,
  },
  {
    routes: post('chat.postMessage'),
    label: 'channel by #name (DMs have none: [invalid-channel])',
    request: (c) => ({ body: { channel: c.room.room.name ? `#${c.room.room.name}` : `#${rid(c)}`, text: 'matrix post' } }),
    codes: { x: of(errors.notAllowedPlain()), ch: CHANNEL },
    table: {
      admin: 'ok ok ok ch ch ok',
      demo: 'ok ok x  ch ch ok',
      alice: 'ok ok ok ch ch ok',
      bob: 'ok ok x  ch ch ok',
    },
  },
  {
    routes: post('chat.sendMessage'),
    request: (c) => ({ body: { message: { rid: rid(c), msg: 'matrix send' } } }),
    codes: { x: of(errors.notAllowedPlain()) },
    table: READABLE,
  },
  {
    routes: post('chat.sendMessage'),
    label: 'a reply into GENERAL to a root of the target room (the room comes from the root)',
    request: (c) => ({ body: { message: { rid: 'GENERAL', tmid: c.room.root._id, msg: 'matrix send' } } }),
    codes: { x: of(errors.notAllowedPlain()) },
    table: READABLE,
  },
  {
    routes: get('chat.getMessage'),
    request: (c) => ({ query: { msgId: msgId(c) } }),
    codes: { x: of(errors.getMessageNotAllowed()) },
    table: READABLE,
  },
  {
    routes: post('chat.update'),
    label: "another member's message: edit-message (admin; demo owns demo-channel)",
    request: (c) => ({ body: { roomId: rid(c), msgId: msgId(c), text: 'matrix edit' } }),
    codes: { x: of(errors.editNotAllowed()), na: of(errors.notAllowedPlain()) },
    table: {
      admin: 'ok ok ok na na ok',
      demo: 'x  ok x  x  x  x',
      alice: 'x  x  x  x  x  x',
      bob: 'x  x  x  x  x  x',
    },
  },
  {
    routes: post('chat.update'),
    label: 'own message (in rooms without access too: the send rights are checked)',
    request: (c) => ({ body: { roomId: rid(c), msgId: c.ownMessage()._id, text: 'matrix edit' } }),
    codes: { x: of(errors.notAllowedPlain()) },
    table: READABLE,
  },
  {
    routes: post('chat.delete'),
    label: "another member's message: force-delete-message (admin everywhere, as the server: no room check)",
    request: (c) => ({ body: { roomId: rid(c), msgId: msgId(c) } }),
    codes: { x: of(errors.deleteNotAllowed()) },
    table: {
      admin: 'ok ok ok ok ok ok',
      demo: 'x  ok x  x  x  x',
      alice: 'x  x  x  x  x  x',
      bob: 'x  x  x  x  x  x',
    },
  },
  {
    routes: post('chat.delete'),
    label: 'own message: delete-own-message (the server checks no room access)',
    request: (c) => ({ body: { roomId: rid(c), msgId: c.ownMessage()._id } }),
    table: ALL_OK,
  },
  // ---- history
  { routes: dmGet('history'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_LOOKUP_FIRST },
  { routes: dmGet('messages'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_LOOKUP_FIRST },
  {
    routes: get('channels.history'),
    request: (c) => ({ query: { roomId: rid(c) } }),
    codes: {
      nf: of(ApiError.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any channel')),
    },
    table: {
      admin: 'ok ok nf nf nf ok',
      demo: 'ok ok nf nf nf ok',
      alice: 'ok ok nf nf nf ok',
      bob: 'ok ok nf nf nf ok',
    },
  },
  {
    routes: get('groups.history'),
    label: 'a group is found only by its members',
    request: (c) => ({ query: { roomId: rid(c) } }),
    codes: { nf: of(ApiError.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group')) },
    table: {
      admin: 'nf nf ok nf nf nf',
      demo: 'nf nf nf nf nf nf',
      alice: 'nf nf ok nf nf nf',
      bob: 'nf nf nf nf nf nf',
    },
  },
  // ---- threads and sync
  {
    routes: post('chat.followMessage'),
    request: (c) => ({ body: { mid: c.room.root._id } }),
    codes: { x: of(errors.followNotAllowed('followMessage')) },
    table: READABLE,
  },
  {
    routes: post('chat.unfollowMessage'),
    request: (c) => ({ body: { mid: c.room.root._id } }),
    codes: { x: of(errors.followNotAllowed('unfollowMessage')) },
    table: READABLE,
  },
  { routes: get('chat.getThreadsList'), request: (c) => ({ query: { rid: rid(c) } }), codes: { x: of(errors.threadsNotAllowed()) }, table: READABLE },
  {
    routes: get('chat.getThreadMessages'),
    request: (c) => ({ query: { tmid: c.room.root._id } }),
    codes: { x: of(errors.threadsNotAllowed()) },
    table: READABLE,
  },
  {
    routes: get('chat.syncThreadsList'),
    request: (c) => ({ query: { rid: rid(c), updatedSince: SINCE } }),
    codes: { x: of(errors.threadsNotAllowed()) },
    table: READABLE,
  },
  {
    routes: get('chat.syncThreadMessages'),
    request: (c) => ({ query: { tmid: c.room.root._id, updatedSince: SINCE } }),
    codes: { x: of(errors.threadsNotAllowed()) },
    table: READABLE,
  },
  {
    routes: get('chat.syncMessages'),
    request: (c) => ({ query: { roomId: rid(c), lastUpdate: SINCE } }),
    codes: { x: of(errors.syncNotAllowed()) },
    table: READABLE,
  },
  {
    routes: get('chat.syncMessages'),
    label: 'cursor mode',
    request: (c) => ({ query: { roomId: rid(c), type: 'UPDATED', next: String(Date.parse(SINCE)) } }),
    codes: { x: of(errors.syncNotAllowed()) },
    table: READABLE,
  },
  {
    routes: get('chat.getDeletedMessages'),
    label: 'ids only, no access check (as the server)',
    request: (c) => ({ query: { roomId: rid(c), since: SINCE } }),
    table: ALL_OK,
  },
  // ---- dm / im
  { routes: dmPost('open'), request: (c) => ({ body: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_ACCESS_FIRST },
  { routes: dmPost('close'), request: (c) => ({ body: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_ACCESS_FIRST },
  {
    routes: dmPost('setTopic'),
    label: 'edit-room: DM members are not owners',
    request: (c) => ({ body: { roomId: rid(c), topic: 'matrix topic' } }),
    codes: { ch: CHANNEL, 403: FORBIDDEN, x: of(errors.editRoomNotAllowed()) },
    table: {
      admin: 'ch ch ch  403 403 ch',
      demo: 'ch ch 403 x   403 ch',
      alice: 'ch ch ch  x   x   ch',
      bob: 'ch ch 403 403 x   ch',
    },
  },
  { routes: dmGet('counters'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_ACCESS_FIRST },
  {
    routes: dmGet('counters'),
    label: "alice's counters: `userId` needs view-room-administration, even for alice herself",
    request: (c) => ({ query: { roomId: rid(c), userId: userOf('alice')._id } }),
    codes: { ch: CHANNEL, 403: FORBIDDEN },
    table: {
      admin: 'ch ch ch ok  ok  ch',
      demo: '403 403 403 403 403 403',
      alice: '403 403 403 403 403 403',
      bob: '403 403 403 403 403 403',
    },
  },
  { routes: dmGet('files'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_LOOKUP_FIRST },
  { routes: dmGet('members'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { ch: CHANNEL, 403: FORBIDDEN }, table: DM_LOOKUP_FIRST },
  {
    routes: dmGet('messages.others'),
    label: 'view-room-administration gate, then any DM',
    request: (c) => ({ query: { roomId: rid(c) } }),
    codes: { gate: GATE, nf: (c) => of(errors.directRoomNotFound(rid(c))) },
    table: {
      admin: 'nf   nf   nf   ok   ok   nf',
      demo: 'gate gate gate gate gate gate',
      alice: 'gate gate gate gate gate gate',
      bob: 'gate gate gate gate gate gate',
    },
  },
  {
    routes: dmPost('delete'),
    label: 'delete-d (admin only, any DM)',
    request: (c) => ({ body: { roomId: rid(c) } }),
    codes: { ch: CHANNEL, erase: of(errors.eraseNotAllowed()), x: of(errors.notAllowed()) },
    table: {
      admin: 'ch ch ch ok    ok    ch',
      demo: 'ch ch ch erase x     ch',
      alice: 'ch ch ch erase erase ch',
      bob: 'ch ch ch x     erase ch',
    },
  },
  {
    routes: dmPost('blockUser'),
    request: (c) => ({ body: { roomId: rid(c), block: true } }),
    codes: { ch: CHANNEL, x: of(errors.invalidRoom('blockUser')) },
    table: {
      admin: 'ch ch ch x  x  ch',
      demo: 'ch ch ch ok x  ch',
      alice: 'ch ch ch ok ok ch',
      bob: 'ch ch ch x  ok ch',
    },
  },
  // ---- message actions
  {
    routes: post('chat.react'),
    request: (c) => ({ body: { messageId: msgId(c), emoji: ':smile:' } }),
    codes: { x: of(errors.reactNotAuthorized()) },
    table: READABLE,
  },
  {
    routes: post('chat.react'),
    label: 'asking for the state the message is already in: 200 before the room check (as the server)',
    request: (c) => ({ body: { messageId: msgId(c), emoji: ':smile:', shouldReact: false } }),
    table: ALL_OK,
  },
  {
    routes: post('chat.starMessage'),
    label: 'without a subscription: 200 and nothing happens (as the server)',
    request: (c) => ({ body: { messageId: msgId(c) } }),
    table: ALL_OK,
  },
  { routes: post('chat.unStarMessage'), request: (c) => ({ body: { messageId: msgId(c) } }), table: ALL_OK },
  {
    routes: post('chat.pinMessage'),
    label: 'pin-message: admin, and demo in its own channel',
    request: (c) => ({ body: { messageId: msgId(c) } }),
    codes: { x: of(errors.pinNotAuthorized('pinMessage')) },
    table: {
      admin: 'ok ok ok x  x  ok',
      demo: 'x  ok x  x  x  x',
      alice: 'x  x  x  x  x  x',
      bob: 'x  x  x  x  x  x',
    },
  },
  {
    routes: post('chat.unPinMessage'),
    label: 'a subscription first, then pin-message',
    request: (c) => ({ body: { messageId: c.room.pinned._id } }),
    codes: { nf: of(errors.unpinMessageNotFound()), x: of(errors.pinNotAuthorized('unpinMessage')) },
    table: {
      admin: 'ok nf ok nf nf nf',
      demo: 'x  ok nf x  nf nf',
      alice: 'x  x  x  x  x  x',
      bob: 'x  x  nf nf x  x',
    },
  },
  {
    routes: post('chat.reportMessage'),
    request: (c) => ({ body: { messageId: msgId(c), description: 'matrix report' } }),
    codes: { x: of(errors.reportInvalidMessageId()) },
    table: READABLE,
  },
  {
    routes: get('chat.ignoreUser'),
    label: 'both users must be subscribed',
    request: (c) => ({ query: { rid: rid(c), userId: userOf(c.other)._id, ignore: 'true' } }),
    codes: { x: of(errors.invalidSubscription('ignoreUser')) },
    table: SUBSCRIBED,
  },
  {
    routes: post('autotranslate.translateMessage'),
    request: (c) => ({ body: { messageId: msgId(c), targetLanguage: 'es' } }),
    codes: { x: FORBIDDEN },
    table: READABLE,
  },
  {
    routes: post('autotranslate.saveSettings'),
    request: (c) => ({ body: { roomId: rid(c), field: 'autoTranslate', value: true, defaultLanguage: 'es' } }),
    codes: { x: of(errors.invalidSubscription('saveAutoTranslateSettings')) },
    table: SUBSCRIBED,
  },
  // ---- lists
  { routes: get('chat.getMentionedMessages'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { x: of(errors.notAllowedPlain()) }, table: READABLE },
  { routes: get('chat.getStarredMessages'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { x: of(errors.notAllowedPlain()) }, table: READABLE },
  { routes: get('chat.getPinnedMessages'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { x: of(errors.notAllowed()) }, table: READABLE },
  { routes: get('chat.getDiscussions'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { x: of(errors.notAllowedPlain()) }, table: READABLE },
  {
    routes: get('chat.search'),
    label: 'a room without access answers a bare {success:false}',
    request: (c) => ({ query: { roomId: rid(c), searchText: 'matrix' } }),
    codes: { x: of(ApiError.bare()) },
    table: READABLE,
  },
  {
    routes: get('chat.getMessageReadReceipts'),
    request: (c) => ({ query: { messageId: msgId(c) } }),
    codes: { x: of(errors.invalidRoom('getReadReceipts')) },
    table: READABLE,
  },
  {
    routes: get('chat.getURLPreview'),
    request: (c) => ({ query: { roomId: rid(c), url: 'https://example.com/preview' } }),
    codes: { x: of(errors.notAllowed()) },
    table: READABLE,
  },
  // ---- rooms and subscriptions
  { routes: get('rooms.info'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { x: of(errors.roomInfoNotAllowed()) }, table: READABLE },
  { routes: post('subscriptions.read'), request: (c) => ({ body: { rid: rid(c) } }), codes: { x: of(errors.invalidSubscriptionPlain()) }, table: SUBSCRIBED },
  // ---- rooms lifecycle
  // ---- uploads
  {
    routes: post('rooms.media/:rid'),
    request: (c) => ({ params: { rid: rid(c) }, form: () => uploadForm() }),
    codes: { x: FORBIDDEN },
    table: READABLE,
  },
  {
    routes: post('rooms.mediaConfirm/:rid/:fileId'),
    label: 'the seeded unconfirmed upload, confirmed into each room',
    request: (c) => ({ params: { rid: rid(c), fileId: unconfirmedUpload()._id }, body: { msg: 'matrix: a file' } }),
    codes: { x: FORBIDDEN },
    table: READABLE,
  },
  ...lifecycleSpecs(),
]

/** channels.*, groups.*, rooms.*, subscriptions.getOne/unread and chat.readThread, per room. */
function lifecycleSpecs(): RoomSpec[] {
  const channelNf = of(roomErrors.channelNotFound())
  const groupNf = of(roomErrors.groupNotFound())
  const byRoom = (c: Cell) => ({ body: { roomId: rid(c) } })
  const PUBLIC_ONLY: Table = { admin: 'ok ok nf nf nf ok', demo: 'ok ok nf nf nf ok', alice: 'ok ok nf nf nf ok', bob: 'ok ok nf nf nf ok' }
  return [
    { routes: post('channels.join'), request: byRoom, codes: { nf: channelNf }, table: PUBLIC_ONLY },
    {
      routes: post('channels.leave'),
      label: 'owners cannot leave; non-members are not in the room',
      request: byRoom,
      codes: { nf: channelNf, owner: of(roomErrors.lastOwner('leaveRoom')), out: of(roomErrors.leaveNotInRoom()) },
      table: { admin: 'owner out nf nf nf out', demo: 'ok owner nf nf nf out', alice: 'ok ok nf nf nf ok', bob: 'ok ok nf nf nf ok' },
    },
    {
      routes: post('channels.invite'),
      label: 'add-user-to-joined-room (admin, room owners) or add-user-to-any-c-room (admin)',
      request: (c) => ({ body: { roomId: rid(c), username: c.other } }),
      codes: { nf: channelNf, x: of(roomErrors.inviteNotAllowed()) },
      table: { admin: 'ok ok nf nf nf ok', demo: 'x ok nf nf nf x', alice: 'x x nf nf nf x', bob: 'x x nf nf nf x' },
    },
    {
      routes: post('channels.kick'),
      label: 'remove-user (admin, room owners and moderators)',
      request: (c) => ({ body: { roomId: rid(c), username: c.other } }),
      codes: {
        nf: channelNf,
        x: of(roomErrors.kickNotAllowed()),
        owner: of(roomErrors.lastOwner('removeUserFromRoom')),
        out: of(roomErrors.kickUserNotInRoom()),
      },
      table: { admin: 'ok ok nf nf nf ok', demo: 'x ok nf nf nf x', alice: 'x x nf nf nf x', bob: 'x x nf nf nf x' },
    },
    { routes: get('channels.members'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { nf: channelNf }, table: PUBLIC_ONLY },
    { routes: get('channels.info'), request: (c) => ({ query: { roomId: rid(c) } }), codes: { nf: channelNf }, table: PUBLIC_ONLY },
    {
      routes: post('channels.setTopic'),
      label: 'edit-room',
      request: (c) => ({ body: { roomId: rid(c), topic: 'matrix topic' } }),
      codes: { nf: channelNf, x: of(errors.editRoomNotAllowed()) },
      table: { admin: 'ok ok nf nf nf ok', demo: 'x ok nf nf nf x', alice: 'x x nf nf nf x', bob: 'x x nf nf nf x' },
    },
    {
      routes: post('channels.archive'),
      label: 'archive-room (admin, room owners)',
      request: byRoom,
      codes: { nf: channelNf, x: of(roomErrors.archiveNotAuthorized()) },
      table: { admin: 'ok ok nf nf nf ok', demo: 'x ok nf nf nf x', alice: 'x x nf nf nf x', bob: 'x x nf nf nf x' },
    },
    {
      routes: post('groups.invite'),
      label: 'found without an access check; the invite checks the rights',
      request: (c) => ({ body: { roomId: rid(c), username: c.other } }),
      codes: { nf: groupNf, x: of(roomErrors.inviteNotAllowed()) },
      table: { admin: 'nf nf ok nf nf nf', demo: 'nf nf x nf nf nf', alice: 'nf nf x nf nf nf', bob: 'nf nf x nf nf nf' },
    },
    {
      routes: post('groups.kick'),
      request: (c) => ({ body: { roomId: rid(c), username: c.other } }),
      codes: { nf: groupNf, x: of(roomErrors.kickNotAllowed()), owner: of(roomErrors.lastOwner('removeUserFromRoom')) },
      table: { admin: 'nf nf ok nf nf nf', demo: 'nf nf nf nf nf nf', alice: 'nf nf x nf nf nf', bob: 'nf nf nf nf nf nf' },
    },
    {
      routes: post('groups.leave'),
      request: byRoom,
      codes: { nf: groupNf, owner: of(roomErrors.lastOwner('leaveRoom')) },
      table: { admin: 'nf nf owner nf nf nf', demo: 'nf nf nf nf nf nf', alice: 'nf nf ok nf nf nf', bob: 'nf nf nf nf nf nf' },
    },
    {
      routes: get('groups.members'),
      request: (c) => ({ query: { roomId: rid(c) } }),
      codes: { nf: groupNf },
      table: { admin: 'nf nf ok nf nf nf', demo: 'nf nf nf nf nf nf', alice: 'nf nf ok nf nf nf', bob: 'nf nf nf nf nf nf' },
    },
    {
      routes: get('groups.info'),
      request: (c) => ({ query: { roomId: rid(c) } }),
      codes: { nf: groupNf },
      table: { admin: 'nf nf ok nf nf nf', demo: 'nf nf nf nf nf nf', alice: 'nf nf ok nf nf nf', bob: 'nf nf nf nf nf nf' },
    },
    {
      routes: post('rooms.leave'),
      label: 'any channel or group; never a DM',
      request: byRoom,
      codes: { dm: of(roomErrors.leaveNotAllowed()), owner: of(roomErrors.lastOwner('leaveRoom')), out: of(roomErrors.leaveNotInRoom()) },
      table: { admin: 'owner out owner dm dm out', demo: 'ok owner out dm dm out', alice: 'ok ok ok dm dm ok', bob: 'ok ok out dm dm ok' },
    },
    {
      routes: post('rooms.favorite'),
      request: (c) => ({ body: { roomId: rid(c), favorite: true } }),
      codes: { x: of(roomErrors.favoriteNotMember()) },
      table: SUBSCRIBED,
    },
    {
      routes: post('rooms.createDiscussion'),
      request: (c) => ({ body: { prid: rid(c), t_name: 'matrix discussion' } }),
      codes: { x: of(roomErrors.discussionNotAllowed()) },
      table: { admin: 'ok ok ok x x ok', demo: 'ok ok x ok x ok', alice: 'ok ok ok ok ok ok', bob: 'ok ok x x ok ok' },
    },
    {
      routes: get('subscriptions.getOne'),
      label: "the caller's own subscription, or null",
      request: (c) => ({ query: { roomId: rid(c) } }),
      table: ALL_OK,
    },
    {
      routes: post('subscriptions.unread'),
      label: 'by room: no access check, a non-member has nothing to mark (as the server)',
      request: byRoom,
      table: ALL_OK,
    },
    { routes: post('chat.readThread'), request: (c) => ({ body: { tmid: c.room.root._id } }), codes: { x: of(errors.threadsNotAllowed()) }, table: READABLE },
  ]
}

function uploadForm(): FormData {
  const form = new FormData()
  form.append('file', new Blob(['matrix upload'], { type: 'text/plain' }), 'matrix.txt')
  return form
}

function unconfirmedUpload() {
  return mock.db.uploads.all().find((u) => u.expiresAt !== undefined)!
}

function seededImage() {
  return mock.db.uploads.all().find((u) => u.typeGroup === 'image')!
}

/** Routes whose answer does not depend on a room: one column. */
interface GlobalSpec {
  routes: string[]
  label?: string
  request: (p: Persona) => CellRequest
  codes?: Record<string, Outcome>
  expect: Record<Persona, string>
}

const everyone = (code: string) => ({ admin: code, demo: code, alice: code, bob: code })
const other = (p: Persona): Persona => (p === 'bob' ? 'alice' : 'bob')

const GLOBAL_SPECS: GlobalSpec[] = [
  { routes: ['GET /api/info'], request: () => ({}), expect: everyone('ok') },
  { routes: post('login'), request: (p) => ({ body: { user: p, password: p } }), expect: everyone('ok') },
  {
    routes: post('login'),
    label: 'wrong password',
    request: (p) => ({ body: { user: p, password: 'nope' } }),
    codes: { x: of(errors.loginFailed()) },
    expect: everyone('x'),
  },
  { routes: [...post('logout'), ...get('logout')], request: () => ({}), expect: everyone('ok') },
  { routes: get('me'), request: () => ({}), expect: everyone('ok') },
  { routes: get('rooms.get'), request: () => ({}), expect: everyone('ok') },
  { routes: get('subscriptions.get'), request: () => ({}), expect: everyone('ok') },
  { routes: get('users.info'), request: (p) => ({ query: { userId: userOf(other(p))._id, includeUserRooms: 'true' } }), expect: everyone('ok') },
  { routes: dmPost('create'), request: (p) => ({ body: { username: other(p) } }), expect: everyone('ok') },
  { routes: dmGet('list'), request: () => ({}), expect: everyone('ok') },
  {
    routes: dmGet('list.everyone'),
    request: () => ({}),
    codes: { gate: GATE },
    expect: { admin: 'ok', demo: 'gate', alice: 'gate', bob: 'gate' },
  },
  { routes: get('autotranslate.getSupportedLanguages'), request: () => ({ query: { targetLanguage: 'en' } }), expect: everyone('ok') },
  // ---- start-up surface and rooms lifecycle
  { routes: get('settings.public'), request: () => ({ query: { _id: 'Site_Name,Threads_enabled' } }), expect: everyone('ok') },
  { routes: get('settings.oauth'), request: () => ({}), expect: everyone('ok') },
  { routes: get('permissions.listAll'), request: () => ({ query: { updatedSince: SINCE } }), expect: everyone('ok') },
  { routes: get('roles.list'), request: () => ({}), expect: everyone('ok') },
  { routes: get('commands.list'), request: () => ({}), expect: everyone('ok') },
  { routes: get('emoji-custom.list'), request: () => ({}), expect: everyone('ok') },
  { routes: get('users.presence'), request: () => ({}), expect: everyone('ok') },
  { routes: get('users.list'), request: () => ({ query: { count: '0' } }), expect: everyone('ok') },
  {
    routes: get('users.getAvatar'),
    label: 'an unknown user (the 307 itself is in tests/api/startup)',
    request: () => ({ query: { username: 'nobody-at-all' } }),
    codes: { x: of(roomErrors.userParamNoMatch()) },
    expect: everyone('x'),
  },
  { routes: post('users.setPreferences'), request: () => ({ body: { data: { language: 'en', useEmojis: true } } }), expect: everyone('ok') },
  { routes: post('channels.create'), request: (p) => ({ body: { name: `matrix-${p}`, members: [other(p)] } }), expect: everyone('ok') },
  { routes: post('groups.create'), request: (p) => ({ body: { name: `matrix-${p}`, members: [other(p)] } }), expect: everyone('ok') },
  { routes: get('channels.list'), request: () => ({ query: { count: '0' } }), expect: everyone('ok') },
  { routes: get('channels.list.joined'), request: () => ({}), expect: everyone('ok') },
  { routes: get('groups.list'), request: () => ({}), expect: everyone('ok') },
  {
    routes: [...post('method.call/:method'), ...post('method.callAnon/:method')],
    request: () => ({ body: { message: JSON.stringify({ msg: 'method', id: '1', method: 'license:getModules', params: [] }) } }),
    expect: everyone('ok'),
  },
  // ---- files and avatars (bytes; FileUpload_Restrict_to_room_members: the demo–alice DM's members only)
  {
    routes: ['GET /file-upload/:id/:name', 'GET /ufs/GridFS:Uploads/:id/:name'],
    request: () => ({ params: { id: seededImage()._id, name: seededImage().name } }),
    codes: { x: { status: 403 } },
    expect: { admin: 'x', demo: 'ok', alice: 'ok', bob: 'x' },
  },
  { routes: ['GET /avatar/:username'], request: (p) => ({ params: { username: other(p) } }), expect: everyone('ok') },
  { routes: ['GET /avatar/uid/:id'], request: (p) => ({ params: { id: userOf(other(p))._id } }), expect: everyone('ok') },
  { routes: ['GET /avatar/room/:rid'], request: () => ({ params: { rid: 'GENERAL' } }), expect: everyone('ok') },
]

// ---- the leak check ----------------------------------------------------------------------------

/** Keys that never leave the server, whoever asks. */
const SECRET_KEYS = new Set(['hashedToken', 'loginTokens', 'sha256', 'bcrypt', 'resume'])

/** Routes where admin sees rooms it cannot access, by permission (view-room-administration, view-other-user-channels). */
const ADMIN_WIDE = new Set([...dmGet('list.everyone'), ...dmGet('messages.others'), ...get('users.info'), ...dmGet('counters')])

/**
 * Routes whose answer only echoes the target the caller named and was allowed to act on
 * (`chat.delete` answers `{_id, rid, u}` of the message it deleted, by permission, without a room check).
 */
const ECHO = new Set(post('chat.delete'))

/** An independent reading of "may see this room": public channel, subscription, or a discussion of such a room. */
function mayAccess(persona: Persona, roomId: string, depth = 0): boolean {
  const room = mock.db.rooms.get(roomId) ?? (mock.db.trash.get(roomId) as Room | undefined)
  if (!room) return false
  if (room.t === 'c') return true
  if (mock.core.subscription(roomId, userOf(persona)._id)) return true
  return room.prid !== undefined && depth < 8 && mayAccess(persona, room.prid, depth + 1)
}

const ROOM_TYPES = new Set(['c', 'p', 'd', 'l'])

/** Every field of `body` a persona may not see, as `path: reason`. */
function leaks(persona: Persona, route: string, body: unknown): string[] {
  const found: string[] = []
  const self = userOf(persona)._id
  const fullUserInfo = persona === 'admin'
  const anyRoom = (persona === 'admin' && ADMIN_WIDE.has(route)) || ECHO.has(route)
  const walk = (node: unknown, path: string, parentKey: string | undefined) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, parentKey))
      return
    }
    if (node === null || typeof node !== 'object') return
    const record = node as Record<string, unknown>
    const id = typeof record._id === 'string' ? record._id : undefined
    if (!anyRoom) {
      if (typeof record.rid === 'string' && !mayAccess(persona, record.rid)) found.push(`${path}.rid: room ${record.rid} is not accessible`)
      const roomLike =
        id &&
        typeof record.t === 'string' &&
        ROOM_TYPES.has(record.t) &&
        record.rid === undefined &&
        ('usersCount' in record || 'msgs' in record || 'uids' in record || 'usernames' in record)
      if (roomLike && !mayAccess(persona, id)) found.push(`${path}._id: room ${id} is not accessible`)
      // A message id anywhere (except in `remove`/`deleted` lists of ids) must belong to an accessible room.
      const message = id ? mock.db.messages.get(id) : undefined
      if (message && !mayAccess(persona, message.rid)) found.push(`${path}._id: message ${id} of room ${message.rid}`)
    }
    for (const [key, value] of Object.entries(record)) {
      const at = `${path}.${key}`
      if (SECRET_KEYS.has(key)) found.push(`${at}: secret key`)
      // (a user's `services` is an object; `settings.oauth` lists its OAuth `services` as an array)
      if (key === 'services' && !Array.isArray(value)) {
        if (id !== self) found.push(`${at}: services of another user`)
        const password = (value as Record<string, unknown> | null)?.password
        if (
          password !== undefined &&
          typeof password !== 'boolean' &&
          !(password && typeof password === 'object' && Object.keys(password).join() === 'exists')
        ) {
          found.push(`${at}.password: more than whether a password exists`)
        }
      } else if (key === 'password' && parentKey !== 'services') found.push(`${at}: password`)
      if (key === 'emails' && id !== self && !fullUserInfo) found.push(`${at}: emails of ${id ?? 'someone'}`)
      walk(value, at, key)
    }
  }
  walk(body, '$', undefined)
  return found
}

// ---- running cells -----------------------------------------------------------------------------

/** GETs that write (a refused request never writes; an accepted one is undone before the next cell). */
const GET_WRITES = new Set([...get('logout'), ...get('chat.ignoreUser')])

async function runCell(route: string, persona: Persona, request: () => CellRequest, inspect: (answer: Answer) => void): Promise<Answer> {
  dirty = false
  try {
    const answer = await call(route, persona, request())
    if (answer.status === 200 && (!route.startsWith('GET ') || GET_WRITES.has(route))) dirty = true
    // Before any undo: the leak check reads the state the answer came from.
    inspect(answer)
    return answer
  } finally {
    if (dirty) mock.restore(baseline)
  }
}

const width = (rows: string[][]) => rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
function formatRow(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i]!))
    .join(' ')
    .trimEnd()
}

function normalise(table: Table): Table {
  return Object.fromEntries(PERSONAS.map((p) => [p, table[p].trim().split(/\s+/).join(' ')])) as Table
}

describe('permission matrix: persona × room', () => {
  for (const spec of ROOM_SPECS) {
    for (const route of spec.routes) {
      it(`${route}${spec.label ? ` — ${spec.label}` : ''}`, async () => {
        const expected = normalise(spec.table)
        const actualRows = {} as Record<Persona, string[]>
        const found: string[] = []
        for (const persona of PERSONAS) {
          actualRows[persona] = []
          for (const key of ROOMS) {
            const c = cell(persona, key)
            const codes: Record<string, Outcome> = { ok: OK }
            for (const [code, outcome] of Object.entries(spec.codes ?? {})) codes[code] = typeof outcome === 'function' ? outcome(c) : outcome
            const answer = await runCell(
              route,
              persona,
              () => spec.request(c),
              (a) => {
                if (a.status === 200) for (const l of leaks(persona, route, a.body)) found.push(`${persona} in ${key}: ${l}`)
              },
            )
            actualRows[persona].push(codeOf(codes, answer))
          }
        }
        const actual = Object.fromEntries(PERSONAS.map((p) => [p, actualRows[p].join(' ')])) as Table
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          const header = ['', ...ROOMS]
          const rows = (t: Table) => PERSONAS.map((p) => [p, ...t[p].split(' ')])
          const w = width([header, ...rows(expected), ...rows(actual)])
          const print = (t: Table) => [formatRow(header, w), ...rows(t).map((r) => formatRow(r, w))].join('\n')
          expect(`\n${print(actual)}\n`, `${route}: the answers differ from the table`).toBe(`\n${print(expected)}\n`)
        }
        expect(found, `${route}: fields the caller may not see`).toStrictEqual([])
      })
    }
  }
})

describe('permission matrix: room-independent routes', () => {
  for (const spec of GLOBAL_SPECS) {
    for (const route of spec.routes) {
      it(`${route}${spec.label ? ` — ${spec.label}` : ''}`, async () => {
        const actual = {} as Record<Persona, string>
        const found: string[] = []
        for (const persona of PERSONAS) {
          const codes: Record<string, Outcome> = { ok: OK, ...spec.codes }
          // A logout revokes the token: the restore after the cell brings it back.
          const answer = await runCell(
            route,
            persona,
            () => spec.request(persona),
            (a) => {
              if (a.status === 200) for (const l of leaks(persona, route, a.body)) found.push(`${persona}: ${l}`)
            },
          )
          actual[persona] = codeOf(codes, answer)
        }
        expect(actual).toStrictEqual(spec.expect)
        expect(found, `${route}: fields the caller may not see`).toStrictEqual([])
      })
    }
  }
})

describe('every route is in the matrix, and refuses callers without valid credentials', () => {
  const covered = new Set([...ROOM_SPECS, ...GLOBAL_SPECS].flatMap((s) => s.routes))

  it('covers every registered route', () => {
    expect(mock.routes().filter((r) => !covered.has(r))).toStrictEqual([])
  })

  it.each(['anonymous', 'wrong-token'] as const)(
    '%s: 401 everywhere except /api/info, login and the public start-up routes (files: 403, avatars: open)',
    async (caller) => {
      const answers: Record<string, string> = {}
      const expected: Record<string, string> = {}
      for (const route of mock.routes()) {
        const spec = ROOM_SPECS.find((s) => s.routes.includes(route))
        const request = spec ? spec.request(cell('demo', 'general')) : (GLOBAL_SPECS.find((s) => s.routes.includes(route))?.request('demo') ?? {})
        const answer = await call(route, caller, route.endsWith('/login') ? {} : request)
        if (dirty) mock.restore(baseline)
        dirty = false
        answers[route] = answer.status === 200 ? '200' : `${answer.status} ${JSON.stringify(answer.body)}`
        expected[route] =
          route === 'GET /api/info' ||
          route.includes('/method.callAnon/') ||
          route === 'GET /api/v1/settings.public' ||
          route === 'GET /api/v1/settings.oauth' ||
          route.startsWith('GET /avatar/')
            ? '200'
            : route.startsWith('GET /file-upload/') || route.startsWith('GET /ufs/')
              ? '403 undefined'
              : route === 'GET /api/v1/users.getAvatar'
                ? `400 ${JSON.stringify(roomErrors.userParamNoMatch().body)}`
                : route.endsWith('/login')
                  ? `401 ${JSON.stringify(errors.loginFailed().body)}`
                  : `401 ${JSON.stringify(LOGGED_OUT)}`
      }
      expect(answers).toStrictEqual(expected)
    },
  )
})

describe('leak check: users.info about every persona', () => {
  const TARGETS = [...PERSONAS, 'faker'] as const

  it('shows emails, roles and rooms only to the user themself and to admin', async () => {
    const faker = mock.db.users.all().find((u) => !(PERSONAS as readonly string[]).includes(u.username))!
    const rows: string[] = []
    const found: string[] = []
    for (const persona of PERSONAS) {
      for (const target of TARGETS) {
        const userId = target === 'faker' ? faker._id : userOf(target)._id
        const answer = await call('GET /api/v1/users.info', persona, { query: { userId, includeUserRooms: 'true' } })
        expect(answer.status).toBe(200)
        const user = answer.body.user
        const full = persona === 'admin' || persona === target
        rows.push(`${persona}→${target}: emails ${'emails' in user} rooms ${'rooms' in user} canViewAllInfo ${user.canViewAllInfo}`)
        expect(rows.at(-1)).toBe(`${persona}→${target}: emails ${full} rooms ${full} canViewAllInfo ${full}`)
        found.push(...leaks(persona, 'GET /api/v1/users.info', answer.body).map((l) => `${persona}→${target}: ${l}`))
      }
    }
    expect(found).toStrictEqual([])
  })

  it('the login answer and /me carry no hashes or tokens', async () => {
    for (const persona of PERSONAS) {
      const login = await call('POST /api/v1/login', 'anonymous', { body: { user: persona, password: persona } })
      expect(login.status).toBe(200)
      expect(leaks(persona, 'POST /api/v1/login', login.body)).toStrictEqual([])
      const me = await call('GET /api/v1/me', persona, {})
      expect(me.body.services).toStrictEqual({ password: { exists: true } })
      expect(leaks(persona, 'GET /api/v1/me', me.body)).toStrictEqual([])
    }
    mock.restore(baseline)
  })
})

describe('discussions: access follows the discussion room (a subscription, a public type, or the parent)', () => {
  it('the GENERAL discussion is open to everyone, the leadership one only to admin and alice', async () => {
    const discussions = mock.db.rooms.all().filter((r) => r.prid)
    const general = discussions.find((r) => r.prid === 'GENERAL')!
    const leadership = discussions.find((r) => r.prid === fixtures.leadership.room._id)!
    expect([general.t, leadership.t]).toStrictEqual(['c', 'p'])
    const requests: Record<string, (room: Room) => CellRequest> = {
      'GET /api/v1/rooms.info': (room) => ({ query: { roomId: room._id } }),
      'GET /api/v1/chat.getThreadsList': (room) => ({ query: { rid: room._id } }),
      'GET /api/v1/chat.syncMessages': (room) => ({ query: { roomId: room._id, lastUpdate: SINCE } }),
      'GET /api/v1/chat.getMessage': (room) => ({ query: { msgId: mock.db.messages.sorted('room', room._id).at(-1)!._id } }),
      'POST /api/v1/chat.sendMessage': (room) => ({ body: { message: { rid: room._id, msg: 'into the discussion' } } }),
      'GET /api/v1/chat.getURLPreview': (room) => ({ query: { roomId: room._id, url: 'https://example.com' } }),
    }
    const actual: Record<string, Table> = {}
    const expected: Record<string, Table> = {}
    for (const [route, request] of Object.entries(requests)) {
      actual[route] = {} as Table
      expected[route] = { admin: 'ok ok', demo: 'ok x', alice: 'ok ok', bob: 'ok x' }
      for (const persona of PERSONAS) {
        const cells: string[] = []
        for (const room of [general, leadership]) {
          const answer = await runCell(
            route,
            persona,
            () => request(room),
            (a) => {
              if (a.status === 200) expect(leaks(persona, route, a.body)).toStrictEqual([])
            },
          )
          cells.push(answer.status === 200 ? 'ok' : 'x')
        }
        actual[route][persona] = cells.join(' ')
      }
    }
    expect(actual).toStrictEqual(expected)
  })
})

describe('the leak check itself', () => {
  it('finds planted secrets, other users’ emails and rooms the caller cannot access', () => {
    const alice = userOf('alice')
    const planted = {
      users: [{ _id: alice._id, emails: alice.emails, services: { resume: { loginTokens: [{ hashedToken: 'x' }] }, password: { sha256: 'y' } } }],
      messages: [{ _id: 'm1', rid: fixtures.dmAliceBob.room._id }],
      rooms: [{ _id: fixtures.leadership.room._id, t: 'p', usersCount: 2 }],
    }
    expect(leaks('demo', 'GET /api/v1/me', planted)).toStrictEqual([
      '$.users[0].emails: emails of ' + alice._id,
      '$.users[0].services: services of another user',
      '$.users[0].services.password: more than whether a password exists',
      '$.users[0].services.resume: secret key',
      '$.users[0].services.resume.loginTokens: secret key',
      '$.users[0].services.resume.loginTokens[0].hashedToken: secret key',
      '$.users[0].services.password.sha256: secret key',
      `$.messages[0].rid: room ${fixtures.dmAliceBob.room._id} is not accessible`,
      `$.rooms[0]._id: room ${fixtures.leadership.room._id} is not accessible`,
    ])
    expect(leaks('alice', 'GET /api/v1/me', { me: { _id: alice._id, emails: alice.emails, services: { password: { exists: true } } } })).toStrictEqual([])
  })
})
