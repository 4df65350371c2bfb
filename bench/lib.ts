/**
 * Timing, heap and report helpers shared by the benchmark sections. Figures only: nothing here
 * asserts or fails on a number; targets are printed next to the figures as information.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// ---- statistics --------------------------------------------------------------------------------

export interface Stats {
  median: number
  p95: number
  mean: number
  min: number
  max: number
  n: number
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo]!
  const b = sorted[hi]!
  return a + (b - a) * (pos - lo)
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const sum = sorted.reduce((s, v) => s + v, 0)
  return {
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  }
}

export function median(values: readonly number[]): number {
  return stats(values).median
}

// ---- heap ----------------------------------------------------------------------------------------

let gcFn: (() => void) | undefined

/** `globalThis.gc` (run with `--expose-gc`), or the same function obtained at run time. */
export function gc(): void {
  if (!gcFn) {
    const existing = (globalThis as { gc?: () => void }).gc
    if (existing) gcFn = existing
    else {
      setFlagsFromString('--expose-gc')
      gcFn = runInNewContext('gc') as () => void
    }
  }
  gcFn()
}

/** Full collections with turns of the event loop in between (finalizers, weak refs). */
export async function fullGc(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** `heapUsed` after a full collection. */
export async function heapAfterGc(): Promise<number> {
  await fullGc()
  return process.memoryUsage().heapUsed
}

// ---- timing --------------------------------------------------------------------------------------

/** Results land here so the optimiser cannot drop the measured calls. */
export let sink: unknown

export function consume(value: unknown): void {
  sink = value
}

export interface SyncBenchOptions {
  /** Calls per sample: the sample's value is its duration divided by `batch`. */
  batch: number
  samples: number
  /** Untimed samples first (JIT warm-up); default 10% of `samples`, at least 2. */
  warmupSamples?: number
}

/**
 * Time synchronous operations, interleaved: one sample of each op in turn, so drift (CPU
 * frequency, GC, other processes) is spread evenly. Returns ns per call for each op.
 */
export function benchSyncInterleaved<K extends string>(ops: Record<K, (i: number) => unknown>, options: SyncBenchOptions): Record<K, Stats> {
  const names = Object.keys(ops) as K[]
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>
  const warmup = options.warmupSamples ?? Math.max(2, Math.round(options.samples / 10))
  let i = 0
  for (let s = 0; s < warmup + options.samples; s++) {
    for (const name of names) {
      const op = ops[name]
      const start = process.hrtime.bigint()
      for (let b = 0; b < options.batch; b++) sink = op(i++)
      const ns = Number(process.hrtime.bigint() - start) / options.batch
      if (s >= warmup) samples[name].push(ns)
    }
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])])) as Record<K, Stats>
}

export function benchSync(op: (i: number) => unknown, options: SyncBenchOptions): Stats {
  return benchSyncInterleaved({ op }, options).op
}

export interface AsyncBenchOptions {
  /** Rounds; each round runs `block` calls of every op in turn. */
  rounds: number
  block: number
  /** Untimed calls of each op before the first round. */
  warmup: number
}

/**
 * Time async operations one call at a time, alternating blocks of each op for `rounds` rounds.
 * `before(name)` runs untimed before each block (e.g. to swap MSW handlers). Returns ms per call.
 */
export async function benchAsyncInterleaved<K extends string>(
  ops: Record<K, () => Promise<unknown>>,
  options: AsyncBenchOptions & { before?: (name: K) => void },
): Promise<Record<K, Stats>> {
  const names = Object.keys(ops) as K[]
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>
  for (const name of names) {
    options.before?.(name)
    for (let i = 0; i < options.warmup; i++) sink = await ops[name]()
  }
  for (let r = 0; r < options.rounds; r++) {
    for (const name of names) {
      options.before?.(name)
      const op = ops[name]
      const out = samples[name]
      for (let i = 0; i < options.block; i++) {
        const start = performance.now()
        sink = await op()
        out.push(performance.now() - start)
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])])) as Record<K, Stats>
}

/** A deterministic shuffle (xorshift), so runs pick the same "random" ids. */
export function shuffled<T>(items: readonly T[], seed = 1): T[] {
  const out = [...items]
  let x = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const j = (x >>> 0) % (i + 1)
    const tmp = out[i]!
    out[i] = out[j]!
    out[j] = tmp
  }
  return out
}

// ---- formatting ----------------------------------------------------------------------------------

export function fmtNs(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a'
  if (ns < 1_000) return `${ns.toFixed(ns < 10 ? 1 : 0)} ns`
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 2 : 1)} ms`
  return `${(ns / 1_000_000_000).toFixed(2)} s`
}

export function fmtMs(ms: number): string {
  return fmtNs(ms * 1_000_000)
}

export function fmtBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : ''
  const b = Math.abs(bytes)
  if (b < 1024) return `${sign}${b.toFixed(0)} B`
  if (b < 1024 * 1024) return `${sign}${(b / 1024).toFixed(2)} KB`
  return `${sign}${(b / 1024 / 1024).toFixed(1)} MB`
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a'
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

// ---- report --------------------------------------------------------------------------------------

export interface TargetResult {
  section: string
  label: string
  value: string
  target: string
  met: boolean
}

export interface TargetSpec {
  /** The measured number, in the unit of `limit`. */
  value: number
  limit: number
  /** `max`: met when value ≤ limit; `min`: met when value ≥ limit. */
  kind: 'max' | 'min'
  /** How the limit reads, e.g. `≤ 1 µs`. */
  text: string
}

const LABEL_WIDTH = 58
const VALUE_WIDTH = 16

/** Prints aligned report lines and keeps every target line for the final summary. */
export class Reporter {
  readonly targets: TargetResult[] = []
  section = ''

  heading(title: string): void {
    this.section = title
    console.log(`\n${title}\n${'─'.repeat(Math.min(100, title.length))}`)
  }

  sub(title: string): void {
    console.log(`\n  ${title}`)
  }

  line(label: string, value: string, note = ''): void {
    console.log(`  ${label.padEnd(LABEL_WIDTH)} ${value.padStart(VALUE_WIDTH)}${note ? `   ${note}` : ''}`)
  }

  note(text: string): void {
    for (const line of text.split('\n')) console.log(`    ${line}`)
  }

  /** A figure with its target; returns whether the target is met (information only). */
  target(label: string, value: string, spec: TargetSpec): boolean {
    const met = Number.isFinite(spec.value) && (spec.kind === 'max' ? spec.value <= spec.limit : spec.value >= spec.limit)
    this.line(label, value, `[target ${spec.text}: ${met ? 'met' : 'NOT met'}]`)
    this.targets.push({ section: this.section, label, value, target: spec.text, met })
    return met
  }

  table(headers: string[], rows: string[][]): void {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
    const fmt = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`
    console.log(fmt(headers))
    console.log(`  ${widths.map((w) => '·'.repeat(w)).join('  ')}`)
    for (const row of rows) console.log(fmt(row))
  }
}

export interface BenchContext {
  quick: boolean
  report: Reporter
}
