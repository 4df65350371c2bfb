/**
 * Every flow replay again, over real HTTP against the standalone server (`node dist/cli.js
 * serve`), one fresh server per flow. No MSW in this file.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { serveCli, type ServedCli } from '../cli.js'
import { MobileClient, type FlowContext } from './replays/client.js'
import { createChannelFlow } from './replays/create-channel.js'
import { discussionFlow } from './replays/discussion.js'
import { inviteFlow } from './replays/invite.js'
import { openRoomFlow } from './replays/open-room.js'
import { openThreadFlow } from './replays/open-thread.js'
import { startupFlow } from './replays/startup.js'

const FLOWS: Array<[string, (ctx: FlowContext) => Promise<void>]> = [
  ['start-up', startupFlow],
  ['opening a room', openRoomFlow],
  ['opening a thread', openThreadFlow],
  ['creating a channel', createChannelFlow],
  ['inviting', inviteFlow],
  ['starting a discussion', discussionFlow],
]

let servers: ServedCli[] = []
beforeAll(async () => {
  servers = await Promise.all(FLOWS.map(() => serveCli(['--seed', '42'])))
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
})

describe('flows over HTTP (rocketchat-msw serve)', () => {
  FLOWS.forEach(([name, flow], i) => {
    it(name, async () => {
      const base = servers[i]!.url.replace(/\/$/, '')
      await flow({ client: () => new MobileClient(base), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
    })
  })
})
