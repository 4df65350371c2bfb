/**
 * 2. Data layer: the two hot reads of the message store — a message by `_id`, and the newest
 * 50-message page of a room from the sorted `room` index — at 1k and 100k messages, and for
 * contrast the same two reads done with a plain @msw/data `Collection` at 100k.
 */
import { Collection } from '@msw/data'
import type { Message } from '../src/db/index.js'
import { messageSchema } from '../src/db/schemas/message.js'
import { loadHistory } from '../src/domain/history.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { createRocketChatMock, type RocketChatMock } from '../src/mock.js'
import { type BenchContext, benchSync, benchSyncInterleaved, fmtBytes, fmtMs, fmtNs, fmtRatio, heapAfterGc, shuffled, type Stats } from './lib.js'

const SIZES = [1_000, 100_000] as const
const PAGE = 50
/** Distinct lookups per size (a power of two: indexed with `i & (PROBES - 1)`). */
const PROBES = 4096

interface Fixture {
  size: number
  mock: RocketChatMock
  dmId: string
  ids: string[]
}

function fixture(size: number): Fixture {
  const mock = createRocketChatMock({ scenario: 'large', messages: size })
  const dm = mock.db.rooms.all().find((r) => r.t === 'd')
  if (!dm) throw new Error('the large scenario has no DM')
  // 4096 lookups spread over the whole store in a fixed random order, each id a fresh flat
  // string as a request's `msgId` would be (copying the contents flattens the stored key too,
  // as serving the message once in a response does).
  const all = shuffled(
    mock.db.messages.all().map((m) => m._id),
    7,
  )
  const ids = Array.from({ length: PROBES }, (_, i) => Buffer.from(all[i % all.length]!, 'latin1').toString('latin1'))
  return { size, mock, dmId: dm._id, ids }
}

