import { describe, it } from 'vitest'
import { ORIGIN, setup } from '../helpers.js'
import { MobileClient } from './replays/client.js'
import { discussionFlow } from './replays/discussion.js'

setup()

describe('flow: starting a discussion (setupServer)', () => {
  it('rooms.createDiscussion from a message → getDiscussions → history → member sync', async () => {
    await discussionFlow({ client: () => new MobileClient(ORIGIN), tick: (ms = 5) => new Promise((r) => setTimeout(r, ms)) })
  })
})
