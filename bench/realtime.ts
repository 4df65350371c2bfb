/**
 * Realtime: a REST post fanned out to 100 subscribed sockets — time from the post's answer to the
 * last socket's event — in-process (setupServer + MSW's WebSocket interception) and over loopback
 * (the CLI server in a child process); server memory per idle socket; heap after 10k relayed events.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setupServer } from 'msw/node'
import { getResponse } from 'msw'
import { createRocketChatMock } from '../src/mock.js'
import { startHttpServer } from '../src/http/server.js'
import { webSocketUpgrade } from '../src/realtime/transports/node-ws.js'
import { type BenchContext, fmtBytes, fmtMs, heapAfterGc, quantile } from './lib.js'

const SOCKETS = 100

interface Client {
  ws: WebSocket
  waiters: Map<string, () => void>
}

/** A logged-in socket subscribed to GENERAL; resolves each posted message id as it arrives. */
async function openClient(origin: string, token: string): Promise<Client> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/websocket`)
  const client: Client = { ws, waiters: new Map() }
  await new Promise((resolve, reject) => {
    ws.onopen = resolve
    ws.onerror = reject
  })
  const ready = new Promise<void>((resolve) => {
    ws.onmessage = (event) => {
      const text = String(event.data)
      if (text.includes('"ready"')) resolve()
      if (!text.startsWith('{"msg":"changed"')) return
      const id = /"_id":"([^"]+)"/.exec(text)?.[1]
      const waiter = id && client.waiters.get(id)
      if (waiter) {
        client.waiters.delete(id)
        waiter()
      }
    }
  })
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }))
  ws.send(JSON.stringify({ msg: 'method', id: 'l', method: 'login', params: [{ resume: token }] }))
  ws.send(JSON.stringify({ msg: 'sub', id: 's', name: 'stream-room-messages', params: ['GENERAL', { useCollection: false, args: [] }] }))
  await ready
  return client
}

/** Per post: [sent → last socket's event, answer → last socket's event (0 when the events came first)]. */
async function fanOut(
  origin: string,
  tokenFor: () => string,
  poster: { userId: string; authToken: string },
  rounds: number,
): Promise<{ fromSend: number[]; fromAnswer: number[] }> {
  const clients: Client[] = []
  for (let i = 0; i < SOCKETS; i++) clients.push(await openClient(origin, tokenFor()))
  const fromSend: number[] = []
  const fromAnswer: number[] = []
  for (let round = 0; round < rounds; round++) {
    const id = `bench-${round}-${Math.random().toString(36).slice(2, 10)}`
    let arrived = 0
    let lastArrival = 0
    const all = new Promise<void>((resolve) => {
      for (const c of clients)
        c.waiters.set(id, () => {
          lastArrival = performance.now()
          if (++arrived === clients.length) resolve()
        })
    })
    const sent = performance.now()
    const response = await fetch(`${origin}/api/v1/chat.sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user-id': poster.userId, 'x-auth-token': poster.authToken },
      body: JSON.stringify({ message: { _id: id, rid: 'GENERAL', msg: `round ${round}` } }),
    })
    await response.arrayBuffer()
    const answered = performance.now()
    await all
    fromSend.push(lastArrival - sent)
    fromAnswer.push(Math.max(0, lastArrival - answered))
  }
  for (const c of clients) c.ws.close()
  return { fromSend, fromAnswer }
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b)
  return `p50 ${fmtMs(quantile(sorted, 0.5))}, p99 ${fmtMs(quantile(sorted, 0.99))}`
}

async function startCli(): Promise<{ child: ChildProcess; url: string }> {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve) => {
    child.stdout!.on('data', (d) => {
      const m = /listening on (\S+)/.exec(String(d))
      if (m) resolve(m[1]!)
    })
  })
  return { child, url }
}

async function login(url: string, user: string): Promise<{ userId: string; authToken: string }> {
  const res = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password: user }),
  })
  return ((await res.json()) as { data: { userId: string; authToken: string } }).data
}

