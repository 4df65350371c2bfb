#!/usr/bin/env node
// First: an unsupported Node.js or msw fails here with one sentence (see requirements.ts).
import './requirements.js'
import './msw-check.js'
import { parseArgs } from 'node:util'
import { getResponse } from 'msw'
import { createAdminApi, ADMIN_PREFIX } from './http/admin.js'
import { corsHeaders, withCors } from './http/cors.js'
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
  --body-limit <bytes>  largest accepted request body (default: FileUpload_MaxFileSize + 1 MB, at least 1000000)
  --cors-origin <list>  origins allowed by CORS, comma-separated, or * (default *; API_CORS_Origin)
  --no-admin            do not serve the admin API under ${ADMIN_PREFIX}
  --activity[=MS]       simulated activity: personas post, reply, react in GENERAL every ~MS ms (default 5000)
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
      // `--activity` alone means the default rate (parseArgs has no optional values).
      args: argv.map((arg) => (arg === '--activity' ? '--activity=5000' : arg)),
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        messages: { type: 'string' },
        setting: { type: 'string', multiple: true },
        'body-limit': { type: 'string' },
        'cors-origin': { type: 'string' },
        'no-admin': { type: 'boolean' },
        activity: { type: 'string' },
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
  if (values['cors-origin'] !== undefined) {
    if (values['cors-origin'].trim() === '') fail('--cors-origin expects * or a comma-separated list of origins')
    settings.API_CORS_Origin = values['cors-origin']
  }

  const mock = createRocketChatMock({
    seed: integer('seed', values.seed, 42),
    scenario,
    settings,
    ...(values.messages !== undefined ? { messages: integer('messages', values.messages, 100_000) } : {}),
  })
  if (values.activity !== undefined) mock.activity.start({ everyMs: Math.max(10, integer('activity', values.activity, 5_000)) })
  // The same MSW handlers as every other mode, resolved without interception; in front of them
  // the admin API (unless --no-admin), and CORS around both (read from the workspace settings).
  const admin = values['no-admin'] ? undefined : createAdminApi(mock)
  const handle = async (request: Request) => (admin && (await admin(request))) ?? getResponse(mock.httpHandlers, request)
  // Room for an upload of FileUpload_MaxFileSize plus its multipart envelope.
  const maxFile = Number(mock.core.setting('FileUpload_MaxFileSize'))
  const defaultBodyLimit = Math.max(1_000_000, Number.isFinite(maxFile) && maxFile > 0 ? maxFile + 1_048_576 : 1_000_000)
  const server = await startHttpServer({
    handle: withCors(() => mock.core, handle),
    // The router's own routes skip msw (decisions/0010), with the same CORS headers.
    direct: { ...mock.direct, headers: (input) => corsHeaders(mock.core, input.header('origin')) },
    port: integer('port', values.port, 3100),
    host: values.host ?? '127.0.0.1',
    bodyLimit: integer('body-limit', values['body-limit'], defaultBodyLimit),
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
  // `npm run serve` and `npx rocketchat-msw` start this process through a shell and relay SIGINT/SIGTERM
  // to that shell only, which exits and would leave the server holding its port. Started by npm, a
  // new parent (this process orphaned) means npm was told to stop.
  if (process.env.npm_command !== undefined) {
    const parent = process.ppid
    setInterval(() => {
      if (process.ppid !== parent) stop('npm exited')
    }, 200).unref()
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
