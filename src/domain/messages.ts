import type { Core } from '../core.js'
import type { Message, Room, Subscription, User } from '../db/index.js'
import { refreshDiscussionMetadata } from './discussion-metadata.js'
import { touchMessage } from './touch.js'
import { errors } from '../errors.js'
import { censor } from './bad-words.js'
import { assertCustomFields } from './custom-fields.js'
import { parseText } from './parse.js'
import { isQuoteAttachment, quoteLinkedMessages } from './quotes.js'
import { previewLinks } from './url-preview.js'
import { translateInto } from './translate.js'
import { addSubscription, touchRoom, touchSubscription } from './rooms.js'
import { userRefOf } from './users.js'

export { touchMessage }

/** What a caller may set on a new message; everything else is derived. */
export interface NewMessage {
  _id?: string
  msg: string
  tmid?: string
  tshow?: boolean
  ts?: Date
  t?: string
  /** URLs the client wants previewed (`previewUrls`); others get `ignoreParse: true`. */
  previewUrls?: string[] | undefined
  parseUrls?: boolean
  /** Any further stored keys (`alias`, `attachments`, `groupable`, `e2e`, …). */
  extra?: Record<string, unknown>
}

/**
 * The server's send pipeline after validation: build the document (md, mentions, channels,
 * urls), insert it, then the after-save effects — room counters and last message, thread
 * counters and followers, other members' unread/alert. Seeds call this too.
 */
export function insertMessage(core: Core, room: Room, user: User, input: NewMessage): Message {
  const now = core.stamp('message')
  let rid = room._id
  let tmid = input.tmid
  let root: Message | undefined
  if (tmid !== undefined) {
    root = core.db.messages.get(tmid)
    // No nested threads: a reply to a reply belongs to the root; the room comes from the parent.
    if (root?.tmid) {
      tmid = root.tmid
      root = core.db.messages.get(tmid)
    }
    if (root) rid = root.rid
  }
  const targetRoom = rid === room._id ? room : (core.db.rooms.get(rid) ?? room)
  // System messages (`uj`, `message_pinned`, …) are not parsed.
  const text = input.t === undefined ? enrichText(core, input.msg, input.previewUrls, input.parseUrls !== false) : {}

  const record: Record<string, unknown> = {
    _id: input._id ?? core.random.id(),
    rid,
    msg: input.msg,
    ts: input.ts ?? now,
    u: userRefOf(user),
    _updatedAt: now,
    ...input.extra,
    ...text,
  }
  if (input.parseUrls === false && input.t === undefined) delete record.urls
  if (input.t === undefined && Array.isArray(record.urls)) {
    const urls = record.urls as Parameters<typeof quoteLinkedMessages>[2]
    const quoted = quoteLinkedMessages(core, user, urls, record.attachments as unknown[] | undefined)
    if (quoted) record.attachments = quoted
    previewLinks(core, urls, record.attachments as unknown[] | undefined)
  }
  if (input.t !== undefined) record.t = input.t
  if (tmid !== undefined) record.tmid = tmid
  if (tmid !== undefined && input.tshow === true) record.tshow = true
  if (core.setting('Message_Read_Receipt_Enabled')) record.unread = true
  const message = core.db.messages.insert(record)

  const visibleInRoom = message.tmid === undefined || message.tshow === true
  if (root) onThreadReply(core, targetRoom, root, message, user)
  touchRoom(core, targetRoom, (r) => {
    r.msgs += 1
    if (visibleInRoom && message.t === undefined) {
      r.lm = message.ts
      if (core.setting('Store_Last_Message')) r.lastMessage = message
    }
  })
  if (visibleInRoom && message.t === undefined) notifyMembers(core, targetRoom, message, user)
  if (targetRoom.prid) refreshDiscussionMetadata(core, targetRoom)
  if (message.t === undefined) autoTranslate(core, targetRoom, message, user)
  return message
}

/** Members who switched auto-translate on get new messages in their language (synchronously here). */
function autoTranslate(core: Core, room: Room, message: Message, sender: User): void {
  if (!core.setting('AutoTranslate_Enabled') || !message.msg) return
  const languages = new Set<string>()
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    if (sub.u._id !== sender._id && sub.autoTranslate && sub.autoTranslateLanguage) languages.add(sub.autoTranslateLanguage)
  }
  if (languages.size > 0) translateInto(core, message, [...languages])
}

/** md, mentions, channels and urls of a text, resolved against the database. */
export function enrichText(core: Core, msg: string, previewUrls: string[] | undefined, withUrls = true) {
  const parsed = parseText(core, msg)
  const mentions: Array<Record<string, unknown>> = []
  for (const name of parsed.mentions) {
    if (name === 'all' || name === 'here') {
      mentions.unshift({ _id: name, username: name })
      continue
    }
    const user = core.db.users.unique('username', name.toLowerCase())
    if (user && user.username === name) mentions.push({ _id: user._id, username: user.username, name: user.name, type: 'user' })
  }
  const channels: Array<Record<string, unknown>> = []
  for (const name of parsed.channels) {
    const room = core.db.rooms.unique('name', name)
    if (room && (room.t === 'c' || room.t === 'p'))
      channels.push(room.fname ? { _id: room._id, name: room.name, fname: room.fname } : { _id: room._id, name: room.name })
  }
  const siteUrl = core.setting('Site_Url')
  const urls = withUrls
    ? parsed.urls.map((url) =>
        previewUrls !== undefined && !previewUrls.includes(url) && !url.includes(siteUrl) ? { url, meta: {}, ignoreParse: true } : { url, meta: {} },
      )
    : []
  const out: { md?: unknown; mentions: typeof mentions; channels: typeof channels; urls: typeof urls } = { mentions, channels, urls }
  if (parsed.md) out.md = parsed.md
  return out
}

