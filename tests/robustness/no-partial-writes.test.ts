/**
 * Refused requests that used to create a DM (and its subscriptions) before refusing: each case
 * from the adversarial run, with the database compared before and after, and the same request
 * made valid creating the DM as the server does.
 */
import { describe, expect, it } from 'vitest'
import { NOW, setup } from '../helpers.js'

const t = setup({ now: NOW })

const state = () => Object.fromEntries(Object.entries(t.mock.snapshot().collections).map(([name, records]) => [name, JSON.stringify(records)]))

async function expectRefusedUnchanged(path: string, options: Parameters<typeof t.api>[1], status: number, body: Record<string, unknown>) {
  // Log in first: issuing the token is a write of its own.
  if (typeof options?.as === 'string') t.login(options.as)
  const before = state()
  const res = await t.api(path, options)
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(res.body).toMatchObject(body)
  const after = state()
  for (const name of Object.keys(before)) expect(after[name] === before[name], `${path}: ${name} changed`).toBe(true)
}

describe('no DM is created by a refused request', () => {
  it('chat.postMessage to @bob with an alias, without message-impersonate', async () => {
    expect(t.mock.core.findRoom(t.dmId('demo', 'bob'))).toBeUndefined()
    await expectRefusedUnchanged('chat.postMessage', { as: 'demo', body: { roomId: '@bob', text: 'hi', alias: 'x' } }, 400, {
      success: false,
      error: 'Not enough permission',
    })
    // Valid, the same post creates the DM.
    const ok = await t.api('chat.postMessage', { as: 'demo', body: { roomId: '@bob', text: 'hi' } })
    expect(ok.status).toBe(200)
    expect(ok.body.message.rid).toBe(t.dmId('demo', 'bob'))
  })

  it('chat.postMessage to @bob with a tmid from a room demo cannot post in, and in a multi-target post', async () => {
    const t2 = t.use({ now: NOW, permissions: { 'message-impersonate': [] } })
    const foreign = t2.db.messages.all().find((m) => m.rid !== 'GENERAL' && !t2.core.subscription(m.rid, t.user('demo')._id) && m.t === undefined)
    if (foreign)
      await expectRefusedUnchanged('chat.postMessage', { as: 'demo', body: { roomId: '@bob', text: 'hi', tmid: foreign._id } }, 400, { success: false })
    await expectRefusedUnchanged('chat.postMessage', { as: 'demo', body: { roomId: ['@bob', '#nowhere'], text: 'hi' } }, 400, { success: false })
  })

  it('dm.members / dm.history / dm.messages with a bad sort, dm.files with a bad name regex', async () => {
    await expectRefusedUnchanged('dm.members', { as: 'demo', query: { username: 'bob', sort: 'oops' } }, 400, { errorType: 'error-invalid-sort' })
    await expectRefusedUnchanged('dm.messages', { as: 'demo', query: { username: 'bob', sort: 'oops' } }, 400, { errorType: 'error-invalid-sort' })
    await expectRefusedUnchanged('dm.history', { as: 'demo', query: { roomId: '@bob', count: 'x' } }, 400, { success: false })
    await expectRefusedUnchanged('dm.files', { as: 'demo', query: { username: 'bob', name: '(' } }, 400, { success: false })
    // Valid, a lookup creates the DM as the server does.
    expect((await t.api('dm.members', { as: 'demo', query: { username: 'bob' } })).status).toBe(200)
    expect(t.mock.core.findRoom(t.dmId('demo', 'bob'))).toBeDefined()
  })

  it('dm.delete of a DM that does not exist yet, without delete-d', async () => {
    await expectRefusedUnchanged('dm.delete', { as: 'demo', body: { roomId: 'bob' } }, 400, { success: false })
  })

  it('im.blockUser on @self', async () => {
    const self = t.user('demo')
    expect(t.mock.db.rooms.get(self._id + self._id)).toBeUndefined()
    await expectRefusedUnchanged('im.blockUser', { as: 'demo', body: { roomId: '@demo', block: true } }, 400, { success: false })
  })
})
