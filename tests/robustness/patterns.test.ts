/**
 * Client patterns inside mingo `query` (with ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS on) run on
 * RE2: backtracking patterns answer quickly (asserted by results, not by timing: the fuzz CPU
 * guard covers time), patterns RE2 does not support are a bad query, and `$expr`, `$where` and
 * `$jsonSchema` are refused.
 */
import { describe, expect, it } from 'vitest'
import { NOW, setup } from '../helpers.js'

const t = setup({ now: NOW, settings: { ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS: true } })

async function dmWithText(text: string) {
  const rid = t.dmId('demo', 'alice')
  const res = await t.api('chat.postMessage', { as: 'demo', body: { roomId: rid, text } })
  expect(res.status).toBe(200)
  return { rid, id: res.body.message._id as string }
}

describe('$regex in query runs on RE2', () => {
  it('dm.messages: ^(a+)+$ against 28 a and a ! matches nothing; against 28 a it matches', async () => {
    const { rid } = await dmWithText(`${'a'.repeat(28)}!`)
    const { id } = await dmWithText('a'.repeat(28))
    const res = await t.api('dm.messages', { as: 'demo', query: { roomId: rid, query: JSON.stringify({ msg: { $regex: '^(a+)+$' } }) } })
    expect(res.status).toBe(200)
    expect(res.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([id])
  })

  it('$options, $not, $or, $elemMatch and arrays behave as in Mongo', async () => {
    const { rid, id } = await dmWithText('Hello RE2')
    const q = (query: unknown) => t.api('dm.messages', { as: 'demo', query: { roomId: rid, query: JSON.stringify(query) } })
    const ids = (res: { body: { messages: Array<{ _id: string }> } }) => res.body.messages.map((m) => m._id)
    expect(ids(await q({ msg: { $regex: 'hello re2', $options: 'i' } }))).toStrictEqual([id])
    expect(ids(await q({ msg: { $regex: 'hello re2' } }))).toStrictEqual([])
    expect(ids(await q({ $or: [{ msg: { $regex: '^Hello' } }, { msg: 'nothing' }] }))).toStrictEqual([id])
    expect(ids(await q({ _id: id, msg: { $not: { $regex: '^Hello' } } }))).toStrictEqual([])
    expect(ids(await q({ _id: id, msg: { $not: { $regex: '^Bye' } } }))).toStrictEqual([id])
    expect(ids(await q({ 'md.value.value': { $regex: 'RE2$' } }))).toStrictEqual([id])
  })

  it('chat.getThreadsList on a public channel: a backtracking pattern is harmless for any user', async () => {
    // (`msg` is the endpoint's own key there; the pattern goes on another field.)
    const hostile = await t.api('chat.getThreadsList', {
      as: 'bob',
      query: { rid: 'GENERAL', query: JSON.stringify({ 'u.username': { $regex: '^(a|a)*$' } }) },
    })
    expect(hostile.status).toBe(200)
    expect(hostile.body.threads).toStrictEqual([])
    const honest = await t.api('chat.getThreadsList', { as: 'bob', query: { rid: 'GENERAL', query: JSON.stringify({ 'u.username': { $regex: '^ali' } }) } })
    expect(honest.body.threads.length).toBeGreaterThan(0)
    expect(honest.body.threads.every((m: { u: { username: string } }) => m.u.username === 'alice')).toBe(true)
  })

  it('lookarounds and backreferences are a bad query; $expr, $where and $jsonSchema (nested; top-level ones are dropped) are refused', async () => {
    const rid = t.dmId('demo', 'alice')
    for (const query of [
      { msg: { $regex: '(?=a)' } },
      { msg: { $regex: '(a)\\1' } },
      { $or: [{ $expr: { $regexMatch: { input: '$msg', regex: '^(a+)+$' } } }] },
      { $and: [{ $where: 'sleep(1)' }] },
      { $or: [{ $jsonSchema: { properties: { msg: { pattern: '^(a+)+$' } } } }] },
    ]) {
      const res = await t.api('dm.messages', { as: 'demo', query: { roomId: rid, query: JSON.stringify(query) } })
      expect(res.status, JSON.stringify(query)).toBe(400)
      expect(res.body.success).toBe(false)
    }
  })
})