/** Thread side effects: root counters and followers, followers' `tunread`, `lr`, alerts. */
function onThreadReply(core: Core, room: Room, root: Message, reply: Message, sender: User): void {
  const mentioned = (reply.mentions ?? []).map((m) => m._id).filter((id) => id !== 'all' && id !== 'here')
  const before = root.replies ?? (room.t === 'd' && room.uids ? [root.u._id, ...room.uids] : [root.u._id])
  const followers = unique([...before, ...mentioned, sender._id])
  touchMessage(core, root, (m) => {
    m.replies = followers
    m.tlm = reply.ts
    m.tcount = (m.tcount ?? 0) + 1
  })
  const group = (reply.mentions ?? []).some((m) => m._id === 'all' || m._id === 'here')
  for (const uid of followers) {
    const sub = core.subscription(room._id, uid)
    if (!sub) continue
    const isSender = uid === sender._id
    touchSubscription(core, sub, (s) => {
      s.open = true
      s.lr = reply.ts
      if (isSender) return
      s.alert = true
      addToSet((s.tunread ??= []), root._id)
      if (mentioned.includes(uid)) addToSet((s.tunreadUser ??= []), root._id)
      if (group) addToSet((s.tunreadGroup ??= []), root._id)
    })
  }
}

/** Other members: `alert`/`open`, and `unread`/mention counters by the `Unread_Count` rules. */
function notifyMembers(core: Core, room: Room, message: Message, sender: User): void {
  const mentionIds = new Set((message.mentions ?? []).map((m) => m._id))
  const userMentioned = [...mentionIds].some((id) => id !== 'all' && id !== 'here')
  const groupMentioned = !userMentioned && (mentionIds.has('all') || mentionIds.has('here'))
  const countAll = room.t === 'd' ? core.setting('Unread_Count_DM') === 'all_messages' : core.setting('Unread_Count') === 'all_messages'
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    if (sub.u._id === sender._id) continue
    const mentionedHere = mentionIds.has(sub.u._id)
    const incUnread = countAll || mentionedHere || groupMentioned
    if (sub.alert && sub.open && !incUnread && !mentionedHere) continue
    touchSubscription(core, sub, (s) => {
      s.alert = true
      s.open = true
      if (incUnread) s.unread += 1
      if (mentionedHere) s.userMentions += 1
      if (groupMentioned) s.groupMentions += 1
    })
  }
}

/**
 * `chat.update`'s effect, after its checks (custom fields, an empty text) and through the
 * bad-words filter. Returns the message (unchanged when the text is the same).
 */
export function updateMessage(
  core: Core,
  message: Message,
  editor: User,
  input: { text: string; previewUrls?: string[] | undefined; customFields?: Record<string, unknown> | undefined },
): Message {
  const attachments = message.attachments as Array<Record<string, unknown>> | undefined
  const isFile = typeof attachments?.[0]?.description === 'string'
  const current = isFile ? attachments![0]!.description : message.msg
  if (current === input.text && input.previewUrls === undefined && input.customFields === undefined) return message
  // The edit's checks, before any write: custom fields against their schema, no empty text.
  if (input.customFields) assertCustomFields(core, input.customFields)
  if (!isFile && !input.text.trim()) throw errors.emptyEdit()
  input = { ...input, text: censor(core, input.text) }
  if (core.setting('Message_KeepHistory')) {
    const { _id, ...copy } = message
    const copiedAt = core.stamp('message')
    // `cloneAndSaveAsHistoryByRecord` is an insert: the copy's `_updatedAt` is now (thread sync reports it).
    core.db.messages.insert({
      ...copy,
      _id: core.random.id(),
      _hidden: true,
      parent: _id,
      editedAt: copiedAt,
      editedBy: { _id: editor._id, username: editor.username },
      _updatedAt: copiedAt,
    })
  }
  const now = core.stamp('message')
  const text = isFile ? message.msg : input.text
  const enriched = enrichText(core, text, input.previewUrls)
  // Quotes are rebuilt from the new text: the old ones go, links in the new text add theirs.
  let edited = isFile ? [{ ...attachments![0], description: input.text }, ...attachments!.slice(1)] : attachments?.filter((a) => !isQuoteAttachment(a))
  if (!isFile) edited = quoteLinkedMessages(core, editor, enriched.urls, edited) ?? edited
  previewLinks(core, enriched.urls, edited)
  touchMessage(
    core,
    message,
    (m) => {
      if (edited) m.attachments = edited
      if (!isFile) m.msg = input.text
      m.editedAt = now
      m.editedBy = { _id: editor._id, username: editor.username }
      m.mentions = enriched.mentions as Message['mentions']
      m.channels = enriched.channels as Message['channels']
      m.urls = enriched.urls
      if (enriched.md) m.md = enriched.md as Message['md']
      else delete m.md
      if (input.customFields !== undefined) m.customFields = input.customFields
    },
    now,
  )
  const room = core.db.rooms.get(message.rid)
  if (room && room.lastMessage?._id === message._id) touchRoom(core, room, (r) => (r.lastMessage = message))
  return message
}

