import type { Core } from '../core.js'
import type { Change, Message, Permission, Room, Setting, Subscription, User } from '../db/index.js'
import { roomForViewer, userStatusEntry } from '../serialize/realtime.js'
import { viewMessage } from '../serialize/message.js'
import type { DdpServer } from './server.js'
import { canReadRoom } from './streams.js'

/**
 * The only subscriber of the database's change feed that speaks DDP: each batch (one request's
 * writes) becomes the stream events Rocket.Chat's server sends for those writes. Who may see an
 * event is decided per viewer when it is sent (`server.emit`), never trusted from the writer.
 */
export function subscribeToChanges(server: DdpServer): () => void {
  const core = server.core()
  return core.changes.subscribe((batch) => onBatch(server, server.core(), batch))
}

function onBatch(server: DdpServer, core: Core, batch: readonly Change[]): void {
  const readRooms = new Map<string, Set<string>>()
  for (const change of batch) {
    switch (change.collection) {
      case 'messages':
        onMessage(server, core, change as unknown as Change<Message>, readRooms)
        break
      case 'rooms':
        onRoom(server, core, change as unknown as Change<Room>)
        break
      case 'subscriptions':
        onSubscription(server, core, change as unknown as Change<Subscription>)
        break
      case 'users':
        onUser(server, change as unknown as Change<User>)
        break
      case 'settings':
        onSetting(server, change as unknown as Change<Setting>)
        break
      case 'permissions':
        onPermission(server, change as unknown as Change<Permission>)
        break
    }
  }
  for (const [rid] of readRooms) messagesRead(server, core, rid)
}

/** Keys whose change alone is bookkeeping, not something a client renders. */
const READ_FLAG_ONLY = new Set(['unread', '_updatedAt'])

function onMessage(server: DdpServer, core: Core, change: Change<Message>, readRooms: Map<string, Set<string>>): void {
  const message = change.record
  const rid = message.rid
  if (change.op === 'remove') {
    server.emit('stream-notify-room', `${rid}/deleteMessage`, (viewer) => (canReadRoom(core, rid, viewer) ? [{ _id: message._id }] : undefined))
    return
  }
  // Hidden copies (edit history) and imported messages are never streamed.
  if (message._hidden || (message as { imported?: unknown }).imported) return
  if (change.op === 'update' && change.before) {
    const changed = changedKeys(change.before, message)
    if (changed.length > 0 && changed.every((k) => READ_FLAG_ONLY.has(k))) {
      // Read receipts flipped the `unread` flag: `messagesRead`, not a message event.
      if (change.before.unread && !message.unread) readRooms.set(rid, readRooms.get(rid) ?? new Set())
      return
    }
  }
  if (message.t !== undefined && core.setting('Hide_System_Messages').includes(message.t)) return
  server.emit('stream-room-messages', rid, (viewer) => (canReadRoom(core, rid, viewer) ? [viewMessage(core, message, viewer)] : undefined))
  if (server.hasListeners('stream-room-messages', '__my_messages__')) {
    const room = core.db.rooms.get(rid)
    server.emit('stream-room-messages', '__my_messages__', (viewer) => {
      if (!viewer || !room || !canReadRoom(core, rid, viewer)) return undefined
      const roomParticipant = core.subscription(rid, viewer._id) !== undefined
      return [viewMessage(core, message, viewer), { roomParticipant, roomType: room.t, ...(room.name ? { roomName: room.name } : {}) }]
    })
  }
  if (change.op === 'insert' && message.t === undefined) notifyRecipients(server, core, message)
}

/**
 * `notify-user <uid>/notification`: the desktop notification of a new message, for the other
 * member of a DM and for users mentioned by name (or every member on `@all`/`@here`).
 */
function notifyRecipients(server: DdpServer, core: Core, message: Message): void {
  const room = core.db.rooms.get(message.rid)
  if (!room) return
  const mentions = new Set((message.mentions ?? []).map((m) => m._id))
  const everyone = room.t === 'd' || mentions.has('all') || mentions.has('here')
  const sender = core.db.users.get(message.u._id)
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    const uid = sub.u._id
    if (uid === message.u._id || (!everyone && !mentions.has(uid))) continue
    const prefs = sub as { disableNotifications?: boolean; desktopNotifications?: string }
    if (prefs.disableNotifications || prefs.desktopNotifications === 'nothing') continue
    const eventName = `${uid}/notification`
    if (!server.hasListeners('stream-notify-user', eventName)) continue
    const title = room.t === 'd' ? `@${message.u.username}` : `#${room.fname ?? room.name ?? ''}`
    server.emit('stream-notify-user', eventName, [
      {
        title,
        text: room.t === 'd' ? message.msg : `${message.u.username}: ${message.msg}`,
        payload: {
          _id: message._id,
          rid: room._id,
          ...(message.tmid ? { tmid: message.tmid } : {}),
          sender: { _id: message.u._id, username: message.u.username, ...(sender?.name ? { name: sender.name } : {}) },
          type: room.t,
          message: { msg: message.msg, ...(message.t ? { t: message.t } : {}) },
          ...(room.name ? { name: room.name } : {}),
        },
      },
    ])
  }
}

