import type { Core } from '../core.js'
import type { Message, User } from '../db/index.js'
import { toWire, type Wire } from './wire.js'

/** A message as it goes over the wire (dates as ISO strings). */
export type WireMessage = Wire<Message>

/**
 * `normalizeMessagesForUser`: a message as the caller sees it. `starred` keeps only the
 * caller's own entry; with `UI_Use_Real_Name` names are refreshed and reactions get `names`.
 * Records are never mutated: a shallow copy is returned.
 */
export function normalizeMessage(core: Core, message: Message, viewer: User | undefined): WireMessage {
  const out = toWire(message)
  applyViewerFields(core, message, viewer, out as Record<string, unknown>)
  return out
}

/** The same message for a DDP client: dates stay `Date`s (EJSON sends them as `{$date}`). */
export function viewMessage(core: Core, message: Message, viewer: User | undefined): Message {
  const out = { ...message }
  applyViewerFields(core, message, viewer, out as Record<string, unknown>)
  return out
}

/** The per-viewer fields of `normalizeMessagesForUser`, written over a copy. */
function applyViewerFields(core: Core, message: Message, viewer: User | undefined, out: Record<string, unknown>): void {
  if (message.starred) out.starred = viewer ? message.starred.filter((s) => s._id === viewer._id) : []
  if (core.setting('UI_Use_Real_Name')) {
    const author = core.db.users.get(message.u._id)
    if (author?.name) out.u = { ...message.u, name: author.name }
    if (message.reactions) {
      out.reactions = Object.fromEntries(
        Object.entries(message.reactions).map(([emoji, r]) => [
          emoji,
          { usernames: r.usernames, names: r.usernames.map((n) => core.db.users.unique('username', n.toLowerCase())?.name ?? n) },
        ]),
      )
    }
  }
}
