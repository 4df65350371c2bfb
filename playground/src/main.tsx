import '@rocket.chat/fuselage/dist/fuselage.css'
import '@rocket.chat/icons/dist/rocketchat.css'
import './styles.css'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { createActions } from './client/actions.js'
import { AppContext } from './client/context.js'
import { connectLive } from './client/live.js'
import { createClient } from './client/sdk.js'
import { App } from './components/App.js'
import { startPlaygroundMock } from './mock-runtime.js'
import { createStream } from './client/stream.js'
import { resume, sessionStore } from './store/session.js'
import { toast } from './store/toasts.js'
import { watchTyping } from './store/typing.js'

/**
 * Start the mock (service worker, persisted state) BEFORE the client renders, then mount the
 * React client. A failure to start is shown on the page, never a blank screen.
 */
const root = document.getElementById('root')!
const started = performance.now()

try {
  const runtime = await startPlaygroundMock({ seed: 42, scenario: 'default', messages: 5_000, persist: true })
  const client = createClient()
  // Changes arrive by invalidation (live.ts), so nothing is refetched on a timer or on focus.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false } } })
  const actions = createActions(client, queryClient)
  connectLive(runtime, client, queryClient)
  watchTyping(runtime.mock)
  const stream = createStream(client, queryClient)
  // The stream follows the session: signed in (or again, after a reseed), it logs in on the socket.
  let streamFor: string | undefined
  const followSession = () => {
    const { status, userId, authToken } = sessionStore.get()
    const key = status === 'signed-in' ? `${userId}:${authToken}` : undefined
    if (key === streamFor) return
    streamFor = key
    if (key && userId) stream.start(userId).catch((error: unknown) => console.warn('[playground] realtime stream unavailable; live by refetch only', error))
    else stream.stop()
  }
  sessionStore.subscribe(followSession)
  await resume(client)
  followSession()
  createRoot(root).render(
    <AppContext.Provider value={{ client, actions, runtime, stream }}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </AppContext.Provider>,
  )
  if (runtime.notice) {
    const notice = document.createElement('div')
    notice.className = 'pg-notice'
    notice.dataset.testid = 'notice'
    notice.setAttribute('role', 'status')
    notice.textContent = runtime.notice
    document.body.prepend(notice)
    toast(runtime.notice, 'info')
  }
  document.body.dataset.ready = 'true'
  document.body.dataset.startMs = String(Math.round(performance.now() - started))
  // For poking around from the devtools console (and the e2e's persistence checks).
  Object.assign(window, { playground: { runtime, mock: runtime.mock, client, queryClient, stream } })
} catch (error) {
  console.error(error)
  root.innerHTML = ''
  const box = document.createElement('section')
  box.className = 'pg-fatal'
  box.setAttribute('role', 'alert')
  box.innerHTML = '<h1>The mock could not start</h1><p></p><p>The playground needs a browser with service workers (https or localhost) and IndexedDB.</p>'
  box.querySelector('p')!.textContent = error instanceof Error ? error.message : String(error)
  root.append(box)
  document.body.dataset.ready = 'error'
}
