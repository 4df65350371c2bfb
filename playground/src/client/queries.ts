import { useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query'
import type { Client } from './sdk.js'
import type { Message, Room, Subscription } from './types.js'

/**
 * Every read the client makes, as TanStack Query hooks (the query cache Rocket.Chat's web client
 * uses). Writes invalidate what they touch; remote changes (another tab, simulated activity,
 * the stream) invalidate or patch the cache — nothing polls.
 */
export const PAGE = 50

export const keys = {
  subscriptions: ['subscriptions'] as const,
  rooms: ['rooms'] as const,
  history: (rid: string) => ['history', rid] as const,
  thread: (tmid: string) => ['thread', tmid] as const,
  message: (id: string) => ['message', id] as const,
  list: (kind: string, rid: string, query?: string) => ['list', kind, rid, query ?? ''] as const,
}

export function useSubscriptions(client: Client) {
  return useQuery({ queryKey: keys.subscriptions, queryFn: async () => (await client.get<{ update: Subscription[] }>('subscriptions.get')).update })
}

export function useRooms(client: Client) {
  return useQuery({ queryKey: keys.rooms, queryFn: async () => (await client.get<{ update: Room[] }>('rooms.get')).update })
}

export function historyEndpoint(t: string | undefined): string {
  return t === 'd' ? 'dm.history' : t === 'p' ? 'groups.history' : 'channels.history'
}

/** A room's messages, newest page first; each older page is fetched with `latest` = the oldest `ts` seen. */
export function useHistory(client: Client, rid: string, type: string | undefined) {
  return useInfiniteQuery({
    queryKey: keys.history(rid),
    enabled: type !== undefined,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await client.get<{ messages: Message[] }>(historyEndpoint(type), { roomId: rid, count: PAGE, latest: pageParam })).messages,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last.at(-1)?.ts),
  })
}

/** The pages as one timeline, oldest first, without thread replies (unless also sent to the room) and without duplicates. */
export function timelineOf(data: InfiniteData<Message[]> | undefined): Message[] {
  if (!data) return []
  const seen = new Set<string>()
  const out: Message[] = []
  for (const page of data.pages) {
    for (const m of page) {
      if (seen.has(m._id)) continue
      seen.add(m._id)
      if (m.tmid && !m.tshow) continue
      out.push(m)
    }
  }
  return out.reverse()
}

export function useThread(client: Client, tmid: string) {
  return useQuery({
    queryKey: keys.thread(tmid),
    queryFn: async () => {
      const [root, replies] = await Promise.all([
        client.get<{ message: Message }>('chat.getMessage', { msgId: tmid }),
        client.get<{ messages: Message[] }>('chat.getThreadMessages', { tmid, count: 200, sort: JSON.stringify({ ts: 1 }) }),
      ])
      return { root: root.message, replies: replies.messages }
    },
  })
}

const LISTS: Record<string, (rid: string, query?: string) => [string, Record<string, string | number>, string]> = {
  pinned: (rid) => ['chat.getPinnedMessages', { roomId: rid, count: 50 }, 'messages'],
  starred: (rid) => ['chat.getStarredMessages', { roomId: rid, count: 50 }, 'messages'],
  mentions: (rid) => ['chat.getMentionedMessages', { roomId: rid, count: 50 }, 'messages'],
  threads: (rid) => ['chat.getThreadsList', { rid, count: 50 }, 'threads'],
  search: (rid, query) => ['chat.search', { roomId: rid, searchText: query ?? '', count: 50 }, 'messages'],
}

export function useMessageList(client: Client, kind: string, rid: string, query?: string) {
  return useQuery({
    queryKey: keys.list(kind, rid, query),
    enabled: kind in LISTS && (kind !== 'search' || Boolean(query)),
    queryFn: async () => {
      const [endpoint, params, field] = LISTS[kind]!(rid, query)
      const body = await client.get<Record<string, Message[]>>(endpoint, params)
      return body[field] ?? []
    },
  })
}

export function useFiles(client: Client, rid: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.list('files', rid),
    enabled,
    queryFn: async () =>
      (
        await client.get<{ files: Array<{ _id: string; name: string; type?: string; url?: string; uploadedAt?: string; user?: { username: string } }> }>(
          'dm.files',
          { roomId: rid, count: 50 },
        )
      ).files,
  })
}

/** Put one message into the cached timeline (new, edited, or the server's copy of an optimistic one). */
export function upsertMessage(queryClient: QueryClient, message: Message, replacing?: string): void {
  queryClient.setQueryData<InfiniteData<Message[]>>(keys.history(message.rid), (data) => {
    if (!data) return data
    let found = false
    const pages = data.pages.map((page) =>
      page.map((m) => {
        if (m._id === message._id || (replacing !== undefined && m._id === replacing)) {
          found = true
          return message
        }
        return m
      }),
    )
    if (!found) pages[0] = [message, ...(pages[0] ?? [])]
    return { ...data, pages }
  })
}

export function removeMessage(queryClient: QueryClient, rid: string, id: string): void {
  queryClient.setQueryData<InfiniteData<Message[]>>(keys.history(rid), (data) =>
    data ? { ...data, pages: data.pages.map((p) => p.filter((m) => m._id !== id)) } : data,
  )
}
