/**
 * The clock refuses what it cannot represent, with a clear sentence, and changes nothing; stamps
 * never go back whatever the clock does (decisions/0007).
 */
import { describe, expect, it } from 'vitest'
import { NOW, setup } from '../helpers.js'

const t = setup({ now: NOW })

describe('clock input', () => {
  it.each([
    ['advance(NaN)', () => t.mock.clock.advance(Number.NaN), TypeError, 'clock.advance expects a finite number of milliseconds, got NaN'],
    ['advance(Infinity)', () => t.mock.clock.advance(Infinity), TypeError, 'clock.advance expects a finite number of milliseconds, got Infinity'],
    [
      'advance("1000")',
      () => t.mock.clock.advance('1000' as unknown as number),
      TypeError,
      'clock.advance expects a finite number of milliseconds, got "1000"',
    ],
    ['advance(1e20)', () => t.mock.clock.advance(1e20), RangeError, 'clock.advance(100000000000000000000) would move the clock to'],
    ['set(8.64e15 + 1)', () => t.mock.clock.set(8.64e15 + 1), RangeError, 'clock.set(8640000000000001) is outside the range of a Date'],
    ['set("not a date")', () => t.mock.clock.set('not a date'), TypeError, 'clock.set expects a valid date, got "not a date"'],
    ['set(null)', () => t.mock.clock.set(null as unknown as string), TypeError, 'clock.set expects a Date, an ISO date string or epoch milliseconds, got null'],
    ['set(new Date(NaN))', () => t.mock.clock.set(new Date(Number.NaN)), TypeError, 'clock.set expects a valid date, got an invalid Date'],
  ])('%s is refused and the clock is unchanged; requests keep working', async (_name, move, type, message) => {
    expect(move).toThrow(type)
    expect(move).toThrow(message)
    expect(t.mock.clock.now()).toBe(Date.parse(NOW))
    const res = await t.api('chat.postMessage', { as: 'demo', body: { roomId: 'GENERAL', text: 'still fine' } })
    expect(res.status).toBe(200)
    expect(res.body.message.ts).toBe(NOW)
  })

  it('a running clock refuses an advance out of range too', () => {
    t.mock.clock.useWallClock()
    expect(() => t.mock.clock.advance(-1e20)).toThrow(RangeError)
    expect(Math.abs(t.mock.clock.now() - Date.now())).toBeLessThan(1_000)
  })
})

describe('stamps never go back', () => {
  it('+1 day, a post, back to the wall clock: the next writes are stamped after the post', async () => {
    t.mock.clock.set(NOW)
    t.mock.clock.advance(86_400_000)
    const ahead = (await t.api('chat.postMessage', { as: 'demo', body: { roomId: 'GENERAL', text: 'from tomorrow' } })).body.message
    t.mock.clock.set(NOW)
    const next = (await t.api('chat.postMessage', { as: 'alice', body: { roomId: 'GENERAL', text: 'today again @bob' } })).body.message
    expect(Date.parse(next._updatedAt)).toBe(Date.parse(ahead._updatedAt) + 1)
    // A client whose cursor is the newest stamp it saw gets the next message.
    const sync = await t.api('chat.syncMessages', { as: 'bob', query: { roomId: 'GENERAL', lastUpdate: ahead._updatedAt } })
    expect(sync.body.result.updated.map((m: { _id: string }) => m._id)).toStrictEqual([next._id])
    const subs = await t.api('subscriptions.get', { as: 'bob', query: { updatedSince: ahead._updatedAt } })
    expect(subs.body.update.map((s: { rid: string }) => s.rid)).toStrictEqual(['GENERAL'])
    const rooms = await t.api('rooms.get', { as: 'bob', query: { updatedSince: ahead._updatedAt } })
    expect(rooms.body.update.map((r: { _id: string }) => r._id)).toStrictEqual(['GENERAL'])
  })

  it('a frozen clock: a client that synced at that instant sees the next change', async () => {
    t.mock.clock.set(NOW)
    const first = (await t.api('chat.postMessage', { as: 'demo', body: { roomId: 'GENERAL', text: 'one' } })).body.message
    expect(first._updatedAt).toBe(NOW)
    const edit = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: first._id, text: 'one, edited' } })
    expect(edit.body.message._updatedAt).toBe('2026-03-01T10:00:00.001Z')
    const sync = await t.api('chat.syncMessages', { as: 'bob', query: { roomId: 'GENERAL', lastUpdate: NOW } })
    expect(sync.body.result.updated).toMatchObject([{ _id: first._id, msg: 'one, edited' }])
  })

  it('a restored snapshot: new writes are stamped after everything in it', async () => {
    t.mock.clock.set('2026-06-01T00:00:00.000Z')
    const late = (await t.api('chat.postMessage', { as: 'demo', body: { roomId: 'GENERAL', text: 'june' } })).body.message
    const saved = JSON.parse(JSON.stringify(t.mock.snapshot()))
    const other = t.use({ now: NOW })
    other.restore(saved)
    const after = (await t.api('chat.postMessage', { as: 'alice', body: { roomId: 'GENERAL', text: 'march again' } })).body.message
    expect(Date.parse(after._updatedAt)).toBeGreaterThan(Date.parse(late._updatedAt))
  })
})
