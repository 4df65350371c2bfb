/**
 * 5. Load on the standalone server: autocannon on loopback against `node dist/cli.js serve`
 * (default scenario), 50 connections for 10 s (3 s with `--quick`), every connection cycling
 * through a mix of reads and writes by the four personas in GENERAL — `channels.history`,
 * `chat.getMessage`, `chat.postMessage`, `chat.update` (own message), `chat.react` — then the
 * same mix against a trivial static node:http server answering captured bodies. Afterwards the
 * writes are checked over the API: every post answered 200 is in the room (and nothing else
 * is), every accepted edit and reaction is there. Figures only; nothing is asserted.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type RequestSpec, type Result } from 'autocannon'
import { type BenchContext, fmtBytes, fmtInt, fmtRatio } from './lib.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli.js')
const PERSONAS = ['admin', 'demo', 'alice', 'bob'] as const
type Persona = (typeof PERSONAS)[number]
const CONNECTIONS = 50
const EMOJIS = [':eyes:', ':tada:', ':rocket:', ':+1:', ':wave:']

interface Server {
  url: string
  child: ChildProcess
}

function waitForUrl(child: ChildProcess, what: string): Promise<string> {
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(stdout)
      if (match) resolve(match[1]!)
    })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${what} exited with ${String(code)} before listening: ${stderr.trim()}`)))
  })
}

/** The built CLI when present (the real artifact), else the sources through tsx. */
async function startMock(): Promise<Server & { fromSource: boolean }> {
  const fromSource = !existsSync(CLI)
  const execArgv = process.execArgv.filter((a) => a !== '--expose-gc')
  const args = fromSource ? [...execArgv, join(ROOT, 'src', 'cli.ts'), 'serve', '--port', '0'] : [CLI, 'serve', '--port', '0']
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  return { url: await waitForUrl(child, 'the mock server'), child, fromSource }
}

/** A trivial node:http server: reads the request body, answers a fixed body per path. */
const STATIC_SERVER = `
const { createServer } = require('node:http')
const bodies = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))
const server = createServer({ keepAlive: true }, (req, res) => {
  req.resume()
  req.on('end', () => {
    const path = req.url.split('?')[0]
    const body = bodies[path] ?? '{"success":false,"error":"Resource not found"}'
    res.writeHead(bodies[path] ? 200 : 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
})
server.keepAliveTimeout = 30000
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port))
`

async function startStatic(bodiesFile: string): Promise<Server> {
  const child = spawn(process.execPath, ['-e', STATIC_SERVER, bodiesFile], { stdio: ['ignore', 'pipe', 'pipe'] })
  return { url: await waitForUrl(child, 'the static server'), child }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  await exited
}

