import { beforeEach, describe, expect, it } from 'vitest'
import { realtimeSetup, TRANSPORTS } from './harness.js'

const NOT_FOUND = (name: string) => ({
  isClientSafe: true,
  error: 404,
  reason: `Method '${name}' not found`,
  message: `Method '${name}' not found [404]`,
  errorType: 'Meteor.Error',
})

describe.each(TRANSPORTS)('DDP protocol over %s', (transport) => {
  const t = realtimeSetup(transport)
  beforeEach(async () => {
    await t.use()
  })

  it('connect answers connected with a fresh session id; nothing is sent before connect', async () => {
    const s = await t.socket()
    expect(await s.collect(() => true, 50)).toEqual([])
    const session = await s.handshake()
    expect(session).toMatch(/^.{17}$/)
    const other = await t.socket()
    expect(await other.handshake()).not.toBe(session)
  })

  it('an unsupported version fails and closes', async () => {
    const s = await t.socket()
    s.send({ msg: 'connect', version: '2', support: ['2'] })
    expect(await s.next((f) => f.msg === 'failed')).toEqual({ msg: 'failed', version: '1' })
    await s.closed()
  })

  it('a version other than the best common one fails with the best', async () => {
    const s = await t.socket()
    s.send({ msg: 'connect', version: 'pre1', support: ['1', 'pre1'] })
    expect(await s.next((f) => f.msg === 'failed')).toEqual({ msg: 'failed', version: '1' })
  })

  it('ping is answered with pong (echoing the id only when given)', async () => {
    const s = await t.socket()
    await s.handshake()
    s.send({ msg: 'ping', id: 'p1' })
    expect(await s.next((f) => f.msg === 'pong')).toEqual({ msg: 'pong', id: 'p1' })
    s.send({ msg: 'ping' })
    expect(await s.next((f) => f.msg === 'pong')).toEqual({ msg: 'pong' })
  })

  it('protocol errors are error frames and the socket stays usable', async () => {
    const s = await t.socket()
    s.send({ msg: 'method', id: '1', method: 'x' })
    expect(await s.next((f) => f.msg === 'error')).toEqual({
      msg: 'error',
      reason: 'Must connect first',
      offendingMessage: { msg: 'method', id: '1', method: 'x' },
    })
    await s.handshake()
    s.send('not json')
    expect(await s.next((f) => f.msg === 'error')).toEqual({ msg: 'error', reason: 'Bad request' })
    s.send([1, 2])
    expect(await s.next((f) => f.msg === 'error')).toEqual({ msg: 'error', reason: 'Bad request', offendingMessage: [1, 2] })
    s.send({ msg: 'wat' })
    expect(await s.next((f) => f.msg === 'error')).toEqual({ msg: 'error', reason: 'Bad request', offendingMessage: { msg: 'wat' } })
    s.send({ msg: 'connect', version: '1', support: ['1'] })
    expect((await s.next((f) => f.msg === 'error')).reason).toBe('Already connected')
    s.send({ msg: 'method', id: 7, method: 'x' })
    expect((await s.next((f) => f.msg === 'error')).reason).toBe('Malformed method invocation')
    s.send({ msg: 'method', id: '7', method: 'x', params: 'no' })
    expect((await s.next((f) => f.msg === 'error')).reason).toBe('Malformed method invocation')
    s.send({ msg: 'sub', id: 's', name: 5 })
    expect((await s.next((f) => f.msg === 'error')).reason).toBe('Malformed subscription')
    s.send({ msg: 'method', id: 'e', method: 'loadHistory', params: [{ $type: 'oid', $value: 'x' }] })
    expect(await s.next((f) => f.msg === 'error')).toEqual({ msg: 'error', reason: 'Parse error' })
    expect(await s.call('license:getModules')).toEqual({ msg: 'result', id: expect.any(String), result: [] })
  })

  it('an unknown method is a 404 result followed by updated; removed 8.0 methods too', async () => {
    const s = await t.socket()
    await s.handshake()
    const result = await s.call('nope', 1)
    expect(result).toEqual({ msg: 'result', id: result.id, error: NOT_FOUND('nope') })
    expect(await s.next((f) => f.msg === 'updated')).toEqual({ msg: 'updated', methods: [result.id] })
    expect((await s.call('getUserRoles')).error).toEqual(NOT_FOUND('getUserRoles'))
    expect((await s.call('toString')).error).toEqual(NOT_FOUND('toString'))
  })

  it('a method returning nothing has no result key; a method with bad params is a 500', async () => {
    const s = await t.socket()
    await s.handshake()
    const login = await s.login(t.mock.login('alice').authToken)
    expect(login.result.type).toBe('resume')
    const read = await s.call('readMessages', 'GENERAL')
    expect(read).toEqual({ msg: 'result', id: read.id })
    const bad = await s.call('loadHistory', 42)
    expect(bad.error).toEqual({
      isClientSafe: true,
      error: 500,
      reason: 'Internal server error',
      message: 'Internal server error [500]',
      errorType: 'Meteor.Error',
    })
  })

  it('sub: unknown name → nosub 404; unsub → nosub; a reused id is ignored', async () => {
    const s = await t.socket()
    await s.handshake()
    const unknown = await s.sub('no-such-thing')
    expect(unknown.frame).toEqual({
      msg: 'nosub',
      id: unknown.id,
      error: {
        isClientSafe: true,
        error: 404,
        reason: "Subscription 'no-such-thing' not found",
        message: "Subscription 'no-such-thing' not found [404]",
        errorType: 'Meteor.Error',
      },
    })
    const ready = await s.sub('meteor_autoupdate_clientVersions')
    expect(ready.frame).toEqual({ msg: 'ready', subs: [ready.id] })
    s.send({ msg: 'sub', id: ready.id, name: 'meteor_autoupdate_clientVersions' })
    s.send({ msg: 'unsub', id: ready.id })
    expect(await s.next((f) => f.msg === 'nosub')).toEqual({ msg: 'nosub', id: ready.id })
    s.send({ msg: 'unsub', id: 'never' })
    expect(await s.next((f) => f.msg === 'nosub')).toEqual({ msg: 'nosub', id: 'never' })
    expect(await s.collect((f) => f.msg === 'ready')).toEqual([])
  })

  it('a refused stream subscription answers nosub not-allowed without reason', async () => {
    const s = await t.socket()
    await s.handshake()
    const sub = await s.stream('room-messages', 'GENERAL')
    expect(sub.frame).toEqual({
      msg: 'nosub',
      id: sub.id,
      error: { isClientSafe: true, error: 'not-allowed', message: '[not-allowed]', errorType: 'Meteor.Error' },
    })
    const empty = await s.stream('notify-room', '')
    expect(empty.frame.error.error).toBe('invalid-event-name')
  })

  it('frames over the size limit close that connection only', async () => {
    await t.use()
    const s = await t.socket()
    await s.handshake()
    s.send({ msg: 'method', id: 'big', method: 'sendMessage', params: ['x'.repeat(1_100_000)] })
    const closed = await s.closed()
    expect(closed.code).toBe(1009)
    const other = await t.socket()
    await other.handshake()
    expect((await other.call('license:getModules')).result).toEqual([])
  })

  it('a flood of frames is answered in order, every one', async () => {
    const s = await t.socket()
    await s.handshake()
    for (let i = 0; i < 500; i++) s.send({ msg: 'ping', id: String(i) })
    const last = await s.next((f) => f.msg === 'pong' && f.id === '499', 5000)
    expect(last).toEqual({ msg: 'pong', id: '499' })
    const ids = s.raw.filter((r) => r.includes('pong')).map((r) => JSON.parse(r).id)
    expect(ids).toEqual(Array.from({ length: 500 }, (_, i) => String(i)))
  })

  it('dates travel as EJSON both ways', async () => {
    const s = await t.socket()
    await s.handshake()
    await s.login(t.mock.login('alice').authToken)
    const result = await s.call('loadHistory', 'GENERAL', { $date: Date.parse('2026-03-01T10:00:00.000Z') }, 1)
    expect(result.result.messages).toHaveLength(1)
    expect(result.result.messages[0].ts).toEqual({ $date: expect.any(Number) })
    expect(result.result.messages[0].ts.$date).toBeLessThan(Date.parse('2026-03-01T10:00:00.000Z'))
  })
})

