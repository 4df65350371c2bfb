import { Box } from '@rocket.chat/fuselage'
import { useStore } from '../store/create-store.js'
import { sessionStore } from '../store/session.js'
import { typingStore } from '../store/typing.js'

/** "alice is typing…" under the timeline (never the signed-in user). */
export function TypingIndicator({ rid }: { rid: string }) {
  const me = useStore(sessionStore, (s) => s.me?.username)
  const names = useStore(typingStore, (s) =>
    s.typing
      .filter((t) => t.rid === rid && t.username !== me)
      .map((t) => t.username)
      .join(','),
  )
  const list = names ? names.split(',') : []
  return (
    <Box data-testid="typing" fontScale="c1" color="hint" minHeight={20} paddingInline={24} aria-live="polite">
      {list.length === 0 ? '' : `${list.join(', ')} ${list.length === 1 ? 'is' : 'are'} typing…`}
    </Box>
  )
}
