import { ChangeFeed } from './change-feed.js'
import { IndexedCollection } from './indexed-collection.js'
import { customEmojiSchema, type CustomEmoji } from './schemas/custom-emoji.js'
import { messageSchema, type Message } from './schemas/message.js'
import { readReceiptSchema, type ReadReceipt } from './schemas/read-receipt.js'
import { reportSchema, type Report } from './schemas/report.js'
import { uploadSchema, type Upload } from './schemas/upload.js'
import { permissionSchema, settingSchema, type Permission, type Setting } from './schemas/config.js'
import { roomSchema, type Room } from './schemas/room.js'
import { subscriptionSchema, type Subscription } from './schemas/subscription.js'
import { trashSchema, type TrashRecord } from './schemas/trash.js'
import { userSchema, type User } from './schemas/user.js'

export { ChangeFeed, type Change } from './change-feed.js'
export type { CustomEmoji, Message, Permission, ReadReceipt, Report, Room, Setting, Subscription, TrashRecord, Upload, User }

/**
 * The mock's database: one @msw/data collection per Rocket.Chat collection, each with the
 * indexes its hot paths need (see the `sorted`/`unique` names used by the domain layer).
 */
export function createDb(feed = new ChangeFeed()) {
  const db = {
    users: new IndexedCollection<User>({
      schema: userSchema,
      unique: { username: (u) => u.username.toLowerCase() },
    }),
    rooms: new IndexedCollection<Room>({
      schema: roomSchema,
      unique: { name: (r) => (r.t !== 'd' && r.name ? r.name : undefined) },
    }),
    subscriptions: new IndexedCollection<Subscription>({
      schema: subscriptionSchema,
      unique: { roomUser: (s) => `${s.rid}:${s.u._id}` },
      sorted: {
        user: { group: (s) => s.u._id, order: (s) => s.ts.getTime() },
        room: { group: (s) => s.rid, order: (s) => s.ts.getTime() },
      },
    }),
    messages: new IndexedCollection<Message>({
      schema: messageSchema,
      sorted: {
        /** A room's messages by `ts` (history, lists). */
        room: { group: (m) => m.rid, order: (m) => m.ts.getTime() },
        /** A thread's replies by `ts`. */
        thread: { group: (m) => m.tmid, order: (m) => m.ts.getTime() },
        /** A room's thread roots (messages with `tcount`) by `ts`. */
        roomThreads: { group: (m) => (m.tcount !== undefined ? m.rid : undefined), order: (m) => m.ts.getTime() },
        /** The same roots by last reply (`tlm`), older roots first on a tie: `getThreadsList`'s order, reversed. */
        roomThreadsByReply: {
          group: (m) => (m.tcount !== undefined ? m.rid : undefined),
          order: (m) => (m.tlm ? m.tlm.getTime() : -Infinity),
          tie: (a, b) => a.ts.getTime() - b.ts.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
        },
        /** A room's discussion starters (messages with `drid`) by `ts`. */
        roomDiscussions: { group: (m) => (m.drid !== undefined ? m.rid : undefined), order: (m) => m.ts.getTime() },
        /** A room's pinned messages by `ts`. */
        roomPinned: { group: (m) => (m.pinned === true ? m.rid : undefined), order: (m) => m.ts.getTime() },
        /** A room's hidden copies (`Message_KeepHistory`), to count visible messages without a scan. */
        roomHidden: { group: (m) => (m._hidden ? m.rid : undefined), order: (m) => m.ts.getTime() },
        /** A room's messages by `_updatedAt` (sync). */
        roomUpdated: { group: (m) => m.rid, order: (m) => m._updatedAt.getTime() },
      },
    }),
    trash: new IndexedCollection<TrashRecord>({
      schema: trashSchema,
      sorted: {
        /** Deleted messages of a room by `_deletedAt`. */
        roomMessages: {
          group: (t) => (t.__collection__ === 'message' ? t.rid : undefined),
          order: (t) => t._deletedAt.getTime(),
        },
        /** Deleted messages of a thread by `_deletedAt`. */
        threadMessages: {
          group: (t) => (t.__collection__ === 'message' && typeof t.tmid === 'string' ? t.tmid : undefined),
          order: (t) => t._deletedAt.getTime(),
        },
        /** Deleted rooms by `_deletedAt` (all in one group). */
        rooms: { group: (t) => (t.__collection__ === 'rooms' ? 'rooms' : undefined), order: (t) => t._deletedAt.getTime() },
        /** Deleted subscriptions of a user by `_deletedAt`. */
        userSubscriptions: {
          group: (t) => (t.__collection__ === 'subscriptions' ? (t.u as { _id: string } | undefined)?._id : undefined),
          order: (t) => t._deletedAt.getTime(),
        },
      },
    }),
    uploads: new IndexedCollection<Upload>({
      schema: uploadSchema,
      sorted: { room: { group: (u) => u.rid, order: (u) => u.uploadedAt.getTime() } },
    }),
    reports: new IndexedCollection<Report>({ schema: reportSchema }),
    readReceipts: new IndexedCollection<ReadReceipt>({
      schema: readReceiptSchema,
      unique: { messageUser: (r) => `${r.messageId}:${r.userId}` },
      sorted: { message: { group: (r) => r.messageId, order: (r) => r.ts.getTime() } },
    }),
    settings: new IndexedCollection<Setting>({ schema: settingSchema }),
    permissions: new IndexedCollection<Permission>({ schema: permissionSchema }),
    customEmoji: new IndexedCollection<CustomEmoji>({
      schema: customEmojiSchema,
      unique: { name: (e) => e.name },
      sorted: { updated: { group: () => 'all', order: (e) => e._updatedAt.getTime() } },
    }),
  }
  for (const [name, collection] of Object.entries(db)) collection.attach(name, feed)
  return db
}

export type Db = ReturnType<typeof createDb>
