import { Box, Button, Throbber } from '@rocket.chat/fuselage'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { useApp } from '../client/context.js'
import { useRooms, useSubscriptions } from '../client/queries.js'
import { useStore } from '../store/create-store.js'
import { resume, sessionStore } from '../store/session.js'
import { openRoom, uiStore } from '../store/ui.js'
import { Composer } from './Composer.js'
import { ListPanel } from './ListPanel.js'
import { PanelHost } from './PanelHost.js'
import { RoomHeader } from './RoomHeader.js'
import { Sidebar } from './Sidebar.js'
import { SignIn } from './SignIn.js'
import { ThreadPanel } from './ThreadPanel.js'
import { Timeline } from './Timeline.js'
import { Toasts } from './Toasts.js'
import { TypingIndicator } from './TypingIndicator.js'

/** The layout: top bar, sidebar (a drawer at phone width), the room, its contextual bar, and the mock panel. */
export function App() {
  const { client } = useApp()
  const queryClient = useQueryClient()
  const status = useStore(sessionStore, (s) => s.status)
  const panelOpen = useStore(uiStore, (s) => s.panelOpen)
  const drawerOpen = useStore(uiStore, (s) => s.drawerOpen)

  const afterReset = async () => {
    await resume(client)
    await queryClient.invalidateQueries()
  }
  const refresh = () => void queryClient.invalidateQueries()

  return (
    <Box className={`pg-shell${panelOpen ? ' pg-panel-open' : ''}${drawerOpen ? ' pg-drawer-open' : ''}`}>
      <Box is="header" className="pg-topbar" display="flex" alignItems="center" paddingInline={16} style={{ gap: 8 }}>
        <Box fontScale="p2b" color="default">
          rocketchat-msw
        </Box>
        <Box fontScale="c1" color="hint" flexGrow={1}>
          playground
        </Box>
        <Button small secondary data-testid="panel-toggle" aria-pressed={panelOpen} onClick={() => uiStore.set({ panelOpen: !panelOpen })}>
          Mock panel
        </Button>
      </Box>
      <Box className="pg-main">
        {status === 'starting' && (
          <Box display="flex" flexGrow={1} alignItems="center" justifyContent="center">
            <Throbber />
          </Box>
        )}
        {status === 'signed-out' && <SignIn />}
        {status === 'signed-in' && <Workspace />}
      </Box>
      <Box className="pg-panel" data-testid="panel-sheet" hidden={!panelOpen}>
        <PanelHost afterReset={afterReset} refresh={refresh} />
      </Box>
      <Toasts />
    </Box>
  )
}

function Workspace() {
  const { client } = useApp()
  const rid = useStore(uiStore, (s) => s.rid)
  const contextual = useStore(uiStore, (s) => s.contextual)
  const subs = useSubscriptions(client)
  const rooms = useRooms(client)
  const room = useMemo(() => rooms.data?.find((r) => r._id === rid), [rooms.data, rid])
  const subscription = useMemo(() => subs.data?.find((s) => s.rid === rid), [subs.data, rid])

  // A room that is gone (or not this user's) falls back to GENERAL.
  useEffect(() => {
    if (rooms.data && !room && rid !== 'GENERAL') openRoom('GENERAL')
  }, [rooms.data, room, rid])

  return (
    <>
      <Sidebar />
      <Box className="pg-drawer-backdrop" onClick={() => uiStore.set({ drawerOpen: false })} />
      <Box is="main" className="pg-room" data-testid="room">
        {room ? (
          <>
            <RoomHeader room={room} subscription={subscription} />
            <Timeline key={room._id} room={room} subscription={subscription} />
            <TypingIndicator rid={room._id} />
            {room.ro ? (
              <Box padding={16} color="hint">
                This room is read only.
              </Box>
            ) : (
              <Composer key={room._id} rid={room._id} />
            )}
          </>
        ) : (
          <Box display="flex" flexGrow={1} alignItems="center" justifyContent="center">
            <Throbber />
          </Box>
        )}
      </Box>
      {room && contextual && (
        <Box className="pg-contextual-host">
          {contextual.kind === 'thread' ? (
            <ThreadPanel key={contextual.tmid} tmid={contextual.tmid} />
          ) : (
            <ListPanel key={contextual.kind} kind={contextual.kind} rid={room._id} />
          )}
        </Box>
      )}
    </>
  )
}
