import { http, isCommonAssetRequest, WebSocketHandler, type RequestHandler } from 'msw'
import { HttpNetworkFrame } from 'msw/experimental'
import { network } from 'virtual:msw'
import { createRocketChatMock, type RocketChatMock, type RocketChatMockOptions } from 'rocketchat-msw'
import { SnapshotStore, isStoredState, type ChangeKind } from './persistence.js'

/**
 * The playground's bootstrap: create the mock, optionally bring back the state saved by an
 * earlier visit, and start MSW's service worker (through `virtual:msw` from the `msw/vite`
 * plugin) before anything renders. Requests no handler answers are reported (`warn`).
 *
 * Persistence is opt-in (`persist: true`). Every tab runs its own copy of the mock, so writes are
 * serialised across tabs with a Web Lock: a tab that writes (a non-GET request the mock answers,
 * or a change from the control panel) takes the lock, first catches up with the newest stored
 * state, applies the write, and keeps the lock until its debounced save is in IndexedDB; then it
 * tells the other tabs over a BroadcastChannel, and they restore that snapshot and refresh.
 * A stored state that cannot be restored (corrupt, or from an older snapshot version) is replaced
 * by a fresh seed and reported in `notice` — the page never starts blank.
 */
export interface PlaygroundMockOptions extends RocketChatMockOptions {
  /** Keep the database across reloads and tabs (IndexedDB + BroadcastChannel). Default false. */
  persist?: boolean | { name?: string; debounceMs?: number }
  /** Silence MSW's per-request console groups (the panel has its own log). Default true. */
  quiet?: boolean
}

export interface PersistenceStatus {
  enabled: boolean
  crossTab: boolean
  rev: number
  savedAt: string | undefined
  bytes: number
  saving: boolean
  error: string | undefined
}

