import type { Core } from '../core.js'
import type { User } from '../db/index.js'
import { errors } from '../errors.js'
import { assertCustomFields } from './custom-fields.js'

/**
 * What a client may put in a message, checked the way the server's send pipeline checks it
 * (`validateMessage` and the attachment validators of `sendMessage.ts`, the `sendMessage`
 * method's schema for the remaining keys). Hand-written: these are Meteor `check` patterns,
 * which no library reproduces; messages follow Meteor's `Match error: …` wording.
 */

type Json = Record<string, unknown>

/**
 * Stored keys only the server sets (threads, pins, stars, reactions, edits, discussions, hidden
 * history, parsing results, read receipts, translations). The real REST endpoint passes a
 * client's copy of these straight to the insert; the mock drops them (see decision 0008), so a
 * client can neither forge state nor crash the mock with a wrongly typed one.
 */
export const SERVER_OWNED_KEYS: ReadonlySet<string> = new Set([
  'u',
  '_updatedAt',
  'md',
  'mentions',
  'channels',
  'urls',
  'tcount',
  'tlm',
  'replies',
  'editedAt',
  'editedBy',
  'reactions',
  'starred',
  'pinned',
  'pinnedAt',
  'pinnedBy',
  'drid',
  'dcount',
  'dlm',
  'prid',
  '_hidden',
  'parent',
  'unread',
  'translations',
  '_deletedAt',
  '__collection__',
  'file',
  'files',
])

type Check = (value: unknown) => string | undefined
const string: Check = (v) => (typeof v === 'string' ? undefined : 'string')
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'boolean')
const number: Check = (v) => (typeof v === 'number' ? undefined : 'number')
const object: Check = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'object')
const array: Check = (v) => (Array.isArray(v) ? undefined : 'array')
const stringOrNumber: Check = (v) => (typeof v === 'string' || typeof v === 'number' ? undefined : 'string or number')
const scalar: Check = (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? undefined : 'string, number or boolean')

/** Typed keys of the `sendMessage` method's schema beyond those the REST schema already types. */
const METHOD_KEYS: Record<string, Check> = {
  t: string,
  bot: object,
  content: object,
  e2e: string,
  e2eMentions: object,
  federation: object,
  groupable: boolean,
  sentByEmail: boolean,
  parseUrls: boolean,
  text: string,
}

/**
 * The keys of a `chat.sendMessage` `message` to store besides the ones the pipeline derives:
 * server-owned keys dropped, typed keys checked (a wrong type is the server's 400, never a 500),
 * anything else kept as sent.
 */
export function clientMessageExtras(message: Json, derived: ReadonlySet<string>): Json {
  const extra: Json = {}
  for (const [key, value] of Object.entries(message)) {
    if (derived.has(key) || SERVER_OWNED_KEYS.has(key) || value === null || value === undefined) continue
    const check = METHOD_KEYS[key]
    const expected = check?.(value)
    if (expected) throw errors.matchFailed(expected, typeName(value), key)
    extra[key] = value
  }
  return extra
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** Every field checked with `objectMaybeIncluding`: absent or null keys pass. */
function checkFields(value: Json, fields: Record<string, Check>): void {
  for (const [key, check] of Object.entries(fields)) {
    const field = value[key]
    if (field === null || field === undefined) continue
    const expected = check(field)
    if (expected) throw errors.matchFailed(expected, typeName(field), key)
  }
}

/** `isURL`: an absolute http(s) or data URL. */
const ABSOLUTE_URL = /^(https?:\/\/|data:)/
/** `isRelativeURL`: a path, with or without a leading slash, but not protocol-relative. */
const RELATIVE_URL = /^[^/]+\/[^/].*$|^\/[^/].*$/
/** Where uploads are served; links into it count as valid. */
const UPLOAD_PATH = '/file-upload/'

/** `validFullURLParam` / `validPartialURLParam`: a string, a URL of the right kind, never `javascript:`. */
function url(partial: boolean): Check {
  return (value) => {
    if (typeof value !== 'string') return 'string'
    const ok = ABSOLUTE_URL.test(value) || (partial && RELATIVE_URL.test(value)) || value.startsWith(UPLOAD_PATH)
    if (!ok || /^javascript:/i.test(value)) throw errors.invalidHref()
    return undefined
  }
}
const fullUrl = url(false)

const ATTACHMENT_FIELDS: Record<string, Check> = {
  color: string,
  text: string,
  ts: stringOrNumber,
  thumb_url: fullUrl,
  button_alignment: string,
  actions: array,
  message_link: fullUrl,
  collapsed: boolean,
  author_name: string,
  author_link: fullUrl,
  author_icon: fullUrl,
  title: string,
  title_link: fullUrl,
  title_link_download: boolean,
  image_dimensions: object,
  image_url: fullUrl,
  image_preview: string,
  image_type: string,
  image_size: number,
  audio_url: fullUrl,
  audio_type: string,
  audio_size: number,
  video_url: fullUrl,
  video_type: string,
  video_size: number,
  fields: array,
}

const ACTION_FIELDS: Record<string, Check> = {
  type: string,
  text: string,
  url: fullUrl,
  image_url: fullUrl,
  is_webview: boolean,
  webview_height_ratio: string,
  msg: string,
  msg_in_chat_window: boolean,
}

const FIELD_FIELDS: Record<string, Check> = { short: boolean, title: string, value: scalar }

/** `validateAttachment`: every typed key, then each field (title and value required) and action. */
export function validateAttachments(attachments: readonly unknown[]): void {
  for (const attachment of attachments) {
    if (attachment === null || typeof attachment !== 'object' || Array.isArray(attachment)) continue
    const a = attachment as Json
    checkFields(a, ATTACHMENT_FIELDS)
    if (Array.isArray(a.fields)) {
      for (const field of a.fields) {
        if (field === null || typeof field !== 'object') throw errors.invalidAttachmentField()
        checkFields(field as Json, FIELD_FIELDS)
        const { title, value } = field as Json
        if (!value || !title) throw errors.invalidAttachmentField()
      }
    }
    if (Array.isArray(a.actions)) {
      for (const action of a.actions) if (action !== null && typeof action === 'object') checkFields(action as Json, ACTION_FIELDS)
    }
  }
}

/** What `validateMessage` looks at. */
export interface MessageToValidate {
  text?: unknown
  alias?: unknown
  avatar?: unknown
  attachments?: unknown
  customFields?: unknown
}

/**
 * `validateMessage`, in the server's order: key types and the avatar URL, then impersonation
 * (`alias`/`avatar` need `message-impersonate`), attachments, custom fields.
 */
export function validateMessage(core: Core, user: User, rid: string | undefined, message: MessageToValidate): void {
  checkFields(message as Json, { text: string, avatar: url(true) })
  if ((message.alias || message.avatar) && !core.hasPermission(user, 'message-impersonate', rid)) throw errors.notEnoughPermission()
  if (Array.isArray(message.attachments) && message.attachments.length > 0) validateAttachments(message.attachments)
  if (message.customFields) assertCustomFields(core, message.customFields as Json)
}
