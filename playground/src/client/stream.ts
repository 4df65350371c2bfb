import type { QueryClient } from '@tanstack/react-query'
import { typingStore } from '../store/typing.js'
import { keys, removeMessage, upsertMessage } from './queries.js'
import type { Client } from './sdk.js'
import type { Message } from './types.js'

/**
 * The realtime stream, as Rocket.Chat's clients use it (DDP over `/websocket`, resumed with the
 * login token): `stream-room-messages` for the open room (new and edited messages, reactions),
 * `stream-notify-room` `<rid>/deleteMessage` and `<rid>/user-activity` (typing), and
 * `stream-notify-user` `<uid>/subscriptions-changed` / `rooms-changed` for the sidebar. Events
 * patch the cache. After a reconnect the open room catches up with `chat.syncMessages` from the
 * moment the connection dropped, as the mobile app does.
 */
type Stop = { stop(): void }
// The SDK types stream callbacks as `(...data: unknown[])`; each stream's payload is known here.
type Listener = (...data: unknown[]) => void

export interface Stream {
  /** Connected and signed in on the socket. */
  readonly live: boolean
  start(uid: string): Promise<void>
  watchRoom(rid: string): () => void
  /** Tell the room's other members this user is typing (or stopped). */
  typing(rid: string, username: string, typing: boolean): void
  stop(): void
}

export function createStream(client: Client, queryClient: QueryClient): Stream {
  const { sdk } = client
  let live = false
  let userStops: Stop[] = []
  let disconnectedAt: string | undefined
  let openRoom: string | undefined
  const refreshSidebar = () => {
    void queryClient.invalidateQueries({ queryKey: keys.subscriptions })
    void queryClient.invalidateQueries({ queryKey: keys.rooms })
  }

  sdk.connection.on('disconnected', () => {
    live = false
    disconnectedAt ??= new Date().toISOString()
  })
  sdk.connection.on('connected', () => {
    live = true
    const since = disconnectedAt
    disconnectedAt = undefined
    if (since && openRoom) void catchUp(openRoom, since)
  })

  async function catchUp(rid: string, lastUpdate: string): Promise<void> {
    try {
      const res = await client.get<{ result: { updated: Message[]; deleted: Array<{ _id: string }> } }>('chat.syncMessages', { roomId: rid, lastUpdate })
      for (const m of res.result.updated) if (!m.tmid || m.tshow) upsertMessage(queryClient, m)
      for (const d of res.result.deleted) removeMessage(queryClient, rid, d._id)
      refreshSidebar()
    } catch {
      void queryClient.invalidateQueries({ queryKey: keys.history(rid) })
    }
  }

  return {
    get live() {
      return live
    },
    async start(uid) {
      for (const s of userStops) s.stop()
      const account = sdk.account as unknown as { user?: { token?: string }; loginWithToken(token: string): Promise<unknown> }
      // First time: connecting logs in with the stored token; later (another user, a reseed): log in again.
      if (sdk.connection.status === 'connected') {
        if (account.user?.token) await account.loginWithToken(account.user.token)
      } else await sdk.connection.connect()
      live = true
      userStops = [sdk.stream('notify-user', `${uid}/subscriptions-changed`, refreshSidebar), sdk.stream('notify-user', `${uid}/rooms-changed`, refreshSidebar)]
    },
    watchRoom(rid) {
      openRoom = rid
      const stops: Stop[] = [
        sdk.stream('room-messages', rid, ((message: Message) => {
          if (!message.tmid || message.tshow) upsertMessage(queryClient, message)
          if (message.tmid) void queryClient.invalidateQueries({ queryKey: keys.thread(message.tmid) })
          if (message.tcount !== undefined) void queryClient.invalidateQueries({ queryKey: keys.thread(message._id) })
        }) as Listener),
        sdk.stream('notify-room', `${rid}/deleteMessage`, ((deleted: { _id: string }) => removeMessage(queryClient, rid, deleted._id)) as Listener),
        sdk.stream('notify-room', `${rid}/user-activity`, ((username: string, activities: string[]) => {
          const until = activities.includes('user-typing') ? Date.now() + 4_000 : 0
          typingStore.set(({ typing }) => ({
            typing: [...typing.filter((t) => !(t.rid === rid && t.username === username)), ...(until ? [{ rid, username, until }] : [])],
          }))
        }) as Listener),
      ]
      return () => {
        if (openRoom === rid) openRoom = undefined
        for (const s of stops) s.stop()
      }
    },
    typing(rid, username, typing) {
      if (live) void sdk.call('stream-notify-room', `${rid}/user-activity`, username, typing ? ['user-typing'] : [], {}).catch(() => undefined)
    },
    stop() {
      for (const s of userStops) s.stop()
      userStops = []
      live = false
    },
  }
}