function rssOf(child: ChildProcess): number | undefined {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

type Credentials = Record<Persona, { userId: string; authToken: string }>

async function api(base: string, path: string, init: { as?: Credentials[Persona]; body?: unknown; query?: Record<string, string | number> } = {}) {
  const url = new URL(`/api/v1/${path}`, base)
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, String(v))
  const headers: Record<string, string> = {}
  if (init.as) Object.assign(headers, { 'X-User-Id': init.as.userId, 'X-Auth-Token': init.as.authToken })
  if (init.body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(url, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`${path} → ${response.status} ${text.slice(0, 200)}`)
  return JSON.parse(text) as any
}

interface Fixture {
  credentials: Credentials
  /** A seeded message everyone reads. */
  readId: string
  /** Seeded messages everyone reacts to. */
  reactIds: string[]
  /** One message per persona that the persona keeps editing. */
  editIds: Record<Persona, string>
}

async function prepare(base: string, run: string): Promise<Fixture> {
  const credentials = {} as Credentials
  for (const p of PERSONAS) {
    const login = await api(base, 'login', { body: { user: p, password: p } })
    credentials[p] = { userId: login.data.userId, authToken: login.data.authToken }
  }
  const page = await api(base, 'channels.history', { as: credentials.demo, query: { roomId: 'GENERAL', count: 20 } })
  const plain = (page.messages as Array<{ _id: string; t?: string }>).filter((m) => !m.t).map((m) => m._id)
  const editIds = {} as Record<Persona, string>
  for (const p of PERSONAS)
    editIds[p] = (await api(base, 'chat.postMessage', { as: credentials[p], body: { roomId: 'GENERAL', text: `${run} edit target of ${p}` } })).message._id
  return { credentials, readId: plain[0]!, reactIds: plain.slice(1, 6), editIds }
}

/** What the load did, from the answers autocannon saw. */
interface Tally {
  byRoute: Map<string, Map<number, number>>
  /** Ids of posts answered 200. */
  posted: Set<string>
  /** Texts of every post sent (answered or still in flight when the run stopped). */
  postTexts: Set<string>
  /** Message id → texts of every edit sent. */
  editTexts: Map<string, Set<string>>
  reactions: Array<{ id: string; emoji: string; persona: Persona }>
}

function newTally(): Tally {
  return { byRoute: new Map(), posted: new Set(), postTexts: new Set(), editTexts: new Map(), reactions: [] }
}

function count(tally: Tally, route: string, status: number): void {
  const statuses = tally.byRoute.get(route) ?? new Map<number, number>()
  tally.byRoute.set(route, statuses)
  statuses.set(status, (statuses.get(status) ?? 0) + 1)
}

interface Context {
  persona?: Persona
  n?: number
}

/**
 * One cycle of ten requests per connection (30% history, 30% getMessage, 20% posts, 10% edits,
 * 10% reactions); each cycle runs as the next persona round-robin.
 */
function mix(fx: Fixture, run: string, tally: Tally): RequestSpec[] {
  let cycles = 0
  let sequence = 0
  const json = { 'Content-Type': 'application/json' }
  const auth = (ctx: Context) => ({ 'X-User-Id': fx.credentials[ctx.persona!].userId, 'X-Auth-Token': fx.credentials[ctx.persona!].authToken })
  const history = (): RequestSpec => ({
    setupRequest: (req, ctx: Context) => ({ ...req, method: 'GET', path: '/api/v1/channels.history?roomId=GENERAL&count=50', headers: auth(ctx) }),
    onResponse: (status) => count(tally, 'GET channels.history (count 50)', status),
  })
  const getMessage = (): RequestSpec => ({
    setupRequest: (req, ctx: Context) => ({ ...req, method: 'GET', path: `/api/v1/chat.getMessage?msgId=${fx.readId}`, headers: auth(ctx) }),
    onResponse: (status) => count(tally, 'GET chat.getMessage', status),
  })
  const post = (): RequestSpec => ({
    setupRequest: (req, ctx: Context) => {
      const text = `${run} post ${++sequence} by ${ctx.persona}${sequence % 5 === 0 ? ' @alice' : ''}`
      tally.postTexts.add(text)
      return { ...req, method: 'POST', path: '/api/v1/chat.postMessage', headers: { ...auth(ctx), ...json }, body: JSON.stringify({ roomId: 'GENERAL', text }) }
    },
    onResponse: (status, body) => {
      count(tally, 'POST chat.postMessage', status)
      if (status === 200) tally.posted.add((JSON.parse(body) as { message: { _id: string } }).message._id)
    },
  })
  const update = (): RequestSpec => ({
    setupRequest: (req, ctx: Context) => {
      const text = `${run} edit ${++sequence} by ${ctx.persona}`
      const id = fx.editIds[ctx.persona!]
      const sent = tally.editTexts.get(id) ?? new Set<string>()
      tally.editTexts.set(id, sent)
      sent.add(text)
      return {
        ...req,
        method: 'POST',
        path: '/api/v1/chat.update',
        headers: { ...auth(ctx), ...json },
        body: JSON.stringify({ roomId: 'GENERAL', msgId: fx.editIds[ctx.persona!], text }),
      }
    },
    onResponse: (status) => count(tally, 'POST chat.update (own message)', status),
  })
  const react = (): RequestSpec => ({
    setupRequest: (req, ctx: Context) => {
      ctx.n = ++sequence
      const id = fx.reactIds[ctx.n % fx.reactIds.length]!
      const emoji = EMOJIS[ctx.n % EMOJIS.length]!
      return {
        ...req,
        method: 'POST',
        path: '/api/v1/chat.react',
        headers: { ...auth(ctx), ...json },
        body: JSON.stringify({ messageId: id, emoji, shouldReact: true }),
      }
    },
    onResponse: (status, _body, ctx: Context) => {
      count(tally, 'POST chat.react', status)
      if (status === 200) tally.reactions.push({ id: fx.reactIds[ctx.n! % fx.reactIds.length]!, emoji: EMOJIS[ctx.n! % EMOJIS.length]!, persona: ctx.persona! })
    },
  })
  const first = history()
  const setupFirst = first.setupRequest!
  first.setupRequest = (req, ctx: Context) => {
    ctx.persona = PERSONAS[cycles++ % PERSONAS.length]
    return setupFirst(req, ctx)
  }
  return [first, getMessage(), post(), history(), getMessage(), react(), history(), update(), post(), getMessage()]
}

function load(url: string, requests: RequestSpec[], seconds: number): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 })
}

