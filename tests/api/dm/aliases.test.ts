import { describe, expect, it } from 'vitest'
import { NOW, setup, type ApiOptions } from '../../helpers.js'

const t = setup()

/** The whole database as JSON (login tokens are random: only their issue times are compared). */
const dump = () =>
  JSON.stringify(
    Object.entries(t.mock.db).map(([name, collection]) => [name, collection.all()]),
    (key, value) => (key === 'hashedToken' ? '<token>' : value),
  )

/**
 * Send the same request as `dm.<name>` to one fresh mock and as `im.<name>` to another (same seed,
 * same clock): status, body and the resulting database must be identical.
 */
async function sameOnBothNames(name: string, options: () => ApiOptions) {
  const outcomes = []
  for (const prefix of ['dm', 'im']) {
    t.use()
    t.mock.clock.set(NOW)
    const res = await t.api(`${prefix}.${name}`, options())
    outcomes.push({ status: res.status, body: res.body, db: dump() })
  }
  expect(outcomes[0]!.status).toBeLessThan(500)
  expect(outcomes[1]).toStrictEqual(outcomes[0])
  return outcomes[0]!
}

const ENDPOINTS: Array<[method: 'GET' | 'POST', name: string]> = [
  ['POST', 'create'],
  ['POST', 'open'],
  ['POST', 'close'],
  ['POST', 'setTopic'],
  ['POST', 'delete'],
  ['POST', 'blockUser'],
  ['GET', 'counters'],
  ['GET', 'files'],
  ['GET', 'members'],
  ['GET', 'list'],
  ['GET', 'list.everyone'],
  ['GET', 'messages.others'],
  ['GET', 'history'],
  ['GET', 'messages'],
]

describe('dm.* and im.* are one endpoint under two names', () => {
  it('registers both names for every DM endpoint', () => {
    const routes = new Set(t.mock.routes())
    for (const [method, name] of ENDPOINTS) {
      expect(routes.has(`${method} /api/v1/dm.${name}`), `dm.${name}`).toBe(true)
      expect(routes.has(`${method} /api/v1/im.${name}`), `im.${name}`).toBe(true)
    }
  })

  it('create', async () => {
    const out = await sameOnBothNames('create', () => ({ as: 'demo', body: { username: 'bob' } }))
    expect(out.body.room.rid).toBe(t.dmId('demo', 'bob'))
    await sameOnBothNames('create', () => ({ as: 'demo', body: { usernames: 'alice,bob' } }))
    await sameOnBothNames('create', () => ({ as: 'demo', body: {} }))
  })

  it('open and close', async () => {
    expect((await sameOnBothNames('close', () => ({ as: 'demo', body: { roomId: t.dmId('demo', 'alice') } }))).body).toStrictEqual({ success: true })
    expect((await sameOnBothNames('open', () => ({ as: 'bob', body: { roomId: t.dmId('alice', 'bob') } }))).status).toBe(200)
    expect((await sameOnBothNames('close', () => ({ as: 'demo', body: { roomId: t.dmId('alice', 'bob') } }))).status).toBe(403)
  })

  it('setTopic', async () => {
    expect((await sameOnBothNames('setTopic', () => ({ as: 'admin', body: { roomId: t.dmId('admin', 'demo'), topic: 'Same' } }))).body).toStrictEqual({
      topic: 'Same',
      success: true,
    })
    expect((await sameOnBothNames('setTopic', () => ({ as: 'demo', body: { roomId: t.dmId('demo', 'alice'), topic: 'x' } }))).status).toBe(400)
  })

  it('delete', async () => {
    expect((await sameOnBothNames('delete', () => ({ as: 'admin', body: { roomId: t.dmId('demo', 'alice') } }))).body).toStrictEqual({ success: true })
  })

  it('blockUser', async () => {
    expect((await sameOnBothNames('blockUser', () => ({ as: 'demo', body: { roomId: t.dmId('demo', 'alice'), block: true } }))).body).toStrictEqual({
      success: true,
    })
  })

  it('counters, files, members', async () => {
    const query = () => ({ roomId: t.dmId('demo', 'alice') })
    expect((await sameOnBothNames('counters', () => ({ as: 'demo', query: query() }))).body.joined).toBe(true)
    expect((await sameOnBothNames('files', () => ({ as: 'demo', query: query() }))).body.total).toBe(4)
    expect((await sameOnBothNames('members', () => ({ as: 'demo', query: query() }))).body.total).toBe(2)
    // The implicit DM creation happens the same way under both names.
    expect((await sameOnBothNames('members', () => ({ as: 'demo', query: { username: 'bob' } }))).body.total).toBe(2)
  })

  it('list, list.everyone, messages.others', async () => {
    expect((await sameOnBothNames('list', () => ({ as: 'demo' }))).body.total).toBe(2)
    expect((await sameOnBothNames('list.everyone', () => ({ as: 'admin', query: { count: 3 } }))).body.count).toBe(3)
    expect((await sameOnBothNames('list.everyone', () => ({ as: 'demo' }))).status).toBe(403)
    expect((await sameOnBothNames('messages.others', () => ({ as: 'admin', query: { roomId: t.dmId('alice', 'bob'), count: 5 } }))).body.count).toBe(5)
  })
})
