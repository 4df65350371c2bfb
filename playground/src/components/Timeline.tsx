import { Box, Button, MessageDivider, Throbber } from '@rocket.chat/fuselage'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import { useApp } from '../client/context.js'
import { timelineOf, useHistory } from '../client/queries.js'
import type { Message, Room, Subscription } from '../client/types.js'
import { dayLabel, sameDay } from '../lib/dates.js'
import { useStore } from '../store/create-store.js'
import { sessionStore } from '../store/session.js'
import { uiStore } from '../store/ui.js'
import { MessageItem } from './MessageItem.js'

/**
 * The room's messages in a virtualised list (react-virtuoso, Fuselage's own peer): older pages
 * load when the top is reached (or with "Load older"), the list sticks to the bottom for new
 * messages, day separators and the "new messages" line (at the subscription's `ls` when the room
 * was opened) sit above their message, consecutive messages of one author are grouped.
 */
const GROUP_MS = 5 * 60_000
/** Virtuoso's index of the oldest item counts down from here as older pages are prepended. */
const START = 1_000_000_000

interface TimelineContext {
  hasOlder: boolean
  loadingOlder: boolean
  loadOlder: () => void
}

/** Above the oldest loaded message: "Load older messages", or the start of the conversation. */
function TimelineHeader({ context }: { context?: TimelineContext }) {
  return (
    <Box display="flex" justifyContent="center" padding={8}>
      {context?.hasOlder ? (
        <Button small secondary data-testid="load-older" disabled={context.loadingOlder} onClick={context.loadOlder}>
          {context.loadingOlder ? 'Loading…' : 'Load older messages'}
        </Button>
      ) : (
        <Box fontScale="c1" color="hint">
          Start of the conversation
        </Box>
      )}
    </Box>
  )
}

export function Timeline({ room, subscription }: { room: Room; subscription: Subscription | undefined }) {
  const { client, actions, stream } = useApp()
  const me = useStore(sessionStore, (s) => s.me)
  const history = useHistory(client, room._id, room.t)
  const messages = useMemo(() => timelineOf(history.data), [history.data])
  const virtuoso = useRef<VirtuosoHandle>(null)
  useEffect(() => stream.watchRoom(room._id), [stream, room._id])
  // The last-seen mark is the one the room had when it was opened; reading moves `ls` on at once.
  const [lastSeen] = useState(() => subscription?.ls)
  const firstUnread = useMemo(() => (lastSeen ? messages.findIndex((m) => m.ts > lastSeen && m.u._id !== me?._id && !m.t) : -1), [messages, lastSeen, me?._id])
  const [firstItemIndex, setFirstItemIndex] = useState(START)
  const previousLength = useRef(0)
  const previousOldest = useRef<string | undefined>(undefined)

  // Older pages prepend: move `firstItemIndex` back by as many items so the view stays put.
  useEffect(() => {
    const oldest = messages[0]?._id
    if (previousOldest.current !== undefined && oldest !== previousOldest.current) {
      const added = messages.findIndex((m) => m._id === previousOldest.current)
      if (added > 0) setFirstItemIndex((i) => i - added)
    }
    previousOldest.current = oldest
    previousLength.current = messages.length
  }, [messages])

  // Reading: when the room shows something this user has not read.
  const newest = messages.at(-1)?._id
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the newest message or the unread state changes, on purpose
  useEffect(() => {
    if (subscription && (subscription.alert || (subscription.unread ?? 0) > 0 || (subscription.tunread?.length ?? 0) > 0)) void actions.markRead(room._id)
  }, [newest, subscription?.alert, subscription?.unread, room._id])

  // One's own post: show it, wherever the list was scrolled to.
  const sentAt = useStore(uiStore, (s) => s.sentAt)
  const scrollAfterSend = useRef(false)
  useEffect(() => {
    if (!sentAt) return
    scrollAfterSend.current = true
    requestAnimationFrame(() => virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' }))
  }, [sentAt])
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a message arrives after one's own post
  useEffect(() => {
    if (!scrollAfterSend.current) return
    scrollAfterSend.current = false
    requestAnimationFrame(() => virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' }))
  }, [messages.length])

  const retry = (m: Message) => void actions.send(m.rid, m.msg).catch(() => undefined)

  if (history.isPending)
    return (
      <Box display="flex" flexGrow={1} alignItems="center" justifyContent="center">
        <Throbber />
      </Box>
    )
  if (history.isError)
    return (
      <Box padding={24} color="danger">
        {String(history.error.message)}
      </Box>
    )

  return (
    <Box data-testid="timeline" display="flex" flexDirection="column" flexGrow={1} flexShrink={1} minHeight={0} position="relative">
      {firstUnread >= 0 && (
        <Box className="pg-jump">
          <Button small primary data-testid="jump-to-unread" onClick={() => virtuoso.current?.scrollToIndex({ index: firstUnread, align: 'start' })}>
            Jump to first unread
          </Button>
        </Box>
      )}
      <Virtuoso
        ref={virtuoso}
        className="pg-virtuoso"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={Math.max(0, messages.length - 1)}
        followOutput={(atBottom) => (atBottom ? 'smooth' : false)}
        startReached={() => history.hasNextPage && !history.isFetchingNextPage && void history.fetchNextPage()}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        computeItemKey={(_, m) => m._id}
        context={{ hasOlder: history.hasNextPage, loadingOlder: history.isFetchingNextPage, loadOlder: () => void history.fetchNextPage() }}
        components={{ Header: TimelineHeader }}
        itemContent={(index, m) => {
          const i = index - firstItemIndex
          const prev = messages[i - 1]
          const newDay = !prev || !sameDay(prev.ts, m.ts)
          const unreadLine = i === firstUnread
          const sequential = Boolean(
            prev && !newDay && !unreadLine && !prev.t && !m.t && prev.u._id === m.u._id && Date.parse(m.ts) - Date.parse(prev.ts) < GROUP_MS,
          )
          return (
            <>
              {(newDay || unreadLine) && (
                <MessageDivider unreadLabel={unreadLine ? 'New messages' : undefined}>
                  {newDay ? <span data-testid="day-divider">{dayLabel(m.ts)}</span> : null}
                </MessageDivider>
              )}
              <MessageItem message={m} sequential={sequential} onRetry={retry} />
            </>
          )
        }}
      />
    </Box>
  )
}
