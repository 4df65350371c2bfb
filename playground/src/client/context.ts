import { createContext, useContext } from 'react'
import type { PlaygroundMock } from '../mock-runtime.js'
import type { Actions } from './actions.js'
import type { Client } from './sdk.js'
import type { Stream } from './stream.js'

/** What every component may reach: the server connection and its stream, the actions, and the mock runtime (for the panel only). */
export interface AppContextValue {
  client: Client
  actions: Actions
  runtime: PlaygroundMock
  stream: Stream
}

export const AppContext = createContext<AppContextValue | undefined>(undefined)

export function useApp(): AppContextValue {
  const value = useContext(AppContext)
  if (!value) throw new Error('useApp outside <AppContext>')
  return value
}
