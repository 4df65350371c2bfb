import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { openRoomFlow } from './replays/open-room.js'

setup()

describe('flow: opening a room (setupServer)', () => {
  it('history in pages of 50 main messages → syncMessages UPDATED/DELETED → subscriptions.read → users.info', async () => {
    await openRoomFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
