/**
 * "Never a 500 for any input a client can send": every registered route, as a plain user and as
 * an admin, with malformed JSON, wrong content types, wrong types, operator injection, arrays
 * where strings belong and oversized values. Each answer must be a JSON envelope below 500.
 */
import { describe, expect, it } from 'vitest'
import { setup } from './helpers.js'

const t = setup()

const QUERIES: Array<Record<string, string | string[]>> = [
  {},
  { roomId: '', msgId: '', rid: '', tmid: '', username: '', messageId: '' },
  { roomId: ['GENERAL', 'x'], msgId: ['a', 'b'], username: ['alice', 'bob'] },
  { roomId: 'GENERAL', rid: 'GENERAL', count: '-1', offset: 'abc', sort: '{bad', query: '{"$where":"1"}', fields: '{"x":2}' },
  { roomId: '__proto__', username: 'constructor', msgId: 'prototype', roomName: 'toString', userId: 'hasOwnProperty', count: '1e309' },
  { roomId: 'x'.repeat(5000), text: '💥'.repeat(100), latest: 'garbage', oldest: '-1', lastUpdate: 'NaN', updatedSince: '2025-13-45T99:99:99Z', type: 'BOGUS' },
]

const BODIES: Array<{ body: string; type?: string }> = [
  { body: '{"roomId": ', type: 'application/json' },
  { body: '[]', type: 'application/json' },
  { body: '"just a string"', type: 'application/json' },
  { body: '{"roomId":{"$ne":null},"msgId":{"$gt":""},"messageId":[1,2],"message":[],"text":{"a":1}}', type: 'application/json' },
  { body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"roomId":"GENERAL"}', type: 'application/json' },
  { body: '{"roomId":"GENERAL","msgId":"x","messageId":"x","text":null,"emoji":null,"message":null,"value":null,"field":null}', type: 'application/json' },
  { body: 'roomId=GENERAL&text=hi&messageId=x&emoji=smile', type: 'application/x-www-form-urlencoded' },
  { body: '{"roomId":"GENERAL","text":"hi"}', type: 'text/plain' },
  { body: '--b\r\nContent-Disposition: form-data; name="roomId"\r\n\r\nGENERAL\r\n--b--\r\n', type: 'multipart/form-data; boundary=b' },
  {
    body: JSON.stringify({ roomId: 'GENERAL', rid: 'GENERAL', msgId: 'x', text: 'y'.repeat(20_000), message: { rid: 'GENERAL', msg: 'z'.repeat(20_000) } }),
    type: 'application/json',
  },
]

describe('no route answers 5xx to bad input', () => {
  it.each(['demo', 'admin'])('as %s', async (as) => {
    const failures: string[] = []
    for (const route of t.mock.routes()) {
      if (route.endsWith('/logout')) continue
      const [method, path] = route.split(' ') as ['GET' | 'POST', string]
      const attempts =
        method === 'GET'
          ? QUERIES.map((query) => () => t.api(path, { as, method, query }))
          : BODIES.map(
              ({ body, type }) =>
                () =>
                  t.api(path, { as, method, body, headers: type ? { 'content-type': type } : {} }),
            )
      for (const attempt of attempts) {
        const res = await attempt()
        // Files and avatars answer bytes or SVG, not a JSON envelope: only "never 5xx" applies to them.
        const envelope = path.startsWith('/api/')
        if (res.status >= 500 || (envelope && (typeof res.body !== 'object' || res.body === null)))
          failures.push(`${route}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`)
      }
    }
    expect(failures).toStrictEqual([])
  })
})
