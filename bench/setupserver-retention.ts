/**
 * Heap retention of MSW 3 Node interception vs. the alternatives.
 * See decisions/0002-setupserver-retention.md for the write-up.
 *
 * Run (from the repository root):
 *
 *   npm exec -- tsx bench/setupserver-retention.ts
 *
 * The parent process runs every scenario in its own child process
 * (`node <tsx loader> --expose-gc bench/setupserver-retention.ts --scenario <name>`)
 * so leaked native handles of one scenario cannot pollute the next.
 * A single scenario can be run directly:
 *
 *   npm exec -- node --expose-gc --import tsx bench/setupserver-retention.ts --scenario setupServer-fetch-no-length
 *
 * Environment: N (requests per scenario, default 5000), WARMUP (default 200).
 * Prints figures only; asserts nothing.
 */
import { spawnSync } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
// Default import on purpose: ClientRequestInterceptor patches the module object,
// which a named ESM import of `request` would not see.
import nodeHttp from 'node:http'
import type { Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { http, HttpResponse, getResponse, isPassthroughResponse } from 'msw'
import type { RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { defineNetwork, InterceptorSource } from 'msw/experimental'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { startHttpServer } from '../src/http/server.js'

const N = Number(process.env.N ?? 5000)
const WARMUP = Number(process.env.WARMUP ?? 200)
// A resolvable host: node:http resolves the name before the interceptor sees the connection.
const ORIGIN = 'http://localhost:3000'
const INFO = { success: true, version: '7.0.0', info: { version: '7.0.0', build: { nodeVersion: 'v22' } } }

/** With Content-Length: the intercepted connection stays alive and is reused. */
const withLength: RequestHandler[] = [http.get('*/api/info', () => HttpResponse.json(INFO))]
/**
 * Without Content-Length (plain `new HttpResponse(...)` / `new Response(...)`,
 * also `HttpResponse.xml/html` and streams): the interceptor ends the socket
 * after the response, so every request opens a new connection.
 */
const withoutLength: RequestHandler[] = [
  http.get('*/api/info', () => new HttpResponse(JSON.stringify(INFO), { headers: { 'content-type': 'application/json' } })),
]

interface Result {
  scenario: string
  requests: number
  connections: number
  leakedHandles: number
  heapPerRequestKB: number
  heapDeltaMB: number
  /** null when the scenario's timing is dominated by deliberate waits. */
  usPerRequest: number | null
  handlesBefore: number
  handlesAfter: number
}

/**
 * Counts client sockets (net.connect / createConnection: undici, http.Agent)
 * and how many of them emitted 'close' while their native TCP handle was
 * still open (checked one macrotask later, after every 'close' listener ran).
 */
const socketStats = { opened: 0, closedWithOpenHandle: 0 }
function trackClientSockets(): void {
  subscribe('net.client.socket', (message) => {
    const { socket } = message as { socket: Socket }
    socketStats.opened++
    socket.once('close', () => {
      setImmediate(() => {
        if ((socket as Socket & { _handle?: unknown })._handle) socketStats.closedWithOpenHandle++
      })
    })
  })
}

function activeHandles(): number {
  return (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length
}

function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc
  if (existing) return existing
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

async function fullGc(): Promise<void> {
  const gc = getGc()
  for (let i = 0; i < 4; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function fetchJson(doFetch: typeof fetch, url: string): Promise<void> {
  const response = await doFetch(url)
  await response.json()
}

function nodeHttpGetNoAgent(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    nodeHttp
      .request(url, { agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve())
      })
      .on('error', reject)
      .end()
  })
}

/**
 * Workaround for the leak: close the TCP handle the interceptor leaves open.
 * Every client socket created through net.connect()/createConnection()
 * (undici, http.Agent) is announced on this public diagnostics channel.
 */
function installHandleClosingShim(): void {
  subscribe('net.client.socket', (message) => {
    const { socket } = message as { socket: Socket }
    socket.once('close', () => {
      const s = socket as Socket & { _handle?: { close(): void } | null }
      const handle = s._handle
      if (handle) {
        s._handle = null
        handle.close()
      }
    })
  })
}

/** `fetch` answered in-process by the handlers; no interception, no sockets. */
function createHandlerFetch(handlers: RequestHandler[], realFetch: typeof fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const response = await getResponse(handlers, request)
    if (response === undefined || isPassthroughResponse(response)) return realFetch(request)
    if (response.type === 'error') throw new TypeError('Failed to fetch')
    return response
  }
}

interface ScenarioRun {
  /** One request; called WARMUP + N times. */
  one: () => Promise<void>
  /** Replaces the N-times loop; returns how many requests it sent. */
  loop?: () => Promise<number>
  after?: () => Promise<void> | void
}
type Scenario = () => Promise<ScenarioRun>

const scenarios: Record<string, { label: string; setup: Scenario }> = {
  'setupServer-fetch-with-length': {
    label: 'setupServer, fetch, HttpResponse.json (Content-Length, keep-alive reused)',
    setup: async () => {
      const server = setupServer(...withLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      return { one: () => fetchJson(fetch, `${ORIGIN}/api/info`), after: () => server.close() }
    },
  },
  'setupServer-fetch-with-length-idle': {
    label: 'setupServer, fetch, HttpResponse.json, 50 parallel x 3 rounds, undici idle-closes (4 s) in between',
    setup: async () => {
      const server = setupServer(...withLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      const one = () => fetchJson(fetch, `${ORIGIN}/api/info`)
      return {
        one,
        loop: async () => {
          const rounds = 3
          const parallel = 50
          for (let round = 0; round < rounds; round++) {
            await Promise.all(Array.from({ length: parallel }, one))
            await new Promise((resolve) => setTimeout(resolve, 4_500))
          }
          return rounds * parallel
        },
      }
    },
  },
  'setupServer-fetch-no-length': {
    label: 'setupServer, fetch, response without Content-Length (1 connection/request)',
    setup: async () => {
      const server = setupServer(...withoutLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      return { one: () => fetchJson(fetch, `${ORIGIN}/api/info`) }
    },
  },
  'setupServer-http-no-agent': {
    label: 'setupServer, node:http agent:false, HttpResponse.json',
    setup: async () => {
      const server = setupServer(...withLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      return { one: () => nodeHttpGetNoAgent(`${ORIGIN}/api/info`) }
    },
  },
  'setupServer-fetch-no-length-then-close': {
    label: 'same as no-length, measured after server.close()',
    setup: async () => {
      const server = setupServer(...withoutLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      return { one: () => fetchJson(fetch, `${ORIGIN}/api/info`), after: () => server.close() }
    },
  },
  'fetchInterceptor-only-no-length': {
    label: 'defineNetwork + only FetchInterceptor, fetch, no Content-Length',
    setup: async () => {
      const network = defineNetwork({
        sources: [new InterceptorSource({ interceptors: [new FetchInterceptor()] })],
        handlers: withoutLength,
        onUnhandledFrame: 'bypass',
        context: { quiet: true },
      })
      await network.enable()
      return { one: () => fetchJson(fetch, `${ORIGIN}/api/info`) }
    },
  },
  'setupServer-fetch-no-length-shim': {
    label: 'setupServer + handle-closing shim, fetch, no Content-Length',
    setup: async () => {
      installHandleClosingShim()
      const server = setupServer(...withoutLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      return { one: () => fetchJson(fetch, `${ORIGIN}/api/info`) }
    },
  },
  'setupServer-http-no-agent-shim': {
    label: 'setupServer + handle-closing shim, node:http agent:false',
    setup: async () => {
      installHandleClosingShim()
      const server = setupServer(...withLength)
      server.listen({ onUnhandledFrame: 'bypass' })
      return { one: () => nodeHttpGetNoAgent(`${ORIGIN}/api/info`) }
    },
  },
  'getResponse-fetch': {
    label: 'custom fetch = getResponse(handlers, new Request(...)), no interception',
    setup: async () => {
      const mockFetch = createHandlerFetch(withoutLength, fetch)
      return { one: () => fetchJson(mockFetch, `${ORIGIN}/api/info`) }
    },
  },
  'http-bridge-fetch': {
    label: 'startHttpServer (src/http/server.ts) + real fetch over loopback',
    setup: async () => {
      const server = await startHttpServer({ port: 0, handle: (request) => getResponse(withoutLength, request) })
      return { one: () => fetchJson(fetch, `${server.url}/api/info`), after: () => server.close() }
    },
  },
}

async function runScenario(name: string): Promise<Result> {
  const scenario = scenarios[name]
  if (scenario === undefined) throw new Error(`unknown scenario ${name}`)
  trackClientSockets()
  const { one, loop, after } = await scenario.setup()
  for (let i = 0; i < WARMUP; i++) await one()
  await fullGc()
  const heapBefore = process.memoryUsage().heapUsed
  const handlesBefore = activeHandles()
  const started = performance.now()
  let requests = N
  if (loop) requests = await loop()
  else for (let i = 0; i < N; i++) await one()
  const elapsed = performance.now() - started
  if (after) await after()
  await fullGc()
  const heapDelta = process.memoryUsage().heapUsed - heapBefore
  return {
    scenario: name,
    requests,
    // Whole child lifetime, warm-up included.
    connections: socketStats.opened,
    leakedHandles: socketStats.closedWithOpenHandle,
    heapPerRequestKB: heapDelta / requests / 1024,
    heapDeltaMB: heapDelta / 1e6,
    usPerRequest: loop ? null : (elapsed * 1000) / requests,
    handlesBefore,
    handlesAfter: activeHandles(),
  }
}

async function main(): Promise<void> {
  const index = process.argv.indexOf('--scenario')
  if (index !== -1) {
    const name = process.argv[index + 1] ?? ''
    const result = await runScenario(name)
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
    // Leaked handles / idle sockets must not keep the child alive.
    process.exit(0)
  }

  const file = fileURLToPath(import.meta.url)
  console.log(`node ${process.version}, N=${N} sequential requests per scenario (after ${WARMUP} warm-up), heap after forced GC`)
  console.log('conns = client connections opened (warm-up included); leaked = of those, closed with their TCP handle left open')
  console.log('handles = process._getActiveHandles() before -> after (unref-ed handles are not counted)\n')
  console.log(
    `${'scenario'.padEnd(40)} ${'reqs'.padStart(5)} ${'KB/req'.padStart(7)} ${'MB'.padStart(6)} ${'µs/req'.padStart(6)} ${'conns'.padStart(5)} ${'leaked'.padStart(6)} ${'handles'.padStart(10)}  description`,
  )
  for (const [name, { label }] of Object.entries(scenarios)) {
    const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', file, '--scenario', name], {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 64 * 1024 * 1024,
    })
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '))
    if (line === undefined) {
      console.log(`${name.padEnd(40)} failed (exit ${String(child.status)}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`)
      continue
    }
    const r = JSON.parse(line.slice('RESULT '.length)) as Result
    const us = r.usPerRequest === null ? '-' : r.usPerRequest.toFixed(0)
    console.log(
      `${name.padEnd(40)} ${String(r.requests).padStart(5)} ${r.heapPerRequestKB.toFixed(2).padStart(7)} ${r.heapDeltaMB.toFixed(1).padStart(6)} ${us.padStart(6)} ${String(r.connections).padStart(5)} ${String(r.leakedHandles).padStart(6)} ${`${r.handlesBefore}->${r.handlesAfter}`.padStart(10)}  ${label}`,
    )
  }
}

await main()
