import type { Core } from '../core.js'
import type { Room, Subscription, User } from '../db/index.js'
import { displayName } from './users.js'

export interface NewRoom {
  t: 'c' | 'p'
  name: string
  fname?: string
  owner: User
  members?: User[]
  topic?: string
  description?: string
  announcement?: string
  ro?: boolean
  default?: boolean
  prid?: string
  _id?: string
}

/** Create a channel or private group; the owner gets the room-scoped `owner` role. */
export function createRoom(core: Core, input: NewRoom): Room {
  const now = core.stamp()
  const members = uniqueUsers([input.owner, ...(input.members ?? [])])
  const room = core.db.rooms.insert({
    _id: input._id ?? core.random.id(),
    t: input.t,
    name: input.name,
    fname: input.fname ?? input.name,
    u: { _id: input.owner._id, username: input.owner.username },
    ts: now,
    _updatedAt: now,
    msgs: 0,
    usersCount: members.length,
    topic: input.topic,
    description: input.description,
    announcement: input.announcement,
    ro: input.ro ?? false,
    sysMes: true,
    default: input.default ?? false,
    prid: input.prid,
  })
  for (const member of members) {
    addSubscription(core, room, member, { open: true, roles: member === input.owner ? ['owner'] : undefined })
  }
  return room
}

/** Subscribe a user to a room (no-op if already subscribed). */
export function addSubscription(
  core: Core,
  room: Room,
  user: User,
  options: {
    open?: boolean
    roles?: string[] | undefined
    name?: string
    fname?: string
    unread?: number
    userMentions?: number
    alert?: boolean
    /** Last seen (the creator of a room has seen it all). */
    ls?: Date
  } = {},
): Subscription {
  const existing = core.subscription(room._id, user._id)
  if (existing) return existing
  const now = core.stamp()
  return core.db.subscriptions.insert({
    _id: core.random.id(),
    rid: room._id,
    u: { _id: user._id, username: user.username, name: user.name },
    t: room.t,
    name: options.name ?? room.name ?? '',
    fname: options.fname ?? room.fname,
    ts: now,
    _updatedAt: now,
    open: options.open ?? true,
    alert: options.alert ?? false,
    unread: options.unread ?? 0,
    userMentions: options.userMentions ?? 0,
    groupMentions: 0,
    roles: options.roles,
    prid: room.prid,
    ...(options.ls ? { ls: options.ls } : {}),
  })
}

/** The DM room of exactly these members, if it exists. */
export function findDirectRoom(core: Core, members: User[]): Room | undefined {
  const uids = uniqueUsers(members)
    .map((u) => u._id)
    .sort()
  if (uids.length === 2) {
    const byId = core.db.rooms.get(uids.join(''))
    if (byId?.t === 'd') return byId
  }
  // Other DMs (self, group) are found through the first member's subscriptions.
  for (const sub of core.db.subscriptions.sorted('user', uids[0]!)) {
    if (sub.t !== 'd') continue
    const room = core.db.rooms.get(sub.rid)
    if (room?.uids && sameMembers(room.uids, uids)) return room
  }
  return undefined
}

/**
 * `createDirectRoom`: find or create the DM of these members. A 1:1 DM's `_id` is the two user
 * ids sorted and concatenated. The creator's subscription is (re)opened; in a 1:1 DM the other
 * member's starts closed, in a group DM everyone's is open.
 */
export function createDirect(core: Core, creator: User, members: User[]): { room: Room; inserted: boolean } {
  const all = uniqueUsers(members)
  let room = findDirectRoom(core, all)
  let inserted = false
  if (!room) {
    const now = core.stamp()
    const uids = all.map((u) => u._id).sort()
    const usernames = [...all].sort((a, b) => displayName(a).localeCompare(displayName(b))).map((u) => u.username)
    room = core.db.rooms.insert({
      _id: uids.length === 2 ? uids.join('') : core.random.id(),
      t: 'd',
      usernames,
      uids,
      usersCount: all.length,
      msgs: 0,
      ts: now,
      _updatedAt: now,
      // What the server stores on every new DM.
      default: false,
      ro: false,
      sysMes: true,
    })
    inserted = true
  }
  for (const member of all) {
    const others = all.length === 1 ? all : all.filter((u) => u._id !== member._id)
    const sorted = [...others].sort((a, b) => displayName(a).localeCompare(displayName(b)))
    const isCreator = member._id === creator._id
    const sub = core.subscription(room._id, member._id)
    if (!sub) {
      addSubscription(core, room, member, {
        open: isCreator || all.length > 2,
        name: sorted.map((u) => u.username).join(', '),
        fname: sorted.map(displayName).join(', '),
      })
    } else if (isCreator && !sub.open) {
      touchSubscription(core, sub, (s) => {
        s.open = true
      })
    }
  }
  return { room, inserted }
}

/** Change a subscription and bump its `_updatedAt` (what `subscriptions.get` syncs on); `at`: this write's stamp, if taken already. */
export function touchSubscription(core: Core, sub: Subscription, change: (sub: Subscription) => void, at?: Date): void {
  core.db.subscriptions.patch(sub, (s) => {
    change(s)
    s._updatedAt = at ?? core.stamp()
  })
}

/** Change a room and bump its `_updatedAt` (what `rooms.get` syncs on). */
export function touchRoom(core: Core, room: Room, change: (room: Room) => void): void {
  core.db.rooms.patch(room, (r) => {
    change(r)
    r._updatedAt = core.stamp()
  })
}

function uniqueUsers(users: User[]): User[] {
  const seen = new Set<string>()
  return users.filter((u) => !seen.has(u._id) && seen.add(u._id))
}

function sameMembers(a: string[], sortedB: string[]): boolean {
  if (a.length !== sortedB.length) return false
  const sortedA = [...a].sort()
  return sortedA.every((id, i) => id === sortedB[i])
}
