import { Box, Button, Contextualbar, ContextualbarAction, ContextualbarContent, ContextualbarHeader, ContextualbarTitle, Throbber } from '@rocket.chat/fuselage'
import { useApp } from '../client/context.js'
import { useThread } from '../client/queries.js'
import { useStore } from '../store/create-store.js'
import { sessionStore } from '../store/session.js'
import { uiStore } from '../store/ui.js'
import { Composer } from './Composer.js'
import { MessageItem } from './MessageItem.js'

/** A thread in the contextual bar: the root, its replies, a composer, and follow / unfollow. */
export function ThreadPanel({ tmid }: { tmid: string }) {
  const { client, actions } = useApp()
  const me = useStore(sessionStore, (s) => s.me)
  const thread = useThread(client, tmid)
  const root = thread.data?.root
  const replies = thread.data?.replies ?? []
  const following = Boolean(me && root?.replies?.includes(me._id))
  return (
    <Contextualbar data-testid="thread-panel" className="pg-contextual">
      <ContextualbarHeader>
        <ContextualbarTitle>Thread</ContextualbarTitle>
        {root && (
          <Button
            small
            secondary={!following}
            primary={following}
            data-testid="follow-button"
            aria-pressed={following}
            onClick={() => void actions.follow(tmid, root.rid, !following).catch(() => undefined)}
          >
            {following ? 'Following' : 'Follow'}
          </Button>
        )}
        <ContextualbarAction name="cross" title="Close" onClick={() => uiStore.set({ contextual: undefined })} />
      </ContextualbarHeader>
      <ContextualbarContent paddingInline={0}>
        {thread.isPending && <Throbber />}
        {thread.isError && (
          <Box padding={16} color="danger">
            {thread.error.message}
          </Box>
        )}
        {root && (
          <Box display="flex" flexDirection="column" flexGrow={1} minHeight={0}>
            <Box flexGrow={1} overflowY="auto">
              <MessageItem message={root} inThread />
              <Box fontScale="c1" color="hint" paddingInline={16} paddingBlock={4}>
                {root.tcount ?? 0} {root.tcount === 1 ? 'reply' : 'replies'}
              </Box>
              {replies.map((m, i) => (
                <MessageItem key={m._id} message={m} inThread sequential={i > 0 && replies[i - 1]!.u._id === m.u._id} />
              ))}
            </Box>
            <Composer rid={root.rid} tmid={tmid} testId="thread-input" placeholder="Reply in thread" />
          </Box>
        )}
      </ContextualbarContent>
    </Contextualbar>
  )
}
