import type { Core } from './core.js'

export interface ScenarioOptions {
  /** `large`: how many messages to seed (default 100 000). */
  messages?: number
  /** The instant the seeded history starts at (default 2025-12-01T09:00:00.000Z). */
  seedDate?: string | Date
}

/** A scenario fills a fresh database through the domain functions, on the mock's clock and RNG. */
export type Scenario = (core: Core, options: ScenarioOptions) => void

export const DEFAULT_SEED_DATE = '2025-12-01T09:00:00.000Z'
