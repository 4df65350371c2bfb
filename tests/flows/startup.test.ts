import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { startupFlow } from './replays/startup.js'

setup()

describe('flow: mobile app start-up (setupServer)', () => {
  it('info → settings → login → rooms/subscriptions (full, then since) → permissions, roles, emoji, commands, presence', async () => {
    await startupFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
