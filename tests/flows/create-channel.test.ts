import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { createChannelFlow } from './replays/create-channel.js'

setup()

describe('flow: creating a channel (setupServer)', () => {
  it('channels.create / groups.create → sync → history → taken names', async () => {
    await createChannelFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
