import type { Core } from '../core.js'
import type { Message, TrashRecord } from '../db/index.js'
import { ApiError, errors } from '../errors.js'
import { compareBy, type Sort } from '../query.js'

/**
 * Delta queries of the sync endpoints. Every one starts with a binary search in a sorted index
 * (`messages.roomUpdated`: a room's messages by `_updatedAt`; `trash.roomMessages` /
 * `trash.threadMessages`: deletions by `_deletedAt`), so a request costs what changed since the
 * date, not what the room holds. Comparisons are strict (`$gt` / `$lt`), to the millisecond.
 */

// ---- chat.syncMessages, lastUpdate mode ------------------------------------------------------

/** Room messages with `_updatedAt > since` (hidden copies included), oldest update first. */
function updatedAfter(core: Core, rid: string, since: number): Message[] {
  const ix = core.db.messages.index('roomUpdated')
  return ix.get(rid).slice(ix.upperBoundOf(rid, since))
}

/** Trashed messages of a room with `_deletedAt > since`, oldest deletion first. */
function deletedAfter(core: Core, rid: string, since: number): TrashRecord[] {
  const ix = core.db.trash.index('roomMessages')
  return ix.get(rid).slice(ix.upperBoundOf(rid, since))
}

const byTsDesc = compareBy([['ts', -1]])

/**
 * `handleWithoutPagination`: every visible room message updated after `since` (system messages,
 * thread replies and `rm` tombstones included; no limit), and every trashed one deleted after it,
 * both sorted by `ts` descending.
 */
export function roomChangesSince(core: Core, rid: string, since: number): { updated: Message[]; deleted: TrashRecord[] } {
  const updated = updatedAfter(core, rid, since).filter((m) => m._hidden !== true)
  updated.sort(byTsDesc)
  const deleted = deletedAfter(core, rid, since)
  deleted.sort(byTsDesc)
  return { updated, deleted }
}

// ---- chat.syncMessages, cursor mode ----------------------------------------------------------

export type CursorType = 'UPDATED' | 'DELETED'

export interface CursorPage {
  items: Array<Message | TrashRecord>
  cursor: { next: string | null; previous: string | null }
}

/** `extractTimestampFromCursor`: `parseInt(cursor, 10)`, a plain `Invalid Date` error otherwise. */
export function cursorTimestamp(cursor: string): number {
  const timestamp = Number.parseInt(cursor, 10)
  if (Number.isNaN(timestamp) || Number.isNaN(new Date(timestamp).getTime())) throw errors.invalidCursorDate()
  return timestamp
}

/**
 * `handleCursorPagination`, step for step: `next=X` → `> X` ascending, `previous=X` → `< X`
 * descending, `count + 1` fetched, the cursors computed from that list, then the extra item
 * dropped. UPDATED walks `roomUpdated` (hidden copies skipped); DELETED walks the trash by
 * `_deletedAt`, its cursor's field. Stamps never tie within a room (decisions/0007), so
 * following `cursor.next` page after page delivers every change exactly once.
 */
export function roomChangesPage(
  core: Core,
  rid: string,
  params: { type: CursorType; next?: string | undefined; previous?: string | undefined; count: number },
): CursorPage {
  const { type, next, previous, count } = params
  const at = cursorTimestamp((next ?? previous)!)
  const limit = mongoLimit(count + 1)
  let items: Array<Message | TrashRecord>
  if (type === 'UPDATED') {
    const ix = core.db.messages.index('roomUpdated')
    const list = ix.get(rid)
    items = []
    if (next) {
      for (let i = ix.upperBoundOf(rid, at); i < list.length && items.length < limit; i++) if (list[i]!._hidden !== true) items.push(list[i]!)
    } else {
      for (let i = ix.lowerBoundOf(rid, at) - 1; i >= 0 && items.length < limit; i--) if (list[i]!._hidden !== true) items.push(list[i]!)
    }
  } else {
    // Ordered by `_deletedAt`, the field the cursor is built from. The server sorts by
    // `_updatedAt` here and so skips deletions whenever the two orders differ (decisions/0007).
    const ix = core.db.trash.index('roomMessages')
    const list = ix.get(rid)
    items = next
      ? list.slice(ix.upperBoundOf(rid, at), ix.upperBoundOf(rid, at) + limit)
      : list.slice(Math.max(0, ix.lowerBoundOf(rid, at) - limit), ix.lowerBoundOf(rid, at)).reverse()
  }
  const cursor = {
    next: nextCursor(items, count, type, next, previous),
    previous: previousCursor(items, count, type, next, previous),
  }
  if (items.length > count) items.pop()
  return { items, cursor }
}

