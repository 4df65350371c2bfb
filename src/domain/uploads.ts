import type { Core } from '../core.js'
import type { Message, Room, Upload, User } from '../db/index.js'
import { errors } from '../errors.js'
import { identifyImage, mediaTypeAllowed } from '../files/media-type.js'
import { fileAttachment, fileProp, fileUploadPath } from '../serialize/file.js'
import { insertMessage } from './messages.js'
import { prepareSend } from './send.js'

const STORE = 'GridFS:Uploads'
const DAY = 24 * 60 * 60 * 1000

export interface IncomingFile {
  name: string
  /** The media type after `getMimeType` (declared, or from the extension). */
  type: string
  bytes: Uint8Array
  /** `content` form field of an encrypted upload (parsed JSON). */
  content?: unknown
}

/**
 * `FileUpload.validateFileUpload`, in the server's order: uploads switched on, allowed in DMs,
 * size within `FileUpload_MaxFileSize` (-1 = no limit), type allowed by the white/black lists.
 */
export function assertUploadAllowed(core: Core, room: Room, file: { type: string; size: number }): void {
  if (!core.setting('FileUpload_Enabled')) throw errors.uploadDisabled()
  if (room.t === 'd' && !core.setting('FileUpload_Enabled_Direct')) throw errors.uploadDirectNotAllowed()
  const max = core.setting('FileUpload_MaxFileSize')
  if (max > -1 && file.size > max) throw errors.uploadTooLarge()
  if (!mediaTypeAllowed(file.type, core.setting('FileUpload_MediaTypeWhiteList'), core.setting('FileUpload_MediaTypeBlackList'))) {
    throw errors.uploadInvalidType()
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1) : ''
}

type UploadSpec = { name: string; type: string; size: number; path?: string } & Record<string, unknown>

function insertUploadRecord(core: Core, room: Room, user: User, spec: UploadSpec): Upload {
  const _id = core.random.id()
  const now = core.now()
  const storePath = `/ufs/${STORE}/${_id}/${encodeURI(spec.name)}`
  return core.db.uploads.insert({
    _id,
    rid: room._id,
    userId: user._id,
    store: STORE,
    extension: extensionOf(spec.name),
    complete: true,
    uploading: false,
    progress: 1,
    etag: core.random.id(),
    token: core.random.id().slice(0, 10),
    url: `${core.setting('Site_Url')}${storePath}`,
    typeGroup: spec.type.split('/')[0],
    uploadedAt: now,
    _updatedAt: now,
    ...spec,
    path: spec.path ?? storePath,
  })
}

/**
 * `POST rooms.media/:rid` after parsing: check the file against the settings, store its bytes
 * and a temporary upload record (`expiresAt` in 24 h, no message yet). Images get `identify`.
 */
export function storeTemporaryUpload(core: Core, room: Room, user: User, file: IncomingFile): Upload {
  assertUploadAllowed(core, room, { type: file.type, size: file.bytes.length })
  const identify = /^image\//.test(file.type) ? identifyImage(file.bytes) : undefined
  const upload = insertUploadRecord(core, room, user, {
    name: file.name,
    type: file.type,
    size: file.bytes.length,
    ...(identify ? { identify } : {}),
    ...(file.content !== undefined ? { content: file.content } : {}),
    expiresAt: new Date(core.clock.now() + DAY),
  })
  // The API answers with `path` = the /file-upload link (the store's own path is in `url`).
  core.db.uploads.patch(upload, (u) => (u.path = fileUploadPath(u._id, u.name)))
  core.files.put(upload._id, file.bytes)
  return upload
}

export interface ConfirmInput {
  msg?: string | undefined
  tmid?: string | undefined
  description?: string | undefined
  t?: string | undefined
  fileName?: string | undefined
  alias?: string | undefined
  avatar?: string | undefined
  emoji?: string | undefined
  groupable?: boolean | undefined
  customFields?: string | Record<string, unknown> | undefined
  content?: Record<string, unknown> | undefined
}

