import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRocketChatMock, SNAPSHOT_VERSION } from '../src/index.js'

/** Canonical JSON of the database (keys sorted: restored records may list keys in schema order). */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object' && !(value instanceof Date)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value
const dump = (mock: ReturnType<typeof createRocketChatMock>) =>
  JSON.stringify(canonical(Object.fromEntries(Object.entries(mock.db).map(([name, c]) => [name, c.all()]))))

describe('snapshot / restore', () => {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  afterAll(() => server.close())

  it('round-trips the whole database through JSON, including writes made over HTTP', async () => {
    const source = createRocketChatMock({ seed: 42 })
    server.resetHandlers(...source.handlers)
    const { userId, authToken } = source.login('demo')
    const res = await fetch('http://localhost:3000/api/v1/chat.postMessage', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-User-Id': userId, 'X-Auth-Token': authToken },
      body: JSON.stringify({ roomId: 'GENERAL', text: 'persist me' }),
    })
    const posted = ((await res.json()) as { message: { _id: string } }).message._id

    const stored = JSON.parse(JSON.stringify(source.snapshot()))
    expect(stored.version).toBe(SNAPSHOT_VERSION)
    const target = createRocketChatMock({ seed: 7, scenario: 'empty' })
    target.restore(stored)
    expect(dump(target)).toBe(dump(source))
    expect(target.seed).toBe(42)
    expect(target.scenario).toBe('default')
    // The restored mock serves it: same token still valid, message readable, lastMessage re-linked.
    server.resetHandlers(...target.handlers)
    const read = await fetch(`http://localhost:3000/api/v1/chat.getMessage?msgId=${posted}`, { headers: { 'X-User-Id': userId, 'X-Auth-Token': authToken } })
    expect(((await read.json()) as { message: { msg: string } }).message.msg).toBe('persist me')
    expect(target.db.rooms.get('GENERAL')!.lastMessage).toBe(target.db.messages.get(posted))
  })

  it('refuses a corrupted or outdated snapshot and changes nothing', () => {
    const mock = createRocketChatMock({ seed: 42, scenario: 'empty' })
    const before = dump(mock)
    const good = JSON.parse(JSON.stringify(mock.snapshot()))
    expect(() => mock.restore({ ...good, version: SNAPSHOT_VERSION + 1 })).toThrow(/version/)
    expect(() => mock.restore('garbage')).toThrow()
    const broken = structuredClone(good)
    broken.collections.users[0].username = 42
    expect(() => mock.restore(broken)).toThrow(/schema/)
    const missing = structuredClone(good)
    delete missing.collections.messages
    expect(() => mock.restore(missing)).toThrow(/messages/)
    expect(dump(mock)).toBe(before)
  })

  it('a page that restores a saved state and posts again gets new ids (no duplicate _id)', async () => {
    const first = createRocketChatMock({ seed: 42 })
    server.resetHandlers(...first.handlers)
    const demo = first.login('demo')
    const post = async (text: string) => {
      const res = await fetch('http://localhost:3000/api/v1/chat.postMessage', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-User-Id': demo.userId, 'X-Auth-Token': demo.authToken },
        body: JSON.stringify({ roomId: 'GENERAL', text }),
      })
      expect(res.status).toBe(200)
      return ((await res.json()) as { message: { _id: string } }).message._id
    }
    const before = await post('before the reload')
    const saved = JSON.parse(JSON.stringify(first.snapshot()))
    // "Reload": a new mock from the same seed (its id stream is where the first one started) restores the state.
    const reloaded = createRocketChatMock({ seed: 42 })
    reloaded.restore(saved)
    server.resetHandlers(...reloaded.handlers)
    const after = await post('after the reload')
    expect(after).not.toBe(before)
    expect(reloaded.db.messages.get(before)?.msg).toBe('before the reload')
    expect(reloaded.db.messages.get(after)?.msg).toBe('after the reload')
  })
})