describe.each(TRANSPORTS)('heartbeat over %s', (transport) => {
  const t = realtimeSetup(transport, { realtime: { heartbeatMs: 150 } })
  beforeEach(async () => {
    await t.use()
  })

  it('pings after the idle time; any frame keeps the session; silence closes it', async () => {
    const s = await t.socket()
    await s.handshake()
    expect(await s.next((f) => f.msg === 'ping', 1000)).toEqual({ msg: 'ping' })
    s.send({ msg: 'pong' })
    expect(await s.next((f) => f.msg === 'ping', 1000)).toEqual({ msg: 'ping' })
    // No answer this time: the server closes the session.
    await s.closed(1000)
  })

  it('useCollection: true adds the event name as a document', async () => {
    const s = await t.socket()
    await s.handshake()
    s.send({ msg: 'sub', id: 'u1', name: 'stream-notify-all', params: ['public-settings-changed', { useCollection: true, args: [] }] })
    expect(await s.next((f) => f.msg === 'added')).toEqual({
      msg: 'added',
      collection: 'stream-notify-all',
      id: 'id',
      fields: { eventName: 'public-settings-changed' },
    })
    expect(await s.next((f) => f.msg === 'ready')).toEqual({ msg: 'ready', subs: ['u1'] })
  })
})
