import type { AnyEndpoint } from '../src/endpoint.js'
import { authEndpoints } from './auth.js'
import { chatMessageEndpoints } from './chat-messages.js'
import { historyEndpoints } from './history.js'
import { roomEndpoints } from './rooms.js'
import { userEndpoints } from './users.js'

/** The single list of endpoints the mock serves. */
export const endpoints: readonly AnyEndpoint[] = [
  ...authEndpoints,
  ...roomEndpoints,
  ...userEndpoints,
  ...chatMessageEndpoints,
  ...historyEndpoints,
]
