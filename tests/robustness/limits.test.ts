/**
 * Limits that keep one caller from stalling or exhausting the mock: the size limit on every
 * write path, the parser's work bound (hostile markup gets the bounded path, asserted by what
 * is stored, not by timing), the byte-bounded parse cache (heap after gc over many distinct
 * large edits), and the rate limiter's map expiry.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { PARSE_WORK_BUDGET } from '../../src/domain/parse.js'
import { NOW, setup } from '../helpers.js'

const t = setup({ now: NOW })

const SIZE_ERROR = {
  success: false,
  error: 'Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]',
  errorType: 'error-message-size-exceeded',
}

function gc(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return process.memoryUsage().heapUsed
}

async function post(text: string, as = 'demo') {
  const res = await t.api('chat.postMessage', { as, body: { roomId: 'GENERAL', text } })
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200)
  return res.body.message
}

describe('Message_MaxAllowedSize on every write path', () => {
  it('chat.update refuses a text over the limit with the send error, and changes nothing', async () => {
    const message = await post('short')
    const before = JSON.stringify(t.mock.snapshot())
    const res = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: message._id, text: 'x'.repeat(5_001) } })
    expect(res.status).toBe(400)
    expect(res.body).toStrictEqual(SIZE_ERROR)
    expect(JSON.stringify(t.mock.snapshot())).toBe(before)
  })

  it('chat.update accepts a text of exactly the limit, and follows the setting', async () => {
    const message = await post('short')
    const ok = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: message._id, text: 'y'.repeat(5_000) } })
    expect(ok.status).toBe(200)
    expect(t.message(message._id)!.msg).toBe('y'.repeat(5_000))
    t.mock.setSetting('Message_MaxAllowedSize', 10)
    const refused = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: message._id, text: 'z'.repeat(11) } })
    expect(refused.body).toStrictEqual(SIZE_ERROR)
    expect(t.message(message._id)!.msg).toBe('y'.repeat(5_000))
  })

  it('a 900 KB edit (once accepted) is refused', async () => {
    const message = await post('short')
    const res = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: message._id, text: 'a'.repeat(900_000) } })
    expect(res.body).toStrictEqual(SIZE_ERROR)
  })
})

describe('the parser is bounded', () => {
  it('a post of 5,000 × "*" is stored as plain text (the bounded path), not given to the parser whole', async () => {
    const text = '*'.repeat(5_000)
    const message = await post(text)
    expect(message.msg).toBe(text)
    expect(message.md).toStrictEqual([{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: text }] }])
  })

  it('an edit to 29,999 × "*" (with the limit raised) takes the bounded path too', async () => {
    t.mock.setSetting('Message_MaxAllowedSize', 30_000)
    const message = await post('hello')
    const text = '*'.repeat(29_999)
    const res = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: message._id, text } })
    expect(res.status).toBe(200)
    expect(res.body.message.md).toStrictEqual([{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: text }] }])
  })

  it('over the budget, mentions, channels and links are still found word by word', async () => {
    const noise = '[('.repeat(600)
    const message = await post(`${noise} hi @alice see #general and https://example.com/x\n\n${noise}`)
    expect(message.mentions).toStrictEqual([{ _id: t.user('alice')._id, username: 'alice', name: t.user('alice').name, type: 'user' }])
    expect(message.channels).toStrictEqual([{ _id: 'GENERAL', name: 'general', fname: 'general' }])
    expect(message.urls.map((u: { url: string }) => u.url)).toStrictEqual(['https://example.com/x'])
    expect(message.md).toHaveLength(3)
    expect(message.md[1]).toStrictEqual({ type: 'LINE_BREAK' })
  })

  it('@all hidden in hostile markup is still refused without mention-all', async () => {
    t.mock.setPermission('mention-all', ['admin'])
    const res = await t.api('chat.postMessage', { as: 'demo', body: { roomId: 'GENERAL', text: `${'*'.repeat(3_000)} @all` } })
    expect(res.status).toBe(400)
    expect(res.body.errorType).toBe('error-action-not-allowed')
  })

  it('within the budget, formatting is parsed exactly as the server does', async () => {
    const text = `**bold** _it_ ~~gone~~ \`code\` ${'a'.repeat(100)}`
    expect(text.length * 14).toBeLessThan(PARSE_WORK_BUDGET)
    const message = await post(text)
    expect(message.md[0].value.map((node: { type: string }) => node.type)).toStrictEqual([
      'BOLD',
      'PLAIN_TEXT',
      'ITALIC',
      'PLAIN_TEXT',
      'STRIKE',
      'PLAIN_TEXT',
      'INLINE_CODE',
      'PLAIN_TEXT',
    ])
  })
})

describe('memory stays bounded', () => {
  it('heap after gc over 300 distinct 30,000-character edits of one message stays bounded', async () => {
    t.mock.setSetting('Message_MaxAllowedSize', 30_000)
    const message = await post('start')
    const edit = async (i: number) => {
      const text = `${i} ${'lorem ipsum dolor sit amet '.repeat(1_100)}`.slice(0, 29_990)
      const res = await t.api('chat.update', { as: 'demo', body: { roomId: 'GENERAL', msgId: message._id, text } })
      expect(res.status).toBe(200)
    }
    for (let i = 0; i < 20; i++) await edit(i)
    const base = await heapAfterGc()
    for (let i = 20; i < 320; i++) await edit(i)
    const grown = (await heapAfterGc()) - base
    // The cache may keep ~16 MB (estimated) of texts and trees; before it was bound by bytes,
    // 300 such edits kept every tree (≈ 100 MB here, 270 MB with 900 KB texts).
    expect(grown).toBeLessThan(40 * 1024 * 1024)
    expect(t.mock.core.parseCache.calculatedSize).toBeLessThanOrEqual(16 * 1024 * 1024)
  }, 120_000)

  it('the rate limiter forgets callers whose window has passed (heap after gc over 20,000 distinct callers)', async () => {
    t.mock.setSetting('API_Enable_Rate_Limiter', true)
    t.mock.setSetting('API_Enable_Rate_Limiter_Limit_Time_Default', 60_000)
    // mock.fetch: the router alone, so only what the router keeps is measured.
    const call = (caller: string) => t.mock.fetch(new Request('http://localhost:3000/api/info', { headers: { 'x-forwarded-for': caller } }))
    for (let i = 0; i < 500; i++) await call(`warm-${i}`)
    t.mock.clock.advance(60_000)
    await call('sweep')
    const base = await heapAfterGc()
    for (let i = 0; i < 20_000; i++) {
      const res = await call(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)
      expect(res!.status).toBe(200)
    }
    t.mock.clock.advance(60_000)
    const last = await call('after the window')
    expect(last!.status).toBe(200)
    // Before expiry the map kept every window (+8.5 MB per 20k callers).
    expect((await heapAfterGc()) - base).toBeLessThan(2 * 1024 * 1024)
  }, 120_000)

  it('a caller over the limit is still refused within its window, and allowed again after it', async () => {
    t.mock.setSetting('API_Enable_Rate_Limiter', true)
    t.mock.setSetting('API_Enable_Rate_Limiter_Limit_Calls_Default', 2)
    t.mock.setSetting('API_Enable_Rate_Limiter_Limit_Time_Default', 60_000)
    const call = () => t.api('/api/info', { headers: { 'x-forwarded-for': '10.1.1.1' } })
    expect((await call()).status).toBe(200)
    expect((await call()).status).toBe(200)
    expect((await call()).status).toBe(429)
    t.mock.clock.advance(60_000)
    expect((await call()).status).toBe(200)
  })
})
