import type { Core } from '../src/core.js'
import type { Message, Room, User } from '../src/db/index.js'
import { insertMessage } from '../src/domain/messages.js'
import { createUser } from '../src/domain/users.js'
import { conversationLine, type LineKind } from './content.js'

const KINDS: LineKind[] = ['statement', 'statement', 'question']

/** Faker users with unique usernames (password = username, like the personas). */
export function fakeUsers(core: Core, count: number): User[] {
  const { faker } = core.random
  const users: User[] = []
  while (users.length < count) {
    const first = faker.person.firstName()
    const last = faker.person.lastName()
    const username = faker.internet
      .username({ firstName: first, lastName: last })
      .toLowerCase()
      .replace(/[^0-9a-z-_.]/g, '')
    if (!username || core.findUser(username)) continue
    users.push(
      createUser(core, {
        username,
        name: `${first} ${last}`,
        password: username,
        email: `${username}@example.com`,
        status: faker.helpers.arrayElement(['online', 'away', 'busy', 'offline'] as const),
        utcOffset: faker.helpers.arrayElement([-5, 0, 1, 2, 5.5, 9]),
      }),
    )
  }
  return users
}

/**
 * A pool of message texts (conversational English, see content.ts): messages reuse them so
 * parsing happens once per distinct text. Mentions name only `mentionable` users.
 *
 * The scenario stream (`faker`) still makes the draws the earlier lorem-ipsum pool made (and
 * decides who is mentioned), so every seeded fact tests rely on (authors, times, threads,
 * mention counters, ids) stays where it was; only the words come from the content stream.
 */
export interface TextPool {
  /** Lines that start or carry a conversation. */
  lines: string[]
  /** For each line, an answer with the same mention: what a thread reply drawn at that index says. */
  answers: string[]
}

export function textPool(core: Core, size: number, mentionable: User[] = []): TextPool {
  const { faker, content } = core.random
  const pool: TextPool = { lines: [], answers: [] }
  for (let i = 0; i < size; i++) {
    const kind = faker.number.int(9)
    faker.lorem.sentence({ min: 3, max: 16 })
    let mention: string | undefined
    if (kind === 0 && mentionable.length > 0) mention = faker.helpers.arrayElement(mentionable).username
    else if (kind === 1) faker.internet.url()
    else if (kind === 2 || kind === 3) faker.hacker.phrase()
    pool.lines.push(conversationLine(content, KINDS[i % KINDS.length]!, mention))
    pool.answers.push(conversationLine(content, 'answer', mention))
  }
  return pool
}

export interface HistoryOptions {
  room: Room
  authors: User[]
  count: number
  texts: TextPool
  /** Share of messages that are thread replies to a recent root (0–1). */
  replyRate?: number
  /** Average gap between messages in ms. */
  gapMs?: number
}

/**
 * Post `count` messages into a room through the domain pipeline, advancing the mock's clock
 * between them, with some replies to recent thread roots.
 */
export function postHistory(core: Core, options: HistoryOptions): Message[] {
  const { faker } = core.random
  const { room, authors, count, texts } = options
  const replyRate = options.replyRate ?? 0
  const gap = options.gapMs ?? 7 * 60_000
  const posted: Message[] = []
  let previous: string | undefined
  for (let i = 0; i < count; i++) {
    core.clock.advance(1 + faker.number.int(gap * 2))
    const author = authors[faker.number.int(authors.length - 1)]!
    const pick = faker.number.int(texts.lines.length - 1)
    const roots = posted.length
    const reply = roots > 3 && faker.number.float() < replyRate
    const msg = pickLine(reply ? texts.answers : texts.lines, pick, author, previous)
    const tmid = reply ? posted[roots - 1 - faker.number.int(Math.min(roots - 1, 20))]!._id : undefined
    const message = insertMessage(core, room, author, tmid === undefined ? { msg } : { msg, tmid })
    previous = msg
    if (message.tmid === undefined) posted.push(message)
  }
  return posted
}

/**
 * `texts[index]`, made fit for `author` right after `previous`: a mention of the author is
 * dropped (nobody mentions themselves) and a repeat of the previous line is reworded.
 */
function pickLine(texts: string[], index: number, author: User, previous: string | undefined): string {
  let text = texts[index]!
  const self = `@${author.username} `
  if (text.startsWith(self)) text = capitalise(text.slice(self.length))
  if (text === previous) text = `${AGAIN[index % AGAIN.length]}${text.charAt(0).toLowerCase()}${text.slice(1)}`
  return text
}

const AGAIN = ['Also, ', 'Oh and ', 'Again: ', 'To repeat, ']

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
