// First: an unsupported Node.js or msw fails here with one sentence (see requirements.ts).
import './requirements.js'
import './msw-check.js'
import { setupWorker, type SetupWorker, type StartOptions } from 'msw/browser'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from './mock.js'

export * from './index.js'

/**
 * Browser mode: create a mock and start MSW's service worker with its handlers.
 * The worker script must be served at `/mockServiceWorker.js` (`npx msw init public/`).
 */
export async function startRocketChatWorker(
  options: RocketChatMockOptions & { worker?: StartOptions } = {},
): Promise<{ mock: RocketChatMock; worker: SetupWorker }> {
  const { worker: startOptions, ...mockOptions } = options
  const mock = createRocketChatMock(mockOptions)
  const worker = setupWorker(...mock.handlers)
  await worker.start({ onUnhandledFrame: 'warn', ...startOptions })
  return { mock, worker }
}
