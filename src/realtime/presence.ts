import type { User } from '../db/index.js'
import * as EJSON from './ejson.js'
import type { DdpServer } from './server.js'
import type { DdpSession, DdpSubscription } from './session.js'
import { statusNumber } from '../serialize/realtime.js'

/**
 * `stream-user-presence`: params `["", {added: [uids], removed: [uids]}]`. The first subscription
 * of a connection is confirmed with `ready`; later ones only edit the watched set and end with a
 * bare `nosub`. Events are frames with `id = <uid>`; the current status of newly watched users is
 * sent at once.
 */
export class Presence {
  readonly #watched = new Map<DdpSession, Set<string>>()
  readonly #first = new Map<DdpSession, DdpSubscription>()

  constructor(private readonly server: DdpServer) {}

  subscribe(sub: DdpSubscription): 'ready' | 'silent' {
    const session = sub.session
    // The connection's first presence subscription runs again on login/logout: still ready.
    if (this.#first.get(session) === sub) return 'ready'
    const first = !this.#first.has(session)
    if (first) this.#first.set(session, sub)
    const set = this.#watched.get(session) ?? new Set<string>()
    this.#watched.set(session, set)
    const change = sub.params[1]
    const ids = (key: string) => {
      const list = change !== null && typeof change === 'object' ? (change as Record<string, unknown>)[key] : undefined
      return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : []
    }
    for (const uid of ids('removed')) set.delete(uid)
    const core = this.server.core()
    for (const uid of ids('added')) {
      if (set.has(uid)) continue
      set.add(uid)
      const user = core.db.users.get(uid)
      if (user) session.sendRaw(frame(user))
    }
    return first ? 'ready' : 'silent'
  }

  /** A user's status changed: tell every connection that watches them. */
  changed(user: User): void {
    let text: string | undefined
    for (const [session, set] of this.#watched) {
      if (!set.has(user._id)) continue
      text ??= frame(user)
      session.sendRaw(text)
    }
  }

  unsubscribe(sub: DdpSubscription): void {
    if (this.#first.get(sub.session) !== sub) return
    this.forget(sub.session)
  }

  forget(session: DdpSession): void {
    this.#watched.delete(session)
    this.#first.delete(session)
  }
}

function frame(user: User): string {
  return EJSON.stringify({
    msg: 'changed',
    collection: 'stream-user-presence',
    id: user._id,
    fields: { uid: user._id, args: [[user.username, statusNumber(user.status), user.statusText ?? '']], eventName: user._id },
  })
}
