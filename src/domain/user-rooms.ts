import type { Core } from '../core.js'
import type { Room, Subscription, User } from '../db/index.js'

/**
 * A user's rooms and subscriptions, all of them or those changed after a date, with the
 * deletions since then: what `rooms.get` / `subscriptions.get` answer over REST and
 * `rooms/get` / `subscriptions/get` over DDP.
 */
export function roomsChangedSince(core: Core, user: User, since: number | undefined): { update: Room[]; remove: Array<{ _id: string; _deletedAt: Date }> } {
  const update: Room[] = []
  for (const sub of core.db.subscriptions.sorted('user', user._id)) {
    const room = core.db.rooms.get(sub.rid)
    if (!room || (since !== undefined && room._updatedAt.getTime() <= since)) continue
    update.push(room)
  }
  return { update, remove: since === undefined ? [] : deletedSince(core, 'rooms', 'rooms', since) }
}

export function subscriptionsChangedSince(
  core: Core,
  user: User,
  since: number | undefined,
): { update: Subscription[]; remove: Array<{ _id: string; _deletedAt: Date }> } {
  const subs = core.db.subscriptions.sorted('user', user._id)
  const update = since === undefined ? [...subs] : subs.filter((s) => s._updatedAt.getTime() > since)
  return { update, remove: since === undefined ? [] : deletedSince(core, 'userSubscriptions', user._id, since) }
}

function deletedSince(core: Core, index: 'rooms' | 'userSubscriptions', group: string, since: number) {
  const ix = core.db.trash.index(index)
  return ix
    .get(group)
    .slice(ix.upperBoundOf(group, since))
    .map((t) => ({ _id: t._id, _deletedAt: t._deletedAt }))
}