/** The newest `count` records of a sorted group, newest first (what a history page walks). */
function newestPage(list: readonly Message[], count: number): Message[] {
  const out: Message[] = []
  for (let i = list.length - 1; i >= 0 && out.length < count; i--) out.push(list[i]!)
  return out
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('2. Data layer (in-process, no HTTP, no MSW)')
  const samples = quick ? 60 : 200
  const fixtures = SIZES.map(fixture)

  // One op per (size × operation), all interleaved sample by sample.
  const ops: Record<string, (i: number) => unknown> = {}
  for (const f of fixtures) {
    const { messages } = f.mock.db
    const ids = f.ids
    const map = new Map(messages.all().map((m) => [Buffer.from(m._id, 'latin1').toString('latin1'), m]))
    ops[`get:${f.size}`] = (i) => messages.get(ids[i & (PROBES - 1)]!)
    ops[`map:${f.size}`] = (i) => map.get(ids[i & (PROBES - 1)]!)
    ops[`page:${f.size}`] = () => newestPage(messages.sorted('room', f.dmId), PAGE)
  }
  const getAndPage = benchSyncInterleaved(ops, { batch: 2_000, samples })

  const history: Record<string, (i: number) => unknown> = {}
  for (const f of fixtures) {
    const core = f.mock.core
    const room = core.db.rooms.get(f.dmId)!
    const demo = core.findUser('demo')!
    history[`history:${f.size}`] = () => loadHistory(core, room, demo, { offset: 0, count: PAGE })
    // The response body of that page, serialised as the router does (`{ ...payload, success }`
    // through HttpResponse.json), and the same JSON with the dates already ISO strings.
    const payload = { messages: loadHistory(core, room, demo, { offset: 0, count: PAGE }).messages.map((m) => normalizeMessage(core, m, demo)), success: true }
    const parsed = JSON.parse(JSON.stringify(payload)) as unknown
    history[`json:${f.size}`] = () => JSON.stringify(payload)
    history[`jsonPlain:${f.size}`] = () => JSON.stringify(parsed)
  }
  const historyStats = benchSyncInterleaved(history, { batch: 20, samples: quick ? 40 : 120 })

  const row = (label: string, s1: Stats, s2: Stats) => [
    label,
    fmtNs(s1.median),
    fmtNs(s1.p95),
    fmtNs(s2.median),
    fmtNs(s2.p95),
    fmtRatio(s2.median / s1.median),
  ]
  const s = (key: string) => (getAndPage[key] ?? historyStats[key])!
  report.note('median and p95 of the samples, each the mean of a batch of calls; ratio = median at 100k ÷ median at 1k')
  report.table(
    ['operation', '1k median', '1k p95', '100k median', '100k p95', '100k ÷ 1k'],
    [
      row('messages.get(id)', s('get:1000'), s('get:100000')),
      row('  baseline: a plain Map<string, record>.get', s('map:1000'), s('map:100000')),
      row(`newest ${PAGE} via sorted('room', rid)`, s('page:1000'), s('page:100000')),
      row(`loadHistory(count ${PAGE}) (dm.history's domain call)`, s('history:1000'), s('history:100000')),
      row(`JSON.stringify of that page's body, as built`, s('json:1000'), s('json:100000')),
      row('  the same JSON with dates as ISO strings', s('jsonPlain:1000'), s('jsonPlain:100000')),
    ],
  )
  console.log()
  const get100k = s('get:100000').median
  const page100k = s('page:100000').median
  report.target('get by id at 100k (median)', fmtNs(get100k), { value: get100k / 1000, limit: 1, kind: 'max', text: '≤ 1 µs' })
  report.target(`newest ${PAGE}-message page at 100k (median)`, fmtNs(page100k), { value: page100k / 1000, limit: 5, kind: 'max', text: '≤ 5 µs' })
  const getRatio = get100k / s('get:1000').median
  const pageRatio = page100k / s('page:1000').median
  report.target('get by id: 100k ÷ 1k', fmtRatio(getRatio), { value: getRatio, limit: 1.5, kind: 'max', text: '≤ 1.5×' })
  report.target('newest page: 100k ÷ 1k', fmtRatio(pageRatio), { value: pageRatio, limit: 1.5, kind: 'max', text: '≤ 1.5×' })
  const mapRatio = s('map:100000').median / s('map:1000').median
  report.note(
    `A plain Map grows ${fmtRatio(mapRatio)} from 1k to 100k on the same lookups: random ids over a 100k-entry hash table\n` +
      'and ~70 MB of records miss the CPU caches; the lookup itself is O(1) (no scan).',
  )

  // ---- plain @msw/data Collection at 100k ----
  const big = fixtures[1]!
  fixtures.length = 0
  report.sub(`For contrast: plain @msw/data Collection (zod message schema) holding the same ${big.size / 1000}k records`)
  const expected = newestPage(big.mock.db.messages.sorted('room', big.dmId), PAGE).map((m) => m._id)
  const ids = big.ids
  const dmId = big.dmId
  const heapBefore = await heapAfterGc()
  let records: Message[] | undefined = structuredClone(big.mock.db.messages.all())
  const collection = new Collection({ schema: messageSchema })
  const createStart = performance.now()
  for (const record of records) await collection.create(record)
  const createMs = performance.now() - createStart
  records = undefined
  const heapAfter = await heapAfterGc()
  report.line(`create() × ${big.size.toLocaleString('en-US')}`, fmtMs(createMs), `${fmtNs((createMs * 1e6) / big.size)} per record`)
  report.line(
    '  heap of the collection (records it created)',
    fmtBytes(heapAfter - heapBefore),
    `≈ ${((heapAfter - heapBefore) / big.size).toFixed(0)} B/record`,
  )

  // `as never`: the message schema is a zod looseObject, whose index signature makes @msw/data's
  // `Condition` type refuse every key; at run time these are ordinary object conditions.
  const findFirst = benchSync((i) => collection.findFirst((q) => q.where({ _id: ids[i & (PROBES - 1)]! } as never)), {
    batch: 1,
    samples: quick ? 10 : 40,
    warmupSamples: 2,
  })
  const newest = () => collection.findMany((q) => q.where({ rid: dmId } as never), { orderBy: { ts: 'desc' } }).slice(0, PAGE)
  const findMany = benchSync(newest, { batch: 1, samples: quick ? 4 : 15, warmupSamples: 1 })
  const withTake = () => collection.findMany((q) => q.where({ rid: dmId } as never), { orderBy: { ts: 'desc' }, take: PAGE })
  const findManyTake = benchSync(withTake, { batch: 1, samples: quick ? 4 : 15, warmupSamples: 1 })
  const takeIsRight =
    withTake()
      .map((m) => m._id)
      .join() === expected.join()
  const sliceIsRight =
    newest()
      .map((m) => m._id)
      .join() === expected.join()

  report.table(
    ['operation (100k records)', 'median', 'p95', 'vs our index'],
    [
      ['findFirst(where _id)', fmtNs(findFirst.median), fmtNs(findFirst.p95), `${fmtRatio(findFirst.median / get100k)} slower`],
      [`findMany(where rid, orderBy ts desc).slice(0, ${PAGE})`, fmtNs(findMany.median), fmtNs(findMany.p95), `${fmtRatio(findMany.median / page100k)} slower`],
      [`findMany(where rid, orderBy ts desc, take ${PAGE})`, fmtNs(findManyTake.median), fmtNs(findManyTake.p95), takeIsRight ? 'same page' : 'WRONG page'],
    ],
  )
  if (!sliceIsRight) report.note("(the slice variant did not return the index's newest page either: check ts ties)")
  if (!takeIsRight) {
    report.note(
      `@msw/data applies \`take\` while scanning, before \`orderBy\`: with take ${PAGE} it returns the room's first ${PAGE} records\n` +
        `(oldest), sorted — not the newest page. The correct query must sort the whole room (the slice row).`,
    )
  }
}
