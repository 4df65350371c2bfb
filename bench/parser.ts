/**
 * Section "parser": what Rocket.Chat's message parser costs on hostile texts (long runs of
 * markup characters), raw and through the mock's bounded `parseText`, and one hostile
 * `chat.update` end to end. Figures for decisions/0006; asserts nothing.
 */
import { parse } from '@rocket.chat/message-parser'
import { Core } from '../src/core.js'
import { PARSE_WORK_BUDGET, parseText } from '../src/domain/parse.js'
import { createRocketChatMock } from '../src/mock.js'
import { type BenchContext, fmtMs } from './lib.js'

const HOSTILE = ['*', '_', '~', '[', '(', '`', ':', '*a', '[a](', 'http://']

function time(op: () => unknown): number {
  const started = performance.now()
  op()
  return performance.now() - started
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('Parser: hostile texts (one parse each, ms)')
  const rawSizes = quick ? [250, 1_000] : [250, 1_000, 2_000]
  const rows: string[][] = []
  for (const unit of HOSTILE) {
    const row = [JSON.stringify(unit)]
    for (const n of rawSizes) row.push(fmtMs(time(() => parse(unit.repeat(Math.ceil(n / unit.length)).slice(0, n)))))
    rows.push(row)
  }
  report.sub('raw @rocket.chat/message-parser (what the server runs)')
  report.table(['text', ...rawSizes.map((n) => `${n} chars`)], rows)

  // At the budget: markup count × length = PARSE_WORK_BUDGET, the slowest texts still parsed whole.
  const atBudget = (unit: string): string => {
    const markup = unit.replace(/[a ]/g, '').length
    const repeats = Math.floor(Math.sqrt(PARSE_WORK_BUDGET / (markup * unit.length)))
    return unit.repeat(repeats)
  }
  report.sub('at the budget (the slowest texts still given to the parser whole)')
  const budgetRows: string[][] = []
  let worstAtBudget = 0
  for (const unit of [...HOSTILE, '*aaaaaaaaaaaaaaaaaaa', '[aaaaaaaaaaaaaaaaaaa', '(aaaaaaaaaaaaaaaaaaa', '<aaaaaaaaaaaaaaaaaaa', '!aaaaaaaaaaaaaaaaaaa']) {
    const text = atBudget(unit)
    const core = new Core({ seed: 1 })
    const ms = time(() => parseText(core, text))
    worstAtBudget = Math.max(worstAtBudget, ms)
    budgetRows.push([JSON.stringify(unit), String(text.length), fmtMs(ms)])
  }
  report.table(['unit', 'chars', 'parseText'], budgetRows)
  report.target('worst parseText at the budget', fmtMs(worstAtBudget), { kind: 'max', value: worstAtBudget, limit: 50, text: '≤ 50 ms' })

  const boundedSizes = [5_000, 30_000]
  const boundedRows: string[][] = []
  let worst = 0
  for (const unit of HOSTILE) {
    const row = [JSON.stringify(unit)]
    for (const n of boundedSizes) {
      const core = new Core({ seed: 1 })
      const ms = time(() => parseText(core, unit.repeat(Math.ceil(n / unit.length)).slice(0, n)))
      worst = Math.max(worst, ms)
      row.push(fmtMs(ms))
    }
    boundedRows.push(row)
  }
  report.sub('over the budget: the bounded path')
  report.table(['text', ...boundedSizes.map((n) => `${n} chars`)], boundedRows)
  report.target('worst parseText over the budget', fmtMs(worst), { kind: 'max', value: worst, limit: 50, text: '≤ 50 ms' })

  const mock = createRocketChatMock({ settings: { Message_MaxAllowedSize: 30_000 } })
  const login = mock.login('demo')
  const headers = { 'content-type': 'application/json', 'x-user-id': login.userId, 'x-auth-token': login.authToken }
  const post = await mock.fetch(
    new Request('http://localhost/api/v1/chat.postMessage', { method: 'POST', headers, body: JSON.stringify({ roomId: 'GENERAL', text: 'x' }) }),
  )
  const id = ((await post!.json()) as { message: { _id: string } }).message._id
  const started = performance.now()
  const res = await mock.fetch(
    new Request('http://localhost/api/v1/chat.update', {
      method: 'POST',
      headers,
      body: JSON.stringify({ roomId: 'GENERAL', msgId: id, text: '*'.repeat(29_999) }),
    }),
  )
  const ms = performance.now() - started
  report.target(`chat.update with 29,999 × "*" (answer ${res!.status})`, fmtMs(ms), { kind: 'max', value: ms, limit: 50, text: '≤ 50 ms' })
}