export interface PlaygroundMock {
  readonly mock: RocketChatMock
  /** Set when a stored state was refused and the mock started from a fresh seed. */
  readonly notice: string | undefined
  readonly tabId: string
  /**
   * Change the mock outside HTTP (the panel: settings, reseed, simulated posts) as a write:
   * under the cross-tab lock, on the newest state, then saved and announced to other tabs.
   */
  mutate<T>(change: () => T | Promise<T>, kind?: ChangeKind): Promise<T>
  /** Save now (skipping the debounce); resolves when stored. */
  flush(): Promise<void>
  /** Replace the stored state with a fresh seed from the options (all tabs follow). */
  clearStored(): Promise<void>
  /** Another tab saved a newer state and this tab restored it. */
  onRemoteChange(listener: (kind: ChangeKind) => void): () => void
  /** Any change of the persistence status (saved, saving, error). */
  onStatus(listener: (status: PersistenceStatus) => void): () => void
  status(): PersistenceStatus
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export async function startPlaygroundMock(options: PlaygroundMockOptions = {}): Promise<PlaygroundMock> {
  const { persist, quiet = true, ...mockOptions } = options
  const mock = createRocketChatMock(mockOptions)
  const tabId = Math.random().toString(36).slice(2, 10)
  const persistOptions = persist ? (persist === true ? {} : persist) : undefined
  const name = persistOptions?.name ?? 'rocketchat-msw-playground'
  const debounceMs = persistOptions?.debounceMs ?? 150

  const remoteListeners = new Set<(kind: ChangeKind) => void>()
  const statusListeners = new Set<(status: PersistenceStatus) => void>()
  const status: PersistenceStatus = { enabled: false, crossTab: false, rev: 0, savedAt: undefined, bytes: 0, saving: false, error: undefined }
  const emitStatus = () => statusListeners.forEach((l) => l({ ...status }))

  /**
   * Restore a stored snapshot, then give this tab a fresh id stream. A snapshot does not carry
   * the mock's random state, so without this a restored tab would hand out the ids the saved
   * session already used (and two tabs the same ids): `Duplicate _id` on the next post.
   */
  function restore(json: string): void {
    mock.restore(JSON.parse(json))
    const Random = mock.core.random.constructor as new (seed: number) => typeof mock.core.random
    mock.core.random = new Random(crypto.getRandomValues(new Uint32Array(1))[0]!)
  }

  let store: SnapshotStore | undefined
  let notice: string | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let pendingKind: ChangeKind | undefined
  let saving: Promise<void> | undefined

  if (persistOptions) {
    try {
      store = await SnapshotStore.open(name)
      status.enabled = true
      status.crossTab = store.crossTab
    } catch (error) {
      notice = `Persistence is off: IndexedDB is not available (${message(error)}).`
    }
  }

  // ---- the cross-tab write lock ----------------------------------------------------------------

  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined
  let release: (() => void) | undefined
  let acquiring: Promise<void> | undefined

  /** Hold the write lock (once per burst of writes) and make sure this tab has the newest state. */
  async function lock(): Promise<void> {
    if (!store || !locks || release) return
    if (!acquiring) {
      acquiring = new Promise<void>((acquired) => {
        void locks.request(
          `${name}:write`,
          () =>
            new Promise<void>((done) => {
              release = done
              acquired()
            }),
        )
      }).then(catchUp)
      void acquiring.finally(() => (acquiring = undefined))
    }
    await acquiring
  }

  function unlockIfIdle(): void {
    if (release && timer === undefined && pendingKind === undefined && !saving) {
      const done = release
      release = undefined
      done()
    }
  }

  /** Restore the stored state if another tab saved one this tab has not seen yet. */
  /** Restore the stored state if another tab saved a newer one, and tell the views. */
  async function applyNewer(kind: ChangeKind): Promise<void> {
    const stored = await store!.load()
    if (!isStoredState(stored) || stored.rev <= status.rev) return
    restore(stored.json)
    status.rev = stored.rev
    status.savedAt = stored.savedAt
    status.bytes = stored.json.length
    emitStatus()
    remoteListeners.forEach((l) => l(kind))
  }

  async function catchUp(): Promise<void> {
    if (!store) return
    try {
      await applyNewer('write')
    } catch (error) {
      console.warn('[playground] could not restore the state another tab saved', error)
    }
  }

  // ---- restore at start ----------------------------------------------------------------------

  if (store) {
    let stored: unknown
    try {
      stored = await store.load()
    } catch (error) {
      stored = { unreadable: message(error) }
    }
    if (stored !== undefined) {
      try {
        if (!isStoredState(stored)) throw new Error('the stored record is not a saved state')
        restore(stored.json)
        status.rev = stored.rev
        status.savedAt = stored.savedAt
        status.bytes = stored.json.length
      } catch (error) {
        // restore() changes nothing when it throws: the mock still holds its fresh seed.
        // Count the refused record as seen, so catching up does not try it again.
        if (isStoredState(stored) && Number.isFinite(stored.rev)) status.rev = stored.rev
        notice = `The saved mock state could not be restored (${message(error)}). Started from a fresh seed (${mock.scenario}, seed ${mock.seed}).`
        console.warn(`[playground] ${notice}`)
        pendingKind = 'reset'
      }
    } else {
      pendingKind = 'reset'
    }
  }

  // ---- saving --------------------------------------------------------------------------------

  async function save(): Promise<void> {
    if (!store) return
    const kind = pendingKind ?? 'write'
    pendingKind = undefined
    status.saving = true
    emitStatus()
    try {
      const json = JSON.stringify(mock.snapshot())
      const rev = await store.save(json, tabId, status.rev)
      status.rev = rev
      status.savedAt = new Date().toISOString()
      status.bytes = json.length
      status.error = undefined
      store.broadcast({ type: 'saved', rev, tab: tabId, kind })
    } catch (error) {
      status.error = message(error)
      console.error('[playground] saving the mock state failed', error)
    } finally {
      status.saving = false
      emitStatus()
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    const run = (saving ?? Promise.resolve()).then(save)
    const tracked: Promise<void> = run.finally(() => {
      if (saving === tracked) saving = undefined
      unlockIfIdle()
    })
    saving = tracked
    return run
  }

  /** Debounced without postponing: a burst of writes is saved `debounceMs` after its first one. */
  function changed(kind: ChangeKind = 'write'): void {
    if (!store) return
    if (kind === 'reset' || pendingKind === undefined) pendingKind = kind
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      void flush()
    }, debounceMs)
  }