/**
 * Check the writes over the API. A request still in flight when autocannon stopped may have been
 * applied without its answer being counted, so: every post answered 200 must be in the room, and
 * every post in the room must be one that was sent; `msgs` must have grown by the posts found;
 * each edited message must end with a text that was sent to it; every reaction answered 200 must
 * be there.
 */
async function verify(base: string, fx: Fixture, run: string, tally: Tally, msgsBefore: number) {
  const history = await api(base, 'channels.history', { as: fx.credentials.demo, query: { roomId: 'GENERAL', count: 0 } })
  const messages = history.messages as Array<{ _id: string; msg: string; reactions?: Record<string, { usernames: string[] }> }>
  const found = messages.filter((m) => m.msg.startsWith(`${run} post `))
  const foundIds = new Set(found.map((m) => m._id))
  const lostPosts = [...tally.posted].filter((id) => !foundIds.has(id)).length
  const phantomPosts = found.filter((m) => !tally.postTexts.has(m.msg)).length
  const unanswered = found.filter((m) => !tally.posted.has(m._id)).length
  const info = await api(base, 'rooms.info', { as: fx.credentials.demo, query: { roomId: 'GENERAL' } })
  const msgsDelta = info.room.msgs - msgsBefore
  let lostEdits = 0
  for (const [id, texts] of tally.editTexts) {
    const message = (await api(base, 'chat.getMessage', { as: fx.credentials.demo, query: { msgId: id } })).message
    if (!texts.has(message.msg)) lostEdits++
  }
  let lostReactions = 0
  const byId = new Map(messages.map((m) => [m._id, m]))
  const seen = new Set<string>()
  for (const r of tally.reactions) {
    const key = `${r.id} ${r.emoji} ${r.persona}`
    if (seen.has(key)) continue
    seen.add(key)
    if (!byId.get(r.id)?.reactions?.[r.emoji]?.usernames.includes(r.persona)) lostReactions++
  }
  return {
    found: found.length,
    lostPosts,
    phantomPosts,
    unanswered,
    msgsDelta,
    lostEdits,
    editedMessages: tally.editTexts.size,
    lostReactions,
    distinctReactions: seen.size,
  }
}

/** Bodies the static server answers: what the mock answered to the same requests, captured once. */
async function captureBodies(base: string, fx: Fixture): Promise<Record<string, string>> {
  const auth = { 'X-User-Id': fx.credentials.demo.userId, 'X-Auth-Token': fx.credentials.demo.authToken }
  const text = async (path: string, init: RequestInit = {}) =>
    (await fetch(`${base}${path}`, { ...init, headers: { ...auth, 'Content-Type': 'application/json' } })).text()
  return {
    '/api/v1/channels.history': await text('/api/v1/channels.history?roomId=GENERAL&count=50'),
    '/api/v1/chat.getMessage': await text(`/api/v1/chat.getMessage?msgId=${fx.readId}`),
    '/api/v1/chat.postMessage': await text('/api/v1/chat.postMessage', { method: 'POST', body: JSON.stringify({ roomId: 'GENERAL', text: 'static capture' }) }),
    '/api/v1/chat.update': await text('/api/v1/chat.update', {
      method: 'POST',
      body: JSON.stringify({ roomId: 'GENERAL', msgId: fx.editIds.demo, text: 'static capture' }),
    }),
    '/api/v1/chat.react': '{"success":true}',
  }
}