/** A Mongo `limit`: 0 means none, a negative one its absolute value. */
function mongoLimit(limit: number): number {
  if (limit === 0) return Infinity
  return Math.abs(limit)
}

/** `mountCursorFromMessage` (an absent item fails the way the server's property read does). */
function stamp(item: Message | TrashRecord | undefined, type: CursorType): string {
  const key = type === 'UPDATED' ? '_updatedAt' : '_deletedAt'
  if (item === undefined) throw ApiError.plain(`Cannot read properties of undefined (reading '${key}')`)
  const value = (item as { _updatedAt?: Date; _deletedAt?: Date })[key]
  if (value) return String(value.getTime())
  throw ApiError.meteor('error-cursor-not-found', 'Cursor not found', { method: 'messages/get' })
}

function nextCursor(items: Array<Message | TrashRecord>, count: number, type: CursorType, next?: string, previous?: string): string | null {
  if (items.length === 0) return null
  if (previous) return stamp(items[0], type)
  if (items.length <= count && next) return null
  if (items.length > count && next) return stamp(items[items.length - 2], type)
  return stamp(items[items.length - 1], type)
}

function previousCursor(items: Array<Message | TrashRecord>, count: number, type: CursorType, next?: string, previous?: string): string | null {
  if (items.length === 0) return null
  if (items.length <= count && next) return stamp(items[0], type)
  if (items.length > count && next) return stamp(items[0], type)
  if (items.length <= count && previous) return null
  if (items.length > count && previous) return stamp(items[items.length - 2], type)
  return stamp(items[0], type)
}

// ---- chat.getDeletedMessages ------------------------------------------------------------------

/** Trashed messages of a room deleted after `since`, in deletion order (one page, and the total). */
export function deletedMessagesPage(core: Core, rid: string, since: number, page: { offset: number; count: number }) {
  const all = Number.isNaN(since) ? [] : deletedAfter(core, rid, since)
  const items = all.slice(page.offset, page.count === Infinity ? undefined : page.offset + page.count)
  return { items, total: all.length }
}

// ---- chat.syncThreadsList / chat.syncThreadMessages -----------------------------------------

/**
 * Thread roots of a room (`tcount` exists; hidden copies too, the server does not filter them)
 * updated after `since`, and trashed ones deleted after it; oldest change first.
 */
export function threadRootChangesSince(core: Core, rid: string, since: number): { update: Message[]; remove: TrashRecord[] } {
  return {
    update: updatedAfter(core, rid, since).filter((m) => m.tcount !== undefined),
    remove: deletedAfter(core, rid, since).filter((t) => t.tcount !== undefined),
  }
}

/**
 * Replies of a thread updated after `since` (hidden copies included) in `ts` order, and trashed
 * ones deleted after it in deletion order; `sort` reorders both.
 */
export function threadMessageChangesSince(core: Core, tmid: string, since: number, sort?: Sort): { update: Message[]; remove: TrashRecord[] } {
  const update = core.db.messages.sorted('thread', tmid).filter((m) => m._updatedAt.getTime() > since)
  const ix = core.db.trash.index('threadMessages')
  const remove = ix.get(tmid).slice(ix.upperBoundOf(tmid, since))
  if (sort && sort.length > 0) {
    update.sort(compareBy(sort))
    remove.sort(compareBy(sort))
  }
  return { update, remove }
}

// ---- dates --------------------------------------------------------------------------------------

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * ajv-formats' `iso-date-time` (what the server's schemas use): a real calendar date, `T`, `t` or
 * a space, `HH:MM:SS[.frac]`, optional zone. Seconds are required, a leap second `23:59:60Z` passes
 * (and then fails `Date.parse`, which is how the endpoints' own "valid date" errors are reached).
 */
export function isIsoDateTime(value: string): boolean {
  const parts = value.split(/t|\s/i)
  if (parts.length !== 2) return false
  const date = DATE.exec(parts[0]!)
  if (!date) return false
  const year = Number(date[1])
  const month = Number(date[2])
  const day = Number(date[3])
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month]!)) return false
  const time = TIME.exec(parts[1]!)
  if (!time) return false
  const hr = Number(time[1])
  const min = Number(time[2])
  const sec = Number(time[3])
  const tzSign = time[5] === '-' ? -1 : 1
  const tzH = Number(time[6] ?? 0)
  const tzM = Number(time[7] ?? 0)
  if (tzH > 23 || tzM > 59) return false
  if (hr <= 23 && min <= 59 && sec < 60) return true
  const utcMin = min - tzM * tzSign
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0)
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61
}
