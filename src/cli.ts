#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { getResponse } from 'msw'
import { startHttpServer } from './http/server.js'
import { createRocketChatMock } from './mock.js'
import { webSocketUpgrade } from './realtime/transports/node-ws.js'
import { parseSettingValue } from './settings.js'
import { scenarios, type ScenarioName } from '../seeds/index.js'

const USAGE = `Usage: rocketchat-msw serve [options]

  --port <n>            port to listen on (default 3100; 0 = any free port)
  --host <addr>         interface to bind (default 127.0.0.1)
  --seed <n>            seed of the generated data (default 42)
  --scenario <name>     ${Object.keys(scenarios).join(' | ')} (default default)
  --messages <n>        messages of the large scenario (default 100000)
  --setting KEY=VALUE   override a workspace setting (repeatable; VALUE parsed as JSON when it can be)
  --body-limit <bytes>  largest accepted request body (default 1000000)
  -h, --help            show this help`

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`)
  process.exit(2)
}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${raw}"`)
  return n
}

async function main(argv: string[]): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        messages: { type: 'string' },
        setting: { type: 'string', multiple: true },
        'body-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    fail((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const command = positionals[0] ?? 'serve'
  if (command !== 'serve') fail(`Unknown command "${command}"`)
  const scenario = (values.scenario ?? 'default') as ScenarioName
  if (!(scenario in scenarios)) fail(`Unknown scenario "${scenario}"`)
  const settings: Record<string, unknown> = {}
  for (const entry of values.setting ?? []) {
    const eq = entry.indexOf('=')
    if (eq <= 0) fail(`--setting expects KEY=VALUE, got "${entry}"`)
    settings[entry.slice(0, eq)] = parseSettingValue(entry.slice(eq + 1))
  }

  const mock = createRocketChatMock({
    seed: integer('seed', values.seed, 42),
    scenario,
    settings,
    ...(values.messages !== undefined ? { messages: integer('messages', values.messages, 100_000) } : {}),
  })
  // The router's own routes take the direct path (no fetch objects, decisions/0010); anything
  // else goes through the same MSW handlers as every other mode, resolved without interception.
  const server = await startHttpServer({
    handle: (request) => getResponse(mock.httpHandlers, request),
    direct: mock.direct,
    port: integer('port', values.port, 3100),
    host: values.host ?? '127.0.0.1',
    bodyLimit: integer('body-limit', values['body-limit'], 1_000_000),
    // The same port speaks DDP at /websocket, over the mock's own realtime server.
    upgrade: webSocketUpgrade(mock.realtime),
  })
  process.stdout.write(`listening on ${server.url}\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`${signal}: stopping\n`)
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
