import type { QueryClient } from '@tanstack/react-query'
import type { PlaygroundMock } from '../mock-runtime.js'
import { resume } from '../store/session.js'
import type { Client } from './sdk.js'

/**
 * Keeps the cache live without polling. Changes reach this tab three ways, and each one marks
 * the cached queries stale so what is on screen refetches:
 *  - another tab saved a change (the runtime restored it): refetch; after a reset, resume the
 *    session first (the token may be gone);
 *  - simulated activity ran in this tab (`mock.activity`, driven here on the mock's clock under
 *    the cross-tab write lock, so it is saved and other tabs follow);
 *  - this tab's own writes (actions.ts).
 * The DDP stream plugs in here too once the server offers `/websocket` (see README).
 */
export function connectLive(runtime: PlaygroundMock, client: Client, queryClient: QueryClient): () => void {
  const offRemote = runtime.onRemoteChange(async (kind) => {
    if (kind === 'reset') await resume(client)
    await queryClient.invalidateQueries()
  })
  const offActivity = runtime.mock.activity.onEvent(() => void queryClient.invalidateQueries())
  let running = false
  const timer = setInterval(() => {
    if (running || !runtime.mock.activity.due()) return
    running = true
    void runtime.mutate(() => runtime.mock.activity.runDue()).finally(() => (running = false))
  }, 500)
  return () => {
    offRemote()
    offActivity()
    clearInterval(timer)
  }
}