  async function mutate<T>(change: () => T | Promise<T>, kind: ChangeKind = 'write'): Promise<T> {
    await lock()
    try {
      return await change()
    } finally {
      changed(kind)
    }
  }

  // Hidden with a save pending: start it now. Leaving (reload, close): write synchronously, and
  // already at `beforeunload` — at `pagehide` an IndexedDB write often does not commit any more.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && timer !== undefined) void flush()
  })
  const saveBeforeLeaving = () => {
    if (!store || (timer === undefined && !saving)) return
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const kind = pendingKind ?? 'write'
    pendingKind = undefined
    try {
      const rev = status.rev + 2
      store.saveNow(JSON.stringify(mock.snapshot()), tabId, rev)
      status.rev = rev
      store.broadcast({ type: 'saved', rev, tab: tabId, kind })
      unlockIfIdle()
    } catch (error) {
      console.error('[playground] saving the mock state before leaving failed', error)
    }
  }
  addEventListener('beforeunload', saveBeforeLeaving)
  addEventListener('pagehide', saveBeforeLeaving)

  // First visit (or a refused state): store the fresh seed so other tabs start from it too.
  if (store && pendingKind) {
    await lock()
    await flush()
  }

  store?.onMessage(async (msg) => {
    if (msg.tab === tabId || msg.rev <= status.rev) return
    // Holding (or taking) the write lock: this tab catches up from storage itself.
    if (release || acquiring) return
    if (timer !== undefined || saving) {
      // Only without Web Locks can two tabs write at once: this tab's unsaved write wins.
      console.warn('[playground] another tab saved while this one had unsaved changes; keeping this tab’s state')
      await flush()
      return
    }
    try {
      await applyNewer(msg.kind)
    } catch (error) {
      console.warn('[playground] could not restore the state another tab saved', error)
    }
  })

  // ---- the network ---------------------------------------------------------------------------

  // Every request the mock answers goes through here; writes run under the lock and are saved.
  // The predicate matches only the mock's own routes, so anything else is *unhandled* and MSW
  // warns about it (a catch-all that returns nothing would pass unknown requests through silently).
  const isMockRoute = ({ request }: { request: Request }) => mock.matches(request)
  const handlers: Array<RequestHandler | WebSocketHandler> = [
    http.all(isMockRoute, async ({ request }) => {
      if (!WRITE_METHODS.has(request.method)) return mock.fetch(request)
      return mutate(() => mock.fetch(request))
    }),
    // The mock's realtime endpoint (`/websocket`): the page's WebSocket is served in the page.
    ...mock.handlers.filter((handler) => handler instanceof WebSocketHandler),
  ]
  network.configure({
    handlers,
    // Warn about every request no handler answers, except the page's own files: static assets
    // (MSW's own rule) and documents (a reload's navigation request reaches the old page).
    onUnhandledFrame({ frame, defaults }) {
      if (!(frame instanceof HttpNetworkFrame)) return defaults.warn()
      const { request } = frame.data
      const isDocument = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')
      if (isCommonAssetRequest(request) || isDocument) return
      return defaults.warn()
    },
    context: { quiet },
  })
  await network.enable()
  if (quiet)
    console.info(`[playground] mock enabled: ${mock.routes().length} routes, scenario ${mock.scenario}, seed ${mock.seed}${store ? ', persisted' : ''}`)

  return {
    mock,
    notice,
    tabId,
    mutate,
    flush,
    async clearStored() {
      // Overwrite (rather than delete) so every tab sees a newer revision and follows.
      await mutate(() => mock.reseed({ seed: options.seed ?? 42, scenario: options.scenario ?? 'default' }), 'reset')
      await flush()
    },
    onRemoteChange(listener) {
      remoteListeners.add(listener)
      return () => remoteListeners.delete(listener)
    },
    onStatus(listener) {
      statusListeners.add(listener)
      return () => statusListeners.delete(listener)
    },
    status: () => ({ ...status }),
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
