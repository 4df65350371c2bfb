import type { QueryClient } from '@tanstack/react-query'
import { sessionStore } from '../store/session.js'
import { toast } from '../store/toasts.js'
import { keys, removeMessage, upsertMessage } from './queries.js'
import { errorText, type Client } from './sdk.js'
import type { Message } from './types.js'

/**
 * The writes, each one REST call. On success the cache is patched with the server's answer and
 * what else it affects is refetched; on failure the server's error is a toast and the promise
 * rejects, so the caller can keep its state (the composer keeps its text).
 */
export type Actions = ReturnType<typeof createActions>

export function createActions(client: Client, queryClient: QueryClient) {
  const refresh = (...extra: ReadonlyArray<readonly unknown[]>) => {
    void queryClient.invalidateQueries({ queryKey: keys.subscriptions })
    void queryClient.invalidateQueries({ queryKey: keys.rooms })
    for (const key of extra) void queryClient.invalidateQueries({ queryKey: key })
  }
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      toast(errorText(error))
      throw error
    }
  }
  const me = () => sessionStore.get().me

  return {
    /** Post a message; an optimistic copy marked "sending" shows at once (same `_id` as the real one). */
    async send(rid: string, msg: string, tmid?: string): Promise<Message> {
      const user = me()
      const _id = randomId()
      const optimistic: Message = {
        _id,
        rid,
        msg,
        ts: new Date().toISOString(),
        _updatedAt: new Date().toISOString(),
        pending: 'sending',
        u: { _id: user?._id ?? '', username: user?.username ?? '', ...(user?.name ? { name: user.name } : {}) },
        ...(tmid ? { tmid } : {}),
      }
      if (!tmid) upsertMessage(queryClient, optimistic)
      try {
        const res = await client.post<{ message: Message }>('chat.sendMessage', { message: { _id, rid, msg, ...(tmid ? { tmid } : {}) } })
        if (!tmid) upsertMessage(queryClient, res.message)
        refresh(keys.history(rid), ...(tmid ? [keys.thread(tmid)] : []))
        return res.message
      } catch (error) {
        if (!tmid) removeMessage(queryClient, rid, _id)
        toast(errorText(error))
        throw error
      }
    },
    edit: (message: Message, text: string) =>
      guard(async () => {
        const res = await client.post<{ message: Message }>('chat.update', { roomId: message.rid, msgId: message._id, text })
        upsertMessage(queryClient, res.message)
        refresh(keys.history(message.rid), ...(message.tmid ? [keys.thread(message.tmid)] : []))
      }),
    remove: (message: Message) =>
      guard(async () => {
        await client.post('chat.delete', { roomId: message.rid, msgId: message._id })
        removeMessage(queryClient, message.rid, message._id)
        refresh(keys.history(message.rid), ...(message.tmid ? [keys.thread(message.tmid)] : []))
      }),
    react: (message: Message, emoji: string) =>
      guard(async () => {
        await client.post('chat.react', { messageId: message._id, emoji })
        refresh(keys.history(message.rid), keys.message(message._id), ...(message.tmid ? [keys.thread(message.tmid)] : [keys.thread(message._id)]))
      }),
    star: (message: Message, starred: boolean) =>
      guard(async () => {
        await client.post(starred ? 'chat.starMessage' : 'chat.unStarMessage', { messageId: message._id })
        refresh(keys.history(message.rid), ['list'])
      }),
    pin: (message: Message, pinned: boolean) =>
      guard(async () => {
        await client.post(pinned ? 'chat.pinMessage' : 'chat.unPinMessage', { messageId: message._id })
        refresh(keys.history(message.rid), ['list'])
      }),
    follow: (tmid: string, rid: string, follow: boolean) =>
      guard(async () => {
        await client.post(follow ? 'chat.followMessage' : 'chat.unfollowMessage', { mid: tmid })
        refresh(keys.thread(tmid), keys.history(rid))
      }),
    translate: (message: Message, targetLanguage: string) =>
      guard(async () => {
        const res = await client.post<{ message: Message }>('autotranslate.translateMessage', { messageId: message._id, targetLanguage })
        upsertMessage(queryClient, { ...message, ...res.message })
      }),
    /** Read the room up to now (quietly: a failure here is not the user's doing). */
    async markRead(rid: string): Promise<void> {
      try {
        await client.post('subscriptions.read', { rid, readThreads: true })
        refresh()
      } catch {
        // The next change will try again.
      }
    },
    openDirect: (username: string) =>
      guard(async () => {
        const res = await client.post<{ room: { _id: string } }>('dm.create', { username })
        refresh()
        return res.room._id
      }),
    refresh,
  }
}

/** A Meteor-style 17-character id, so the optimistic copy and the stored message share one `_id`. */
function randomId(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz'
  const bytes = crypto.getRandomValues(new Uint8Array(17))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
