import type { Client } from '../client/sdk.js'
import type { Me } from '../client/types.js'
import { createStore } from './create-store.js'

/**
 * Who is signed in. The token is kept in sessionStorage (each tab may be another persona; a
 * token), so a reload resumes the session with `GET me`; a dead token shows the sign-in screen.
 */
export interface SessionState {
  status: 'starting' | 'signed-out' | 'signed-in'
  userId: string | undefined
  authToken: string | undefined
  me: Me | undefined
}

const KEY = 'rocketchat-msw-playground:session'

export const sessionStore = createStore<SessionState>({ status: 'starting', userId: undefined, authToken: undefined, me: undefined })

export async function login(client: Client, user: string, password: string): Promise<void> {
  client.setCredentials(undefined)
  const res = await client.post<{ data: { userId: string; authToken: string; me: Me } }>('login', { user, password })
  client.setCredentials(res.data)
  sessionStorage.setItem(KEY, JSON.stringify({ userId: res.data.userId, authToken: res.data.authToken }))
  sessionStore.set({ status: 'signed-in', userId: res.data.userId, authToken: res.data.authToken, me: res.data.me })
}

/** Resume the stored session; signed out when there is none or the server refuses it. */
export async function resume(client: Client): Promise<void> {
  let stored: { userId?: string; authToken?: string } | undefined
  try {
    stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? undefined
  } catch {
    stored = undefined
  }
  if (!stored?.userId || !stored.authToken) return sessionStore.set({ status: 'signed-out', userId: undefined, authToken: undefined, me: undefined })
  client.setCredentials({ userId: stored.userId, authToken: stored.authToken })
  try {
    const me = await client.get<Me>('me')
    sessionStore.set({ status: 'signed-in', userId: stored.userId, authToken: stored.authToken, me })
  } catch {
    signOutLocally(client)
  }
}

export async function logout(client: Client): Promise<void> {
  await client.post('logout').catch(() => undefined)
  signOutLocally(client)
}

export function signOutLocally(client: Client): void {
  client.setCredentials(undefined)
  sessionStorage.removeItem(KEY)
  sessionStore.set({ status: 'signed-out', userId: undefined, authToken: undefined, me: undefined })
}
