/**
 * 4. The standalone HTTP server: requests/s of `GET dm.history` (count 50) at 100k messages on
 * loopback (autocannon in this process, the server in a child process), next to the same bridge
 * serving the same body from one static msw handler; and the start-up time of the built CLI
 * (`node dist/cli.js serve`) to the first answered `GET /api/info`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type Result } from 'autocannon'
import type { ReadyMessage, StaticBodyMessage, StaticRoute } from './http-server.js'
import { type BenchContext, fmtInt, fmtMs, fmtRatio, median } from './lib.js'

const MESSAGES = 100_000
const CONNECTIONS = 10
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SERVER_ENTRY = fileURLToPath(new URL('./http-server.ts', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli.js')

interface Child {
  process: ChildProcess
  ready: ReadyMessage
}

/** Start bench/http-server.ts under the same Node and loader; resolves on its `ready` message. */
function startChild(args: string[], init?: StaticBodyMessage): Promise<Child> {
  const execArgv = process.execArgv.filter((a) => a !== '--expose-gc')
  const child = spawn(process.execPath, [...execArgv, SERVER_ENTRY, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`server child exited early (${String(code)})`)))
    child.on('message', (message: unknown) => {
      const m = message as ReadyMessage
      if (m.type === 'ready') resolve({ process: child, ready: m })
    })
    if (init) child.send(init)
  })
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  await exited
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Result> {
  return autocannon({ url, headers, connections: CONNECTIONS, duration: seconds })
}

interface Totals {
  requests: number
  seconds: number
  errors: number
  non2xx: number
  latencyP50: number[]
  latencyP99: number[]
  rounds: number[]
}

function emptyTotals(): Totals {
  return { requests: 0, seconds: 0, errors: 0, non2xx: 0, latencyP50: [], latencyP99: [], rounds: [] }
}

function add(totals: Totals, r: Result): void {
  totals.requests += r.requests.total
  totals.seconds += r.duration
  totals.errors += r.errors + r.timeouts
  totals.non2xx += r.non2xx
  totals.latencyP50.push(r.latency.p50)
  totals.latencyP99.push(r.latency.p99)
  totals.rounds.push(r.requests.total / r.duration)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Spawn `node dist/cli.js serve --port P` and poll GET /api/info until it answers 200. */
async function startupOnce(): Promise<{ total: number; listening: number | undefined }> {
  const port = await freePort()
  const started = performance.now()
  let listening: number | undefined
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => {
    if (listening === undefined && chunk.toString().includes('listening on')) listening = performance.now() - started
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dist/cli.js exited with ${child.exitCode}: ${stderr.trim()}`)
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/info`)
        await response.arrayBuffer()
        if (response.ok) return { total: performance.now() - started, listening }
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 30_000) throw new Error('dist/cli.js did not answer within 30 s')
      await sleep(5)
    }
  } finally {
    await stop(child)
  }
}

