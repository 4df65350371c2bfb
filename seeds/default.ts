import { seedCustomEmoji } from './custom-emoji.js'
import type { Core } from '../src/core.js'
import type { Message, Room, User } from '../src/db/index.js'
import { pinMessage, setReaction, setStar } from '../src/domain/actions.js'
import { insertMessage } from '../src/domain/messages.js'
import { createDirect, createRoom } from '../src/domain/rooms.js'
import type { Scenario } from '../src/scenario.js'
import { seedDiscussions } from './discussions.js'
import { fakeUsers, postHistory, textPool } from './factories.js'
import { seedDirectFiles } from './files.js'
import { createGeneral, createPersonas, type Personas } from './personas.js'
import { seedReadReceipts } from './read-receipts.js'

const MINUTE = 60_000

/** Fixed texts tests can look for. */
export const DEFAULT_TEXTS = {
  welcome: 'Welcome to the workspace! Read this pinned message before anything else :tada:',
  release: 'Release 3.2 is out: https://example.com/releases/3.2 — thanks everyone!',
  retro: 'Who is up for the release retro on Friday?',
  dmHello: 'Hey Alice, do you have a minute to review my PR?',
} as const

/**
 * The default scenario (PRODUCT.md): the four personas, GENERAL with threaded, reacted, pinned
 * and starred history, the demo–alice DM, demo's own channel, a private group demo is not in,
 * and faker users, channels and DMs on top.
 */
export const seedDefault: Scenario = (core) => {
  const personas = createPersonas(core)
  seedCustomEmoji(core)
  const { admin, demo, alice, bob } = personas
  const people = fakeUsers(core, 12)
  const general = createGeneral(core, personas, people.slice(0, 8))
  const demoChannel = createRoom(core, {
    t: 'c',
    name: 'demo-channel',
    owner: demo,
    members: [alice, bob],
    topic: "Demo's own channel: demo may pin here",
  })
  const leadership = createRoom(core, { t: 'p', name: 'leadership', owner: admin, members: [alice], topic: 'Private: admin and alice only' })
  const channels = fakeChannels(core, admin, personas, people)

  seedGeneral(core, general, personas, people)
  step(core, 5)
  const demoAlice = createDirect(core, demo, [demo, alice]).room
  say(core, demoAlice, demo, DEFAULT_TEXTS.dmHello)
  say(core, demoAlice, alice, 'Sure, send me the link.')
  const dmThread = say(core, demoAlice, demo, 'It is https://example.com/pr/42 — the sync part is the tricky bit.')
  say(core, demoAlice, alice, 'Looking now. One question about the cursor handling.', dmThread._id)
  say(core, demoAlice, demo, 'Ask away!', dmThread._id)
  postHistory(core, { room: demoAlice, authors: [demo, alice], count: 30, texts: textPool(core, 30), replyRate: 0.1, gapMs: 20 * MINUTE })

  const aliceBob = createDirect(core, alice, [alice, bob]).room
  postHistory(core, { room: aliceBob, authors: [alice, bob], count: 12, texts: textPool(core, 12), gapMs: 30 * MINUTE })
  const adminDemo = createDirect(core, admin, [admin, demo]).room
  say(core, adminDemo, admin, 'Welcome aboard, demo. Ping me if anything is broken.')
  say(core, adminDemo, demo, 'Thanks! Will do.')
  for (const person of people.slice(0, 4)) {
    const dm = createDirect(core, person, [person, people[(people.indexOf(person) + 5) % people.length]!]).room
    postHistory(core, { room: dm, authors: dm.uids!.map((id) => core.db.users.get(id)!), count: 6, texts: textPool(core, 6), gapMs: 45 * MINUTE })
  }

  say(core, demoChannel, demo, 'This is my channel. I am its owner, so I can pin here.')
  say(core, demoChannel, bob, 'Nice. Testing the composer :wave:')
  say(core, leadership, admin, 'Quarterly planning notes go here.')
  say(core, leadership, alice, 'Noted. I will draft the roadmap.')
  for (const room of channels) {
    const members = core.db.subscriptions.sorted('room', room._id).map((s) => core.db.users.get(s.u._id)!)
    postHistory(core, { room, authors: members, count: 25, texts: textPool(core, 25, members), replyRate: 0.1, gapMs: 40 * MINUTE })
  }
  seedDirectFiles(core)
  seedDiscussions(core)
  seedReadReceipts(core)
}

function seedGeneral(core: Core, general: Room, personas: Personas, people: User[]): void {
  const { admin, demo, alice, bob } = personas
  const welcome = say(core, general, admin, DEFAULT_TEXTS.welcome)
  pinMessage(core, general, welcome, admin)
  setReaction(core, welcome, demo, ':tada:')
  setReaction(core, welcome, alice, ':tada:')
  setReaction(core, welcome, bob, ':+1:')
  say(core, general, alice, 'Hi all! Glad to be here.')
  say(core, general, bob, 'Morning @alice and welcome :wave:')

  const members = [admin, demo, alice, bob, ...people.slice(0, 8)]
  postHistory(core, { room: general, authors: members, count: 40, texts: textPool(core, 40, members), replyRate: 0.15, gapMs: 25 * MINUTE })

  const retro = say(core, general, alice, DEFAULT_TEXTS.retro)
  say(core, general, bob, 'Count me in.', retro._id)
  say(core, general, demo, 'Me too, I will bring the notes.', retro._id)
  say(core, general, admin, 'Booked the big room for 3pm.', retro._id)
  say(core, general, alice, 'Perfect, thanks @admin!', retro._id)
  setReaction(core, retro, bob, ':+1:')

  const release = say(core, general, admin, DEFAULT_TEXTS.release)
  setStar(core, release, demo, true)
  setReaction(core, release, alice, ':rocket:')
  say(core, general, demo, 'Great work team! Is the changelog linked somewhere?', release._id)
  say(core, general, admin, 'Yes, in the release notes.', release._id)

  postHistory(core, { room: general, authors: members, count: 20, texts: textPool(core, 20, members), replyRate: 0.1, gapMs: 25 * MINUTE })
  say(core, general, bob, 'Heads up: the staging deploy is green again.')
}

function fakeChannels(core: Core, owner: User, personas: Personas, people: User[]): Room[] {
  const { faker } = core.random
  const names = new Set<string>()
  while (names.size < 3)
    names.add(
      faker.word
        .noun()
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, ''),
    )
  return [...names].map((name, i) =>
    createRoom(core, {
      t: 'c',
      name,
      owner: i === 0 ? owner : people[i]!,
      members: [personas.alice, personas.bob, ...faker.helpers.arrayElements(people, 4)],
      topic: faker.company.catchPhrase(),
    }),
  )
}

function say(core: Core, room: Room, user: User, msg: string, tmid?: string): Message {
  step(core, 3)
  return insertMessage(core, room, user, tmid === undefined ? { msg } : { msg, tmid })
}

function step(core: Core, minutes: number): void {
  core.clock.advance(minutes * MINUTE + core.random.faker.number.int(MINUTE))
}
