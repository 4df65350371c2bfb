import { seedCustomEmoji } from './custom-emoji.js'
import type { Scenario } from '../src/scenario.js'
import { createGeneral, createPersonas } from './personas.js'

/** Just enough to sign in: the four personas and an empty GENERAL. */
export const seedEmpty: Scenario = (core) => {
  createGeneral(core, createPersonas(core))
  seedCustomEmoji(core)
}
