import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { openThreadFlow } from './replays/open-thread.js'

setup()

describe('flow: opening a thread (setupServer)', () => {
  it('thread list → getThreadMessages sort ts desc → chat.readThread → syncThreadsList', async () => {
    await openThreadFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