export async function run({ quick, report }: BenchContext): Promise<void> {
  const rounds = quick ? 50 : 200
  report.heading('Realtime')

  {
    const mock = createRocketChatMock({ seed: 42 })
    const server = setupServer(...mock.handlers)
    server.listen({ onUnhandledFrame: 'error' })
    const token = mock.login('alice').authToken
    const { fromSend, fromAnswer } = await fanOut('http://localhost:3000', () => token, mock.login('bob'), rounds)
    report.line(`in-process (setupServer), ${rounds} posts: request sent → last of ${SOCKETS} sockets`, summary(fromSend))
    report.line('  answer received → last socket (0 when the events arrive first)', summary(fromAnswer))
    server.close()
  }

  {
    const { child, url } = await startCli()
    const alice = await login(url, 'alice')
    const { fromSend, fromAnswer } = await fanOut(url, () => alice.authToken, await login(url, 'bob'), rounds)
    report.line(`loopback (CLI server), ${rounds} posts: request sent → last of ${SOCKETS} sockets`, summary(fromSend))
    const sorted = [...fromAnswer].sort((a, b) => a - b)
    report.target(`  answer received → last socket, ${summary(fromAnswer)}`, fmtMs(quantile(sorted, 0.99)), {
      value: quantile(sorted, 0.99),
      limit: 10,
      kind: 'max',
      text: 'p99 ≤ 10 ms',
    })
    child.kill()
  }

  {
    // Server-side memory: the server runs here, the sockets in a child process.
    const mock = createRocketChatMock({ seed: 42 })
    const http = await startHttpServer({ handle: (r) => getResponse(mock.httpHandlers, r), port: 0, upgrade: webSocketUpgrade(mock.realtime) })
    const token = mock.login('alice').authToken
    const count = quick ? 200 : 1000
    const before = await heapAfterGc()
    const script = `
      const [url, token, count] = process.argv.slice(1)
      const sockets = []
      let ready = 0
      for (let i = 0; i < Number(count); i++) {
        const ws = new WebSocket(url.replace('http', 'ws') + '/websocket')
        sockets.push(ws)
        ws.onopen = () => {
          ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }))
          ws.send(JSON.stringify({ msg: 'method', id: 'l', method: 'login', params: [{ resume: token }] }))
          ws.send(JSON.stringify({ msg: 'sub', id: 's', name: 'stream-room-messages', params: ['GENERAL', { useCollection: false, args: [] }] }))
        }
        ws.onmessage = (e) => { if (String(e.data).includes('"ready"') && ++ready === Number(count)) process.send('ready') }
      }
      process.on('message', (m) => { if (m === 'typing') for (const ws of sockets.slice(0, 1)) for (let i = 0; i < 10000; i++) ws.send(JSON.stringify({ msg: 'method', id: 't' + i, method: 'stream-notify-room', params: ['GENERAL/user-activity', 'alice', i % 2 ? [] : ['user-typing'], {}] })); if (m === 'done') process.exit(0) })
    `
    const child = spawn(process.execPath, ['-e', script, http.url, token, String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    await new Promise<void>((resolve) => child.once('message', () => resolve()))
    const idle = await heapAfterGc()
    report.target(`server heap per idle logged-in subscribed socket (${count} sockets)`, fmtBytes((idle - before) / count), {
      value: (idle - before) / count,
      limit: 50 * 1024,
      kind: 'max',
      text: '≤ 50 KB',
    })
    // 10k typing events, each fanned out to every socket: nothing is stored, so the heap must stay flat.
    child.send('typing')
    await new Promise((r) => setTimeout(r, quick ? 3000 : 8000))
    const after = await heapAfterGc()
    report.line(`heap after 10k relayed typing events (× ${count - 1} recipients)`, fmtBytes(after - idle), 'growth (expected ≈ 0)')
    child.send('done')
    await http.close()
  }
}
