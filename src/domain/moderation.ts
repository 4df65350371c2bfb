import type { Core } from '../core.js'
import type { Message, Room, Subscription, User } from '../db/index.js'
import { touchSubscription } from './rooms.js'

/**
 * The writes of the moderation and per-room preference endpoints (chat.reportMessage,
 * chat.ignoreUser, autotranslate.saveSettings). Handlers check first; these only write.
 */

/** `reportMessage`: a report with a snapshot of the message, the reporter and the room. */
export function reportMessage(core: Core, reporter: User, message: Message, room: Room, description: string): void {
  const now = core.now()
  const roomInfo: Record<string, unknown> = { _id: room._id, t: room.t }
  if (room.name !== undefined) roomInfo.name = room.name
  if ((room as Record<string, unknown>).federated !== undefined) roomInfo.federated = (room as Record<string, unknown>).federated
  if (room.fname !== undefined) roomInfo.fname = room.fname
  core.db.reports.insert({
    _id: core.random.id(),
    message: structuredClone(message),
    description,
    reportedBy: {
      _id: reporter._id,
      username: reporter.username,
      ...(reporter.name !== undefined ? { name: reporter.name } : {}),
      createdAt: reporter.createdAt,
    },
    room: roomInfo,
    ts: now,
    _updatedAt: now,
  })
}

/** `ignoreUser`: `$addToSet` / `$pull` on the subscription's `ignored` — a write even when nothing changes. */
export function setIgnored(core: Core, sub: Subscription, userId: string, ignore: boolean): void {
  const ignored = sub.ignored ?? []
  touchSubscription(core, sub, (s) => {
    if (ignore) s.ignored = ignored.includes(userId) ? [...ignored] : [...ignored, userId]
    else s.ignored = ignored.filter((id) => id !== userId)
  })
}

/**
 * `saveAutoTranslateSettings`: switch auto-translate (storing `defaultLanguage` when no language
 * is set yet) or set its language.
 */
export function saveAutoTranslateSetting(
  core: Core,
  sub: Subscription,
  change: { field: 'autoTranslate'; enable: boolean; defaultLanguage?: string | undefined } | { field: 'autoTranslateLanguage'; language: string },
): void {
  touchSubscription(core, sub, (s) => {
    if (change.field === 'autoTranslateLanguage') {
      s.autoTranslateLanguage = change.language
      return
    }
    s.autoTranslate = change.enable
    if (!s.autoTranslateLanguage && change.defaultLanguage) s.autoTranslateLanguage = change.defaultLanguage
  })
}
