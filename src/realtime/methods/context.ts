import type { Core } from '../../core.js'
import type { User } from '../../db/index.js'
import type { DdpServer } from '../server.js'

/** Who calls a method: a DDP session, or the REST bridge's caller (no connection). */
export interface MethodCaller {
  userId: string | undefined
  token: string | undefined
  /** Change the caller's user (login/logout); the REST bridge has no session to change. */
  setUser?: (userId: string | undefined, token: string | undefined) => void
  /** The connection itself, so client-written stream events skip it. */
  readonly isSession?: boolean
}

export interface MethodContext {
  core: Core
  server: DdpServer
  session: MethodCaller
  user: User | undefined
}

/** A DDP method: synchronous, like every write of the in-memory state; throws Meteor/Api errors. */
export type Method = (ctx: MethodContext, params: unknown[]) => unknown