function describeResult(r: Result): string {
  return `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; ${fmtBytes(r.throughput.total)} read`
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  const seconds = quick ? 3 : 10
  const warmup = quick ? 1 : 2
  report.heading(`5. Load: mixed reads and writes on the standalone server (${CONNECTIONS} connections, ${seconds} s)`)
  const mock = await startMock()
  const dir = mkdtempSync(join(tmpdir(), 'rcmsw-load-'))
  let staticServer: Server | undefined
  try {
    const fx = await prepare(mock.url, 'load')
    const bodies = await captureBodies(mock.url, fx)
    writeFileSync(join(dir, 'bodies.json'), JSON.stringify(bodies))
    staticServer = await startStatic(join(dir, 'bodies.json'))

    report.note(
      `${mock.fromSource ? 'src/cli.ts via tsx (dist/cli.js is missing: run `npm run build`)' : '`node dist/cli.js serve`'}, default scenario; autocannon in this process,\n` +
        `${CONNECTIONS} connections, each cycling through 10 requests as the next persona: 3 × channels.history (count 50),\n` +
        `3 × chat.getMessage, 2 × chat.postMessage (every 5th mentions @alice), 1 × chat.update (own message),\n` +
        `1 × chat.react (shouldReact, 5 seeded messages × 5 emoji), all in GENERAL. ${warmup} s of warm-up per server first.\n` +
        'The static server is plain node:http answering the bodies the mock gave to the same requests.',
    )
    const rssBefore = rssOf(mock.child)
    await load(mock.url, mix(fx, 'warmup', newTally()), warmup)
    await load(staticServer.url, mix(fx, 'warmup', newTally()), warmup)

    // Let the warm-up's last requests land before taking the counter.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const msgsBefore = (await api(mock.url, 'rooms.info', { as: fx.credentials.demo, query: { roomId: 'GENERAL' } })).room.msgs as number
    const tally = newTally()
    const m = await load(mock.url, mix(fx, 'load', tally), seconds)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const rssAfter = rssOf(mock.child)
    const s = await load(staticServer.url, mix(fx, 'static', newTally()), seconds)

    const rps = (r: Result) => r.requests.total / r.duration
    report.line('mock: requests/s', fmtInt(rps(m)), describeResult(m))
    report.line('static node:http, same bodies: requests/s', fmtInt(rps(s)), describeResult(s))
    report.line('mock ÷ static', fmtRatio(rps(m) / rps(s)))
    report.sub('per route (mock)')
    for (const [route, statuses] of tally.byRoute) {
      const parts = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${fmtInt(n)} × ${status}`)
      report.line(`  ${route}`, parts.join(', '))
    }
    const failures = m.errors + m.timeouts + m.non2xx
    report.target('mock: non-2xx + errors + timeouts', `${m.non2xx} + ${m.errors} + ${m.timeouts}`, { value: failures, limit: 0, kind: 'max', text: '= 0' })
    if (s.errors + s.timeouts + s.non2xx > 0) report.line('static: non-2xx + errors + timeouts', `${s.non2xx} + ${s.errors} + ${s.timeouts}`)

    report.sub('writes, checked over the API afterwards')
    const v = await verify(mock.url, fx, 'load', tally, msgsBefore)
    report.line('posts answered 200', fmtInt(tally.posted.size), `missing afterwards: ${v.lostPosts}`)
    report.line(
      '  posts in GENERAL afterwards (channels.history count=0)',
      fmtInt(v.found),
      `${v.unanswered} in flight at the stop (applied, answer not counted); never sent: ${v.phantomPosts}`,
    )
    report.line('  room msgs grew by', fmtInt(v.msgsDelta), v.msgsDelta === v.found ? '= posts found' : `≠ ${v.found} posts found`)
    const edits = tally.byRoute.get('POST chat.update (own message)')?.get(200) ?? 0
    report.line(
      'edits answered 200',
      fmtInt(edits),
      `${v.editedMessages} messages, each ends with a text sent to it: ${v.lostEdits === 0 ? 'yes' : `no (${v.lostEdits})`}`,
    )
    report.line('distinct reactions answered 200', fmtInt(v.distinctReactions), `missing afterwards: ${v.lostReactions}`)
    const lost = v.lostPosts + v.phantomPosts + v.lostEdits + v.lostReactions + Math.abs(v.msgsDelta - v.found)
    report.target('lost writes (posts, edits, reactions, msgs counter)', fmtInt(lost), { value: lost, limit: 0, kind: 'max', text: '= 0' })
    const rssLater = rssOf(mock.child)
    if (rssBefore !== undefined && rssAfter !== undefined && rssLater !== undefined) {
      report.line('mock RSS: before → after the load → after the checks', `${fmtBytes(rssBefore)} → ${fmtBytes(rssAfter)} → ${fmtBytes(rssLater)}`)
    }
  } finally {
    await stop(mock.child)
    if (staticServer) await stop(staticServer.child)
    rmSync(dir, { recursive: true, force: true })
  }
}
