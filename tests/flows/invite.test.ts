import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { inviteFlow } from './replays/invite.js'

setup()

describe('flow: inviting (setupServer)', () => {
  it('invite → sync → members → kick → join → leave', async () => {
    await inviteFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
