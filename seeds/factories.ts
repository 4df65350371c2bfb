import type { Core } from '../src/core.js'
import type { Message, Room, User } from '../src/db/index.js'
import { insertMessage } from '../src/domain/messages.js'
import { createUser } from '../src/domain/users.js'

/** Faker users with unique usernames (password = username, like the personas). */
export function fakeUsers(core: Core, count: number): User[] {
  const { faker } = core.random
  const users: User[] = []
  while (users.length < count) {
    const first = faker.person.firstName()
    const last = faker.person.lastName()
    const username = faker.internet.username({ firstName: first, lastName: last }).toLowerCase().replace(/[^0-9a-z-_.]/g, '')
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

/** A pool of message texts: messages reuse them so parsing happens once per distinct text. */
export function textPool(core: Core, size: number, mentionable: User[] = []): string[] {
  const { faker } = core.random
  const pool: string[] = []
  for (let i = 0; i < size; i++) {
    const kind = faker.number.int(9)
    const sentence = faker.lorem.sentence({ min: 3, max: 16 })
    if (kind === 0 && mentionable.length > 0) pool.push(`@${faker.helpers.arrayElement(mentionable).username} ${sentence}`)
    else if (kind === 1) pool.push(`${sentence} ${faker.internet.url()}`)
    else if (kind === 2) pool.push(`**${faker.hacker.phrase()}** ${sentence}`)
    else if (kind === 3) pool.push(faker.hacker.phrase())
    else pool.push(sentence)
  }
  return pool
}

export interface HistoryOptions {
  room: Room
  authors: User[]
  count: number
  texts: string[]
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
  for (let i = 0; i < count; i++) {
    core.clock.advance(1 + faker.number.int(gap * 2))
    const author = authors[faker.number.int(authors.length - 1)]!
    const msg = texts[faker.number.int(texts.length - 1)]!
    const roots = posted.length
    const reply = roots > 3 && faker.number.float() < replyRate
    const tmid = reply ? posted[roots - 1 - faker.number.int(Math.min(roots - 1, 20))]!._id : undefined
    const message = insertMessage(core, room, author, tmid === undefined ? { msg } : { msg, tmid })
    if (message.tmid === undefined) posted.push(message)
  }
  return posted
}
