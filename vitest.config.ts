import { defineConfig } from 'vitest/config'

/**
 * One suite, every transport: everything runs once over `setupServer` (the default), and the API
 * suite (`tests/api/**`) runs again over `createMockFetch` and over real HTTP to the standalone
 * server. tests/helpers.ts reads `API_TRANSPORT`; a difference between transports is a bug.
 * Pick one with `vitest run --project <name>`.
 */
const API_SUITE = ['tests/api/**/*.test.ts']

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'setupServer', include: ['src/**/*.test.ts', 'tests/**/*.test.ts'] } },
      { extends: true, test: { name: 'mock-fetch', include: API_SUITE, env: { API_TRANSPORT: 'mock-fetch' } } },
      { extends: true, test: { name: 'http', include: API_SUITE, env: { API_TRANSPORT: 'http' } } },
    ],
  },
})
