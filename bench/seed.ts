/**
 * 1. Seeding: how long `createRocketChatMock` takes for the default scenario and for `large` at
 * 100k messages, and how much heap the stored messages take next to the same records as plain
 * objects.
 */
import { createRocketChatMock, type RocketChatMock } from '../src/mock.js'
import { type BenchContext, fmtBytes, fmtMs, fmtRatio, heapAfterGc, median, stats } from './lib.js'

const LARGE = 100_000

/**
 * A deep copy built from object and array literals, the way plain fixtures are written; objects
 * reached twice are copied once (identity is kept, as structuredClone does).
 */
function plainCopy<T>(value: T): T {
  const seen = new Map<object, unknown>()
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v
    const known = seen.get(v)
    if (known !== undefined) return known
    if (v instanceof Date) {
      const d = new Date(v.getTime())
      seen.set(v, d)
      return d
    }
    if (Array.isArray(v)) {
      const a: unknown[] = []
      seen.set(v, a)
      for (const item of v) a.push(copy(item))
      return a
    }
    const o: Record<string, unknown> = {}
    seen.set(v, o)
    for (const [key, item] of Object.entries(v)) o[key] = copy(item)
    return o
  }
  return copy(value) as T
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('1. Seed')

  // ---- default scenario ----
  const defaultTimes: number[] = []
  const defaultRuns = quick ? 4 : 8
  for (let i = 0; i < defaultRuns; i++) {
    const start = performance.now()
    createRocketChatMock()
    defaultTimes.push(performance.now() - start)
  }
  const [defaultCold = Number.NaN, ...defaultWarm] = defaultTimes
  report.line('default scenario: first seed in this process (cold JIT)', fmtMs(defaultCold))
  const created = median(defaultWarm)
  report.target(`default scenario: a new mock, same seed (median of ${defaultWarm.length})`, fmtMs(created), {
    value: created,
    limit: 20,
    kind: 'max',
    text: '≤ 20 ms',
  })
  // reset() after a few writes, as `afterEach(() => mock.reset())` does.
  const resettable = createRocketChatMock()
  const resetTimes: number[] = []
  for (let i = 0; i < (quick ? 20 : 100); i++) {
    const { userId, authToken } = resettable.login('demo')
    await resettable.fetch(
      new Request('http://localhost/api/v1/chat.postMessage', {
        method: 'POST',
        headers: { 'X-User-Id': userId, 'X-Auth-Token': authToken, 'content-type': 'application/json' },
        body: JSON.stringify({ roomId: 'GENERAL', text: `write ${i}` }),
      }),
    )
    const start = performance.now()
    resettable.reset()
    resetTimes.push(performance.now() - start)
  }
  const reset = stats(resetTimes)
  report.target(`default scenario: reset() after a login and a post (median of ${resetTimes.length})`, fmtMs(reset.median), {
    value: reset.median,
    limit: 2,
    kind: 'max',
    text: '≤ 2 ms',
  })
  report.line('  p95', fmtMs(reset.p95))
  const differentSeed = performance.now()
  createRocketChatMock({ seed: 4242 })
  report.line('default scenario, a seed not seeded before (runs the scenario)', fmtMs(performance.now() - differentSeed))

  // ---- large scenario, 100k messages ----
  const largeRuns = quick ? 1 : 3
  const largeTimes: number[] = []
  let mock: RocketChatMock | undefined
  for (let i = 0; i < largeRuns; i++) {
    mock = undefined
    await heapAfterGc()
    const start = performance.now()
    mock = createRocketChatMock({ scenario: 'large', messages: LARGE })
    largeTimes.push(performance.now() - start)
  }
  if (!mock) return
  const large = stats(largeTimes)
  report.target(
    largeRuns === 1 ? `large, ${LARGE / 1000}k messages: seed time` : `large, ${LARGE / 1000}k messages: seed time (median of ${largeRuns})`,
    fmtMs(large.median),
    { value: large.median, limit: 1000, kind: 'max', text: '≤ 1.0 s' },
  )
  if (largeRuns > 1) report.line('  runs', largeTimes.map(fmtMs).join(', '))
  report.line('  per message', fmtMs(large.median / LARGE))

  // ---- heap of the stored messages vs the same records as plain objects ----
  // Reading a string's contents (JSON.stringify, structuredClone…) flattens V8 cons strings in
  // place, which changes the store's own size; so the store is measured first, untouched, and
  // the plain copy is made from a second, identically seeded instance.
  const count = mock.db.messages.count()
  const withMock = await heapAfterGc()
  let records: unknown[] | undefined = mock.db.messages.all()
  const arrayBytes = (await heapAfterGc()) - withMock
  mock.db.messages.clear()
  const recordsOnly = await heapAfterGc()
  records = undefined
  mock.core.parseCache.clear() // holds the parsed `md` trees the records share
  const storedBytes = withMock - (await heapAfterGc())
  const indexBytes = withMock + arrayBytes - recordsOnly
  mock = undefined

  mock = createRocketChatMock({ scenario: 'large', messages: LARGE })
  const seeded = await heapAfterGc()
  let clone: unknown[] | undefined = structuredClone(mock.db.messages.all()) // flattens the originals' strings
  clone = undefined
  const flattened = await heapAfterGc()
  const consBytes = seeded - flattened
  // Plain objects, two ways; sub-objects shared between records (the parsed `md` tree of
  // identical texts, `ts` and `_updatedAt` being one Date) stay shared, as in the store.
  clone = plainCopy(mock.db.messages.all())
  const plainBytes = (await heapAfterGc()) - flattened
  clone = undefined
  const base = await heapAfterGc()
  clone = structuredClone(mock.db.messages.all())
  const clonedBytes = (await heapAfterGc()) - base

  const perMessage = (bytes: number) => `${(bytes / count).toFixed(0)} B/message`
  report.line(`heap of ${count.toLocaleString('en-US')} stored messages, as seeded`, fmtBytes(storedBytes), perMessage(storedBytes))
  report.line('  of which Map by _id + sorted indexes', fmtBytes(indexBytes), perMessage(indexBytes))
  report.line('  of which unflattened (cons) strings, freed once read', fmtBytes(consBytes), perMessage(consBytes))
  report.line('same records as plain objects (object literals)', fmtBytes(plainBytes), perMessage(plainBytes))
  report.line('same records as structuredClone output (heavier objects)', fmtBytes(clonedBytes), perMessage(clonedBytes))
  report.target('ratio stored (as seeded) ÷ plain objects', fmtRatio(storedBytes / plainBytes), {
    value: storedBytes / plainBytes,
    limit: 1.5,
    kind: 'max',
    text: '≤ 1.5×',
  })
  report.line('ratio stored with flat strings ÷ plain objects', fmtRatio((storedBytes - consBytes) / plainBytes))
  void records
  void clone
}
