import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { webStartupFlow } from './replays/web-startup.js'

setup()

describe('flow: web client start-up through method.call (setupServer)', () => {
  it('info → public-settings/get (anon) → login (digest) → subscriptions/get, rooms/get (full, then since) → permissions/get → REST lists', async () => {
    await webStartupFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
