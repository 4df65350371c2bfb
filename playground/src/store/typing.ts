import type { RocketChatMock } from 'rocketchat-msw'
import { createStore } from './create-store.js'

/**
 * Who is typing where. A real server relays typing over `stream-notify-room <rid>/user-activity`;
 * here every tab runs its own copy of the mock, so tabs relay it to each other over a
 * BroadcastChannel, and the simulated personas' typing comes from `mock.activity.typing()`.
 */
const CHANNEL = 'rocketchat-msw-playground:typing'
const TTL_MS = 4_000

export const typingStore = createStore<{ typing: Array<{ rid: string; username: string; until: number }> }>({ typing: [] })

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined
channel?.addEventListener('message', (e: MessageEvent<{ rid?: unknown; username?: unknown; stop?: unknown }>) => {
  const { rid, username, stop } = e.data ?? {}
  if (typeof rid === 'string' && typeof username === 'string') set(rid, username, stop === true ? 0 : Date.now() + TTL_MS)
})

function set(rid: string, username: string, until: number): void {
  typingStore.set(({ typing }) => ({
    typing: [...typing.filter((t) => !(t.rid === rid && t.username === username)), ...(until ? [{ rid, username, until }] : [])],
  }))
}

let lastSent = 0
/** This user is typing in `rid` (sent at most once a second), or stopped. */
export function announceTyping(rid: string, username: string, stop = false): void {
  if (!stop && Date.now() - lastSent < 1_000) return
  lastSent = stop ? 0 : Date.now()
  channel?.postMessage({ rid, username, stop })
}

/** Follow the simulated personas' typing and drop expired entries (twice a second; no network). */
export function watchTyping(mock: RocketChatMock): () => void {
  const timer = setInterval(() => {
    const now = Date.now()
    const simulated = mock.activity.running ? mock.activity.typing() : []
    const typing = typingStore.get().typing
    const kept = typing.filter((t) => t.until > now)
    const next = [...kept, ...simulated.map((s) => ({ ...s, until: now + 600 }))]
    const key = (list: typeof typing) =>
      list
        .map((t) => `${t.rid}:${t.username}`)
        .sort()
        .join()
    if (key(next) !== key(typing)) typingStore.set({ typing: next })
  }, 500)
  return () => clearInterval(timer)
}