/** `notify-room <rid>/messagesRead`: every member's `ls` is past these messages now. */
function messagesRead(server: DdpServer, core: Core, rid: string): void {
  let until = Infinity
  for (const sub of core.db.subscriptions.sorted('room', rid)) if (sub.ls) until = Math.min(until, sub.ls.getTime())
  if (until === Infinity) return
  server.emit('stream-notify-room', `${rid}/messagesRead`, (viewer) => (canReadRoom(core, rid, viewer) ? [{ until: new Date(until) }] : undefined))
}

function onRoom(server: DdpServer, core: Core, change: Change<Room>): void {
  const room = change.record
  if (change.op === 'insert') return // members hear of it through their new subscriptions
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    const uid = sub.u._id
    const eventName = `${uid}/rooms-changed`
    if (!server.hasListeners('stream-notify-user', eventName)) continue
    if (change.op === 'remove') server.emit('stream-notify-user', eventName, ['removed', { _id: room._id }])
    else server.emit('stream-notify-user', eventName, (viewer) => (viewer ? ['updated', roomForViewer(core, room, viewer)] : undefined))
  }
}

function onSubscription(server: DdpServer, core: Core, change: Change<Subscription>): void {
  const sub = change.record
  const uid = sub.u._id
  if (change.op === 'remove') {
    server.emit('stream-notify-user', `${uid}/subscriptions-changed`, ['removed', { _id: sub._id, u: sub.u, rid: sub.rid }])
    server.emit('stream-notify-user', `${uid}/rooms-changed`, ['removed', { _id: sub.rid }])
    return
  }
  server.emit('stream-notify-user', `${uid}/subscriptions-changed`, [change.op === 'insert' ? 'inserted' : 'updated', sub])
  if (change.op === 'insert') {
    const room = core.db.rooms.get(sub.rid)
    if (room) server.emit('stream-notify-user', `${uid}/rooms-changed`, (viewer) => (viewer ? ['inserted', roomForViewer(core, room, viewer)] : undefined))
  }
}

function onUser(server: DdpServer, change: Change<User>): void {
  const user = change.record
  if (change.op !== 'update' || !change.before) return
  const before = change.before
  if (before.status !== user.status || before.statusText !== user.statusText) {
    server.emit('stream-notify-logged', 'user-status', [userStatusEntry(user)])
    server.presence.changed(user)
    const diff: Record<string, unknown> = { status: user.status }
    if (user.statusText !== undefined) diff.statusText = user.statusText
    server.emit('stream-notify-user', `${user._id}/userData`, [{ type: 'updated', id: user._id, diff, unset: {} }])
  }
  if (before.name !== user.name) {
    server.emit('stream-notify-logged', 'Users:NameChanged', [{ _id: user._id, name: user.name, username: user.username }])
  }
}

function onSetting(server: DdpServer, change: Change<Setting>): void {
  const setting = change.record
  const action = change.op === 'insert' ? 'inserted' : change.op === 'remove' ? 'removed' : 'updated'
  server.emit('stream-notify-all', 'public-settings-changed', [
    action,
    { _id: setting._id, value: setting.value, enterprise: false, requiredOnWizard: false, properties: {} },
  ])
}

function onPermission(server: DdpServer, change: Change<Permission>): void {
  const permission = change.record
  if (change.op === 'remove') server.emit('stream-notify-logged', 'permissions-changed', ['removed', { _id: permission._id, roles: [] }])
  else server.emit('stream-notify-logged', 'permissions-changed', [change.op === 'insert' ? 'inserted' : 'updated', permission])
}

function changedKeys(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  const out: string[] = []
  for (const key of keys) if ((before as Record<string, unknown>)[key] !== (after as Record<string, unknown>)[key]) out.push(key)
  return out
}