/** Thumbnail bounds fitted inside the configured box, or `undefined` when the image already fits. */
function thumbnailSize(core: Core, upload: Upload): { width: number; height: number } | undefined {
  if (!core.setting('Message_Attachments_Thumbnails_Enabled')) return undefined
  const size = (upload.identify as { size?: { width: number; height: number } } | undefined)?.size
  if (!size) return undefined
  const maxW = core.setting('Message_Attachments_Thumbnails_Width')
  const maxH = core.setting('Message_Attachments_Thumbnails_Height')
  if (size.width <= maxW && size.height <= maxH) return undefined
  const scale = Math.min(maxW / size.width, maxH / size.height)
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) }
}

/**
 * `POST rooms.mediaConfirm/:rid/:fileId` → `sendFileMessage`: the description check and the send
 * checks run first (a refused confirm writes nothing); then the upload is completed (and renamed
 * with `fileName`), an image larger than the thumbnail box gets its `thumb-` record, the file
 * message goes through the send pipeline, and the upload stops being temporary.
 */
export function confirmUpload(core: Core, room: Room, user: User, upload: Upload, input: ConfirmInput): Message {
  if ((input.description?.length ?? 0) > core.setting('Message_MaxAllowedSize')) throw errors.messageSizeExceeded()
  const customFields = typeof input.customFields === 'string' ? parseCustomFields(input.customFields) : input.customFields
  const msg = input.msg ?? ''
  const send = { msg, ...(input.tmid ? { tmid: input.tmid } : {}), extra: {} as Record<string, unknown> }
  const { room: target } = prepareSend(core, user, room._id, { ...send, extra: { alias: input.alias, avatar: input.avatar, customFields } })

  const name = input.fileName || upload.name
  core.db.uploads.patch(upload, (u) => {
    u.name = name
    if (input.description !== undefined) u.description = input.description
    else delete u.description
    u._updatedAt = core.now()
  })
  const thumbSize = thumbnailSize(core, upload)
  const thumbnail = thumbSize
    ? insertUploadRecord(core, target, user, {
        name: `thumb-${upload.name}`,
        type: upload.type,
        size: upload.size,
        typeGroup: 'thumb',
        identify: { format: (upload.identify as { format?: string }).format ?? '', size: thumbSize },
        originalFileId: upload._id,
      })
    : undefined
  // The mock does not resample pictures: a thumbnail serves the original's bytes.
  if (thumbnail) core.files.put(thumbnail._id, core.files.read(upload))
  const files = thumbnail ? [fileProp(upload), fileProp(thumbnail)] : [fileProp(upload)]
  const extra: Record<string, unknown> = {
    ...(input.t !== undefined ? { t: input.t } : {}),
    ...(input.alias !== undefined ? { alias: input.alias } : {}),
    ...(input.avatar !== undefined ? { avatar: input.avatar } : {}),
    ...(input.emoji !== undefined ? { emoji: input.emoji } : {}),
    ...(customFields !== undefined ? { customFields } : {}),
    ...(input.content !== undefined ? { content: input.content } : {}),
    groupable: input.groupable ?? false,
    file: files[0],
    files,
    attachments: [fileAttachment(upload, thumbnail)],
  }
  const message = insertMessage(core, target, user, { ...send, extra })
  core.db.uploads.patch(upload, (u) => {
    delete u.expiresAt
  })
  return message
}

function parseCustomFields(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    throw errors.uploadMalformed('The "customFields" field must be JSON')
  }
}

/**
 * `FileUpload.requestCanAccessFiles` for `GET /file-upload/:id/:name`: with `FileUpload_ProtectFiles`
 * a caller must be logged in (headers, `rc_uid`/`rc_token` query or cookies) and, with
 * `FileUpload_Restrict_to_room_members`, able to see the file's room.
 */
export function canReadFile(core: Core, upload: Upload, user: User | undefined, canAccess: (room: Room | undefined, user: User) => boolean): boolean {
  if (!core.setting('FileUpload_ProtectFiles')) return true
  if (!user) return false
  if (!core.setting('FileUpload_Restrict_to_room_members')) return true
  return canAccess(core.db.rooms.get(upload.rid), user)
}
