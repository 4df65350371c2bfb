/**
 * Every flow replay again, over real HTTP against the standalone server (`node dist/cli.js
 * serve`), one fresh server per flow. No MSW in this file.
 */
import { afterEach, describe, it } from 'vitest'
import { serveCli, type ServedCli } from '../cli.js'
import { MobileClient, type FlowContext } from './replays/client.js'
import { createChannelFlow } from './replays/create-channel.js'
import { discussionFlow } from './replays/discussion.js'
import { inviteFlow } from './replays/invite.js'
import { openRoomFlow } from './replays/open-room.js'
import { openThreadFlow } from './replays/open-thread.js'
import { startupFlow } from './replays/startup.js'
import { webStartupFlow } from './replays/web-startup.js'

const FLOWS: Array<[string, (ctx: FlowContext) => Promise<void>]> = [
  ['start-up', startupFlow],
  ['opening a room', openRoomFlow],
  ['opening a thread', openThreadFlow],
  ['creating a channel', createChannelFlow],
  ['inviting', inviteFlow],
  ['starting a discussion', discussionFlow],
  ['web client start-up through method.call', webStartupFlow],
]

// One fresh server per flow, started when the flow starts (spawning them all at once is slow on
// a busy machine) and stopped when it ends.
let server: ServedCli | undefined
afterEach(async () => {
  await server?.stop()
  server = undefined
})

describe('flows over HTTP (rocketchat-msw serve)', () => {
  for (const [name, flow] of FLOWS) {
    it(name, { timeout: 60_000 }, async () => {
      server = await serveCli(['--seed', '42'])
      const base = server.url.replace(/\/$/, '')
      await flow({ client: () => new MobileClient(base), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
    })
  }
})