/** The newest modification time under the source folders (to warn about a stale dist/). */
function newestSource(): number {
  let newest = 0
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  for (const dir of ['src', 'handlers', 'seeds']) walk(join(ROOT, dir))
  return newest
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('4. HTTP server on loopback, side by side')

  // ---- throughput ----
  const seconds = quick ? 1 : 2.5
  const rounds = quick ? 2 : 3
  const warmup = quick ? 0.5 : 1.5
  const children: Child[] = []
  try {
    const mock = await startChild(['mock', String(MESSAGES)])
    children.push(mock)
    const { url, paths = {}, headers = {} } = mock.ready
    const routes: StaticRoute[] = []
    for (const path of Object.values(paths)) {
      const response = await fetch(`${url}${path}`, { headers })
      const body = await response.text()
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 200)}`)
      const responseHeaders: Record<string, string> = {}
      for (const [name, value] of response.headers) {
        if (!['content-type', 'content-length', 'connection', 'keep-alive', 'date', 'transfer-encoding'].includes(name)) responseHeaders[name] = value
      }
      routes.push({ pathname: new URL(path, url).pathname, body, status: response.status, headers: responseHeaders })
    }
    const init: StaticBodyMessage = { type: 'static-body', routes }
    const [viaMsw, staticServer, raw] = await Promise.all([startChild(['mock-msw', String(MESSAGES)]), startChild(['static'], init), startChild(['raw'], init)])
    children.push(viaMsw, staticServer, raw)
    for (const [i, path] of Object.values(paths).entries()) {
      for (const server of [viaMsw, staticServer, raw]) {
        const check = await fetch(`${server.ready.url}${path}`, { headers })
        if (check.status !== 200 || (await check.text()).length !== routes[i]!.body.length)
          throw new Error(`${path}: a comparison server does not answer the same body`)
      }
    }

    report.note(
      `Large scenario, ${MESSAGES / 1000}k messages; autocannon ${CONNECTIONS} connections, ${rounds} rounds of ${seconds} s per server, alternating,\n` +
        `after ${warmup} s of warm-up each; every server in its own child process. "raw" is node:http writing the same bytes\n` +
        'precomputed; "msw static" is the same bridge + getResponse with one static HttpResponse.json handler per route;\n' +
        '"mock" is the CLI\'s wiring (direct path), "mock via msw" the bridge + getResponse over mock.httpHandlers.',
    )
    const targets: Record<string, number> = { 'dm.history': 0.3, info: 0.4, 'chat.getMessage': 0.4 }
    for (const [i, [name, path]] of Object.entries(paths).entries()) {
      const servers: Array<[string, Child]> = [
        ['mock', mock],
        ...(name === 'dm.history' ? ([['mock via msw', viaMsw]] as Array<[string, Child]>) : []),
        ['msw static', staticServer],
        ['raw', raw],
      ]
      console.log()
      report.sub(`GET ${name === 'info' ? '/api/info' : name} (${fmtInt(Buffer.byteLength(routes[i]!.body))} B body)`)
      const totals = new Map(servers.map(([label]) => [label, emptyTotals()]))
      for (const [, server] of servers) await load(`${server.ready.url}${path}`, headers, warmup)
      for (let r = 0; r < rounds; r++)
        for (const [label, server] of servers) add(totals.get(label)!, await load(`${server.ready.url}${path}`, headers, seconds))
      const rps = (t: Totals) => t.requests / t.seconds
      const rawRps = rps(totals.get('raw')!)
      for (const [label] of servers) {
        const t = totals.get(label)!
        report.line(
          `${label}: requests/s`,
          fmtInt(rps(t)),
          `${fmtRatio(rps(t) / rawRps)} raw; p50 ${median(t.latencyP50).toFixed(1)} ms, p99 ${median(t.latencyP99).toFixed(1)} ms` +
            (t.errors || t.non2xx ? `; ${t.errors} errors, ${t.non2xx} non-2xx` : ''),
        )
      }
      const ratio = rps(totals.get('mock')!) / rawRps
      const limit = targets[name] ?? 0.4
      report.target(`${name}: mock ÷ raw node:http requests/s`, fmtRatio(ratio), { value: ratio, limit, kind: 'min', text: `≥ ${limit}×` })
      report.line('  mock ÷ msw static', fmtRatio(rps(totals.get('mock')!) / rps(totals.get('msw static')!)))
    }
  } finally {
    for (const child of children) await stop(child.process)
  }

  // ---- start-up of the built CLI ----
  console.log()
  if (!existsSync(CLI)) {
    report.line('start-up of dist/cli.js serve', 'skipped', 'dist/cli.js is missing: run `npm run build` first')
    return
  }
  const stale = statSync(CLI).mtimeMs < newestSource()
  const runs = quick ? 3 : 7
  const results: Array<{ total: number; listening: number | undefined }> = []
  for (let i = 0; i < runs; i++) results.push(await startupOnce())
  const total = median(results.map((r) => r.total))
  const listening = results.map((r) => r.listening).filter((x): x is number => x !== undefined)
  report.line(`start-up: spawn → first 200 of GET /api/info (median of ${runs})`, fmtMs(total))
  report.line('  runs', results.map((r) => fmtMs(r.total)).join(', '))
  if (listening.length > 0) {
    const printed = median(listening)
    report.target('spawn → "listening on" printed (median)', fmtMs(printed), { value: printed, limit: 500, kind: 'max', text: '≤ 0.5 s' })
  }
  report.note('`node dist/cli.js serve --port <free port>`, default scenario; the bench polls every 5 ms.')
  if (stale) report.note('NB: dist/ is older than the sources; run `npm run build` for current figures.')
}
