import { seedCustomEmoji } from './custom-emoji.js'
import { createDirect } from '../src/domain/rooms.js'
import type { Scenario } from '../src/scenario.js'
import { fakeUsers, postHistory, textPool } from './factories.js'
import { createGeneral, createPersonas } from './personas.js'

export const LARGE_DEFAULT_MESSAGES = 100_000

/**
 * For performance work: the personas, GENERAL, and the demo–alice DM holding `messages`
 * messages (default 100 000), ~4% of them thread replies, so thousands of threads.
 */
export const seedLarge: Scenario = (core, options) => {
  const personas = createPersonas(core)
  seedCustomEmoji(core)
  createGeneral(core, personas, fakeUsers(core, 4))
  const { demo, alice } = personas
  const dm = createDirect(core, demo, [demo, alice]).room
  const count = Math.max(0, Math.trunc(options.messages ?? LARGE_DEFAULT_MESSAGES))
  postHistory(core, { room: dm, authors: [demo, alice], count, texts: textPool(core, 500, [demo, alice]), replyRate: 0.04, gapMs: 30_000 })
}
