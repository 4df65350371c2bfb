/**
 * Fast reset and creation (decisions/0010): a mock seeded before with the same seed and options
 * copies that state instead of running the scenario again. Whatever path a mock took, its data,
 * ids, tokens and faker stream must be those of seeding for real, and no mock may see another's writes.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from '../src/mock.js'
import { NOW, setup } from './helpers.js'

function dump(mock: RocketChatMock): string {
  const out: Record<string, unknown> = {}
  for (const [name, collection] of Object.entries(mock.db)) out[name] = collection.all()
  return JSON.stringify(out)
}
const hash = (mock: RocketChatMock) => createHash('sha256').update(dump(mock)).digest('hex')

/** What a mock draws next: an id, a faker sentence, a login token. */
function nextDraws(mock: RocketChatMock): string[] {
  // Login tokens are random (unguessable), not drawn from the seed: only ids and content are replayed.
  return [mock.core.random.id(), mock.core.random.faker.lorem.sentence(), mock.login('alice').userId]
}

// Seeds no other file uses, so the first mock of each really seeds.
let nextSeed = 91_000
const fresh = (options: RocketChatMockOptions = {}) => ({ seed: nextSeed++, now: NOW, ...options })

describe('seed templates', () => {
  it('a second mock with the same seed and options equals the first, down to the next draws', () => {
    const options = fresh()
    const first = createRocketChatMock(options)
    const expected = { data: dump(first), draws: nextDraws(first) }
    const second = createRocketChatMock(options)
    expect(dump(second)).toBe(expected.data)
    expect(nextDraws(second)).toEqual(expected.draws)
    expect(second.db.messages.count()).toBeGreaterThan(200)
    // Rooms point at their last message record itself, as after seeding.
    const general = second.db.rooms.get('GENERAL')!
    expect(general.lastMessage).toBe(second.db.messages.get(general.lastMessage!._id))
  })

  it('reset after writes is the freshly seeded state, and replays the same draws', async () => {
    const options = fresh()
    const mock = createRocketChatMock(options)
    const seeded = hash(mock)
    const draws = nextDraws(mock)
    mock.reset()
    expect(hash(mock)).toBe(seeded)
    expect(nextDraws(mock)).toEqual(draws)

    const { userId, authToken } = mock.login('demo')
    const headers = { 'X-User-Id': userId, 'X-Auth-Token': authToken, 'content-type': 'application/json' }
    const post = await mock.fetch(
      new Request('http://localhost/api/v1/chat.postMessage', { method: 'POST', headers, body: JSON.stringify({ roomId: 'GENERAL', text: 'after seeding' }) }),
    )
    expect(post?.status).toBe(200)
    const general = mock.db.rooms.get('GENERAL')!
    expect(general.lastMessage?.msg).toBe('after seeding')
    mock.reset()
    expect(hash(mock)).toBe(seeded)
    expect(mock.db.messages.all().some((m) => m.msg === 'after seeding')).toBe(false)
    expect(nextDraws(mock)).toEqual(draws)
  })

  it('writes to one mock never reach the template or another mock', () => {
    const options = fresh()
    const a = createRocketChatMock(options)
    const seeded = hash(a)
    const b = createRocketChatMock(options)
    const message = b.db.messages.all().find((m) => m.reactions)!
    // Nested data, changed in place: the template must hold its own copy.
    b.db.messages.patch(message, (m) => {
      for (const reaction of Object.values(m.reactions!)) reaction.usernames.push('intruder')
      m.ts.setTime(0)
    })
    b.db.users.all()[0]!.roles.push('intruder')
    expect(hash(a)).toBe(seeded)
    expect(hash(createRocketChatMock(options))).toBe(seeded)
    b.reset()
    expect(hash(b)).toBe(seeded)
  })

  it('options that change seeding give their own state; now and baseUrl do not', () => {
    const seed = nextSeed++
    const plain = createRocketChatMock({ seed, now: NOW })
    const otherSettings = createRocketChatMock({ seed, now: NOW, settings: { Message_AllowEditing: false } })
    expect(otherSettings.db.settings.get('Message_AllowEditing')?.value).toBe(false)
    expect(plain.db.settings.get('Message_AllowEditing')?.value).toBe(true)
    const otherDate = createRocketChatMock({ seed, now: NOW, seedDate: '2024-01-01T00:00:00.000Z' })
    expect(hash(otherDate)).not.toBe(hash(plain))
    expect(hash(createRocketChatMock({ seed, now: '2030-01-01T00:00:00.000Z', baseUrl: 'http://chat.example' }))).toBe(hash(plain))
  })

  it('reseed to another scenario and back, and a large store (not kept) stay deterministic', () => {
    const seed = nextSeed++
    const mock = createRocketChatMock({ seed, now: NOW })
    const seeded = hash(mock)
    mock.reseed({ scenario: 'empty' })
    expect(hash(mock)).toBe(hash(createRocketChatMock({ seed, now: NOW, scenario: 'empty' })))
    mock.reseed({ scenario: 'default' })
    expect(hash(mock)).toBe(seeded)
    const large = () => createRocketChatMock({ seed, now: NOW, scenario: 'large', messages: 25_000 })
    expect(hash(large())).toBe(hash(large()))
  })
})

describe('the harness over templates', () => {
  const t = setup({ now: NOW })
  it('each test starts from the seeded state (1 of 2: write)', async () => {
    const res = await t.api('chat.postMessage', { as: 'demo', body: { roomId: 'GENERAL', text: 'template leak probe' } })
    expect(res.status).toBe(200)
  })
  it('each test starts from the seeded state (2 of 2: nothing leaked)', () => {
    expect(t.mock.db.messages.all().some((m) => m.msg === 'template leak probe')).toBe(false)
  })
})