/**
 * `chat.delete`'s effect, by the server's settings: a reply lowers its root's `tcount`; a thread
 * root (or any message with `Message_ShowDeletedStatus`) becomes a `t: 'rm'` placeholder; with
 * `Message_KeepHistory` alone the message is hidden; otherwise it moves to the trash.
 */
export function deleteMessage(core: Core, message: Message, actor: User): void {
  const now = core.stamp('message')
  const isThreadRoot = (message.tcount ?? 0) > 0
  const keepHistory = core.setting('Message_KeepHistory') || isThreadRoot
  const showDeleted = core.setting('Message_ShowDeletedStatus') || isThreadRoot

  if (message.tmid) {
    const root = core.db.messages.get(message.tmid)
    if (root) touchMessage(core, root, (m) => (m.tcount = Math.max(0, (m.tcount ?? 0) - 1)))
    const rootId = message.tmid
    for (const sub of core.db.subscriptions.sorted('room', message.rid)) {
      if (sub.tunread?.includes(rootId) || sub.tunreadUser?.includes(rootId) || sub.tunreadGroup?.includes(rootId)) {
        touchSubscription(core, sub, (s) => {
          s.tunread = s.tunread?.filter((id) => id !== rootId)
          s.tunreadUser = s.tunreadUser?.filter((id) => id !== rootId)
          s.tunreadGroup = s.tunreadGroup?.filter((id) => id !== rootId)
        })
      }
    }
  }

  if (showDeleted) {
    if (keepHistory) {
      // `cloneAndSaveAsHistoryById`: a hidden copy of the pre-delete document, stamped like an
      // edit by the deleter; an insert, so its `_updatedAt` is now. A thread root always gets one
      // (deleting a root forces KeepHistory), whatever the setting says.
      const { _id, ...copy } = message
      core.db.messages.insert({
        ...copy,
        _id: core.random.id(),
        _hidden: true,
        parent: _id,
        editedAt: now,
        editedBy: { _id: actor._id, username: actor.username },
        _updatedAt: now,
      })
    }
    touchMessage(
      core,
      message,
      (m) => {
        m.t = 'rm'
        m.msg = ''
        m.urls = []
        m.mentions = []
        m.attachments = []
        m.reactions = {}
        m.editedAt = now
        m.editedBy = { _id: actor._id, username: actor.username }
        delete m.md
        delete (m as Record<string, unknown>).blocks
        delete m.tshow
      },
      keepHistory ? undefined : now,
    )
  } else if (keepHistory) {
    touchMessage(core, message, (m) => (m._hidden = true))
  } else {
    core.db.messages.remove(message)
    core.db.trash.insert({ ...message, _deletedAt: now, __collection__: 'message' })
  }

  const room = core.db.rooms.get(message.rid)
  if (!room) return
  touchRoom(core, room, (r) => {
    r.msgs = Math.max(0, r.msgs - 1)
    if (core.setting('Store_Last_Message') && (!r.lastMessage || r.lastMessage._id === message._id)) {
      const latest = latestVisibleMessage(core, r._id)
      if (latest) r.lastMessage = latest
      else delete r.lastMessage
    }
  })
}

/** The newest message a room list would show: not hidden, not a system message, not thread-only. */
export function latestVisibleMessage(core: Core, rid: string): Message | undefined {
  const list = core.db.messages.sorted('room', rid)
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!
    // `getLastVisibleUserMessageSentByRoomId`: `t: 'e2e'`, or no `t` and (not a reply or `tshow`).
    if (m._hidden || (m.t !== undefined && m.t !== 'e2e') || (m.t === undefined && m.tmid && !m.tshow)) continue
    return m
  }
  return undefined
}

/**
 * `chat.postMessage` into a public channel the caller has not joined: subscribe them (the server
 * starts the new subscription unread), post a `uj` system message, count the member.
 */
export function joinChannel(core: Core, room: Room, user: User): Subscription {
  const existing = core.subscription(room._id, user._id)
  if (existing) return existing
  const sub = addSubscription(core, room, user, { open: true, alert: true, unread: 1, userMentions: 1 })
  touchRoom(core, room, (r) => (r.usersCount += 1))
  insertMessage(core, room, user, { msg: user.username, t: 'uj', extra: { groupable: false } })
  return sub
}

/** Mongo's `$addToSet` on a stored array (in place: the record is being patched). */
function addToSet(list: string[], id: string): void {
  if (!list.includes(id)) list.push(id)
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)]
}
