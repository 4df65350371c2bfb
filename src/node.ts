import { setupServer, type SetupServer } from 'msw/node'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from './mock.js'

export * from './index.js'

/**
 * Node interception for tests: create a mock and a started `setupServer` with its handlers.
 * Unhandled requests are reported as warnings; pass `listen` to change that.
 */
export function startRocketChatServer(
  options: RocketChatMockOptions & { listen?: Parameters<SetupServer['listen']>[0] } = {},
): { mock: RocketChatMock; server: SetupServer; close: () => void } {
  const { listen, ...mockOptions } = options
  const mock = createRocketChatMock(mockOptions)
  const server = setupServer(...mock.handlers)
  server.listen(listen)
  return { mock, server, close: () => server.close() }
}
