/**
 * 6. Start-up surface and rooms lifecycle: what one request of the mobile app's start-up costs
 * through `createMockFetch` (default scenario and `large` at 100k messages — these reads must not
 * grow with the message count), the whole start-up sequence, and the write path of a room's life
 * (create → invite → leave).
 */
import { createRocketChatMock, type RocketChatMock } from '../src/mock.js'
import { createMockFetch } from '../src/node.js'
import { benchAsyncInterleaved, type BenchContext, fmtMs } from './lib.js'

const ORIGIN = 'http://localhost:3000'
const APP_SETTINGS = 'Accounts_AllowEmailChange,API_Use_REST_For_DDP_Calls,Message_AllowEditing,Threads_enabled,Site_Name,uniqueID,FileUpload_MaxFileSize'

function client(mock: RocketChatMock) {
  const f = createMockFetch({ handlers: mock.handlers, onUnhandledRequest: 'error' })
  const { userId, authToken } = mock.login('demo')
  const headers = { 'X-User-Id': userId, 'X-Auth-Token': authToken }
  const get = async (path: string) => {
    const res = await f(`${ORIGIN}/api/v1/${path}`, { headers })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const post = async (path: string, body: unknown) => {
    const res = await f(`${ORIGIN}/api/v1/${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  return { get, post }
}

const READS = {
  'settings.public (7 ids)': `settings.public?_id=${APP_SETTINGS}`,
  'permissions.listAll': 'permissions.listAll',
  'subscriptions.get': 'subscriptions.get',
  'rooms.get': 'rooms.get',
  'users.presence': 'users.presence',
  'emoji-custom.list': 'emoji-custom.list',
  'channels.members (GENERAL)': 'channels.members?roomId=GENERAL',
  'channels.list': 'channels.list',
} as const

export async function run({ quick, report }: BenchContext): Promise<void> {
  report.heading('6. Start-up surface and rooms lifecycle (createMockFetch)')
  const options = { rounds: quick ? 3 : 6, block: quick ? 20 : 50, warmup: 20 }
  const mocks = { default: createRocketChatMock(), large: createRocketChatMock({ scenario: 'large', messages: 100_000 }) }
  const rows: string[][] = []
  const perScenario: Record<string, Record<string, number>> = {}
  for (const [name, mock] of Object.entries(mocks)) {
    const { get } = client(mock)
    const ops = Object.fromEntries(Object.entries(READS).map(([label, path]) => [label, () => get(path)]))
    const results = await benchAsyncInterleaved(ops, options)
    perScenario[name] = Object.fromEntries(Object.entries(results).map(([label, s]) => [label, s.median]))
  }
  for (const label of Object.keys(READS)) rows.push([label, fmtMs(perScenario.default![label]!), fmtMs(perScenario.large![label]!)])
  report.table(['GET (median per request)', 'default', 'large 100k'], rows)

  // The whole start-up the mobile app runs after login (tests/flows/replays/startup.ts), one after the other.
  const { get, post } = client(mocks.default)
  const sequence = async () => {
    for (const path of Object.values(READS).slice(0, 6)) await get(path)
    await get('roles.list')
    await get('commands.list')
  }
  let n = 0
  const cycle = async () => {
    const name = `bench-room-${n++}`
    const created = (await post('channels.create', { name, members: [] })) as { channel: { _id: string } }
    await post('channels.invite', { roomId: created.channel._id, username: 'alice' })
    await post('channels.join', { roomId: created.channel._id })
  }
  const whole = await benchAsyncInterleaved({ sequence, cycle }, { rounds: options.rounds, block: quick ? 5 : 10, warmup: 3 })
  report.line('mobile start-up after login (8 requests, default scenario)', fmtMs(whole.sequence.median))
  report.line('channels.create → invite → join (3 writes)', fmtMs(whole.cycle.median))
}
