import { createStore } from './create-store.js'

/**
 * What the user is looking at: the open room, the contextual bar beside it, the sidebar drawer
 * (phone width) and the mock panel. The panel's and the room's choice survive a reload.
 */
export type Contextual = { kind: 'thread'; tmid: string } | { kind: 'pinned' | 'starred' | 'mentions' | 'files' | 'search' | 'threads'; query?: string }

export interface UiState {
  rid: string
  contextual: Contextual | undefined
  drawerOpen: boolean
  panelOpen: boolean
  /** The message being edited (its id), if any. */
  editing: string | undefined
  /** Language for "Translate". */
  translateTo: string
  /** Bumped when this user posts in the room: the timeline scrolls to the bottom. */
  sentAt: number
}

const PANEL_KEY = 'rocketchat-msw-playground:panel'
const ROOM_KEY = 'rocketchat-msw-playground:room'

export const uiStore = createStore<UiState>({
  rid: localStorage.getItem(ROOM_KEY) ?? 'GENERAL',
  contextual: undefined,
  drawerOpen: false,
  // Closed by default: the chat is what one came for.
  panelOpen: localStorage.getItem(PANEL_KEY) === 'open',
  editing: undefined,
  translateTo: 'de',
  sentAt: 0,
})

uiStore.subscribe(() => {
  const { panelOpen, rid } = uiStore.get()
  localStorage.setItem(PANEL_KEY, panelOpen ? 'open' : 'closed')
  localStorage.setItem(ROOM_KEY, rid)
})

export function openRoom(rid: string): void {
  uiStore.set({ rid, contextual: undefined, drawerOpen: false, editing: undefined })
}
