import { Box, Icon, IconButton, Select } from '@rocket.chat/fuselage'
import type { Room, Subscription } from '../client/types.js'
import { useStore } from '../store/create-store.js'
import { uiStore, type Contextual } from '../store/ui.js'

/** The room's title bar: name and topic, and the buttons that open the contextual bars. */
const LANGUAGES: Array<[string, string]> = [
  ['de', 'German'],
  ['fr', 'French'],
  ['es', 'Spanish'],
  ['pt', 'Portuguese'],
  ['ja', 'Japanese'],
]

export function RoomHeader({ room, subscription }: { room: Room; subscription: Subscription | undefined }) {
  const translateTo = useStore(uiStore, (s) => s.translateTo)
  const open = (kind: Exclude<Contextual['kind'], 'thread'>) => {
    const current = uiStore.get().contextual
    uiStore.set({ contextual: current?.kind === kind ? undefined : { kind } })
  }
  const title = subscription?.fname ?? room.fname ?? room.name ?? subscription?.name ?? room._id
  return (
    <Box is="header" className="pg-room-header" display="flex" alignItems="center" paddingInline={16} paddingBlock={8} style={{ gap: 8 }}>
      <IconButton
        small
        icon="burger-menu"
        className="pg-drawer-toggle"
        title="Rooms"
        data-testid="drawer-toggle"
        onClick={() => uiStore.set((s) => ({ drawerOpen: !s.drawerOpen }))}
      />
      <Icon name={room.t === 'd' ? 'at' : room.t === 'p' ? 'hashtag-lock' : 'hashtag'} size="x20" color="hint" />
      <Box flexGrow={1} minWidth={0}>
        <Box fontScale="h4" color="default" withTruncatedText data-testid="room-title">
          {title}
        </Box>
        {room.topic && (
          <Box fontScale="c1" color="hint" withTruncatedText>
            {room.topic}
          </Box>
        )}
      </Box>
      <Box className="pg-header-actions" display="flex" alignItems="center" style={{ gap: 4 }}>
        <Box width={120}>
          <Select
            small
            aria-label="Translate into"
            data-testid="translate-lang"
            value={translateTo}
            options={LANGUAGES}
            onChange={(v) => uiStore.set({ translateTo: String(v) })}
          />
        </Box>
        <IconButton small icon="thread" title="Threads" data-testid="threads-button" onClick={() => open('threads')} />
        <IconButton small icon="pin" title="Pinned messages" data-testid="pinned-button" onClick={() => open('pinned')} />
        <IconButton small icon="star" title="Starred messages" data-testid="starred-button" onClick={() => open('starred')} />
        <IconButton small icon="at" title="Mentions" data-testid="mentions-button" onClick={() => open('mentions')} />
        {room.t === 'd' && <IconButton small icon="clip" title="Files" data-testid="files-button" onClick={() => open('files')} />}
        <IconButton small icon="magnifier" title="Search messages" data-testid="search-button" onClick={() => open('search')} />
      </Box>
    </Box>
  )
}
