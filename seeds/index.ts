import type { Scenario } from '../src/scenario.js'
import { seedDefault } from './default.js'
import { seedEmpty } from './empty.js'
import { seedLarge } from './large.js'

export const scenarios = {
  default: seedDefault,
  empty: seedEmpty,
  large: seedLarge,
} satisfies Record<string, Scenario>

export type ScenarioName = keyof typeof scenarios
