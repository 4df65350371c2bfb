import { createContext, useContext } from 'react'
import type { PlaygroundMock } from '../mock-runtime.js'
import type { Actions } from './actions.js'
import type { Client } from './sdk.js'

/** What every component may reach: the server connection, the actions, and the mock runtime (for the panel only). */
export interface AppContextValue {
  client: Client
  actions: Actions
  runtime: PlaygroundMock
}

export const AppContext = createContext<AppContextValue | undefined>(undefined)

export function useApp(): AppContextValue {
  const value = useContext(AppContext)
  if (!value) throw new Error('useApp outside <AppContext>')
  return value
}
