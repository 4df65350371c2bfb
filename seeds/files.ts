import type { Core } from '../src/core.js'
import type { Room, Upload, User } from '../src/db/index.js'
import { insertMessage } from '../src/domain/messages.js'
import { findDirectRoom, touchSubscription } from '../src/domain/rooms.js'
import { fileAttachment, fileProp } from '../src/serialize/file.js'

const MINUTE = 60_000
const STORE = 'GridFS:Uploads'

/** The files of the default scenario's demo–alice DM (fixed names tests can look for). */
export const DEFAULT_FILES = {
  image: 'design-review.png',
  pdf: 'sync-cursor-notes.pdf',
  audio: 'standup-recording.mp3',
  /** Uploaded but never sent: has `expiresAt`, no message (hidden by `onlyConfirmed=true`). */
  unconfirmed: 'draft-notes.txt',
} as const

interface FileSpec {
  name: string
  type: string
  size: number
  description?: string
  identify?: { format: string; size: { width: number; height: number } }
}

/**
 * Files shared in the demo–alice DM, as `sendFileMessage` leaves them: an `uploads` record per
 * file (an image also gets its thumbnail record, `typeGroup: 'thumb'`) and a file message with
 * `file`, `files` and `attachments`. demo last saw the DM (`ls`) before the files arrived; one
 * more upload was never confirmed (`expiresAt`, no message).
 */
export function seedDirectFiles(core: Core): void {
  const demo = core.findUser('demo')
  const alice = core.findUser('alice')
  if (!demo || !alice) return
  const room = findDirectRoom(core, [demo, alice])
  if (!room) return

  core.clock.advance(30 * MINUTE)
  // demo last looked at the DM before the files arrived (`ls`, what dm.counters reports as
  // `unreadsFrom`); the unread counter itself is left as the messages made it.
  const demoSub = core.subscription(room._id, demo._id)
  if (demoSub) touchSubscription(core, demoSub, (s) => (s.ls = core.now()))

  core.clock.advance(7 * MINUTE)
  shareFile(core, room, alice, {
    name: DEFAULT_FILES.image,
    type: 'image/png',
    size: 482_113,
    description: 'The new sidebar, as discussed',
    identify: { format: 'png', size: { width: 1440, height: 900 } },
  })
  core.clock.advance(4 * MINUTE)
  shareFile(core, room, demo, { name: DEFAULT_FILES.pdf, type: 'application/pdf', size: 96_345, description: 'My notes on the sync cursor' })
  core.clock.advance(9 * MINUTE)
  shareFile(core, room, alice, { name: DEFAULT_FILES.audio, type: 'audio/mpeg', size: 1_204_224 })
  core.clock.advance(2 * MINUTE)
  insertUpload(
    core,
    room,
    demo,
    { name: DEFAULT_FILES.unconfirmed, type: 'text/plain', size: 2_048 },
    { expiresAt: new Date(core.clock.now() + 24 * 60 * MINUTE) },
  )
}

function shareFile(core: Core, room: Room, user: User, spec: FileSpec): void {
  const upload = insertUpload(core, room, user, spec)
  const thumb = spec.identify ? insertThumbnail(core, room, user, upload) : undefined
  // The same builders as `rooms.mediaConfirm`: one shape for seeded and uploaded file messages.
  const files = thumb ? [fileProp(upload), fileProp(thumb)] : [fileProp(upload)]
  insertMessage(core, room, user, {
    msg: '',
    extra: { file: files[0], files, attachments: [fileAttachment(upload, thumb)], groupable: false },
  })
}

function insertUpload(core: Core, room: Room, user: User, spec: FileSpec, more: Record<string, unknown> = {}): Upload {
  const _id = core.random.id()
  const now = core.now()
  const path = `/ufs/${STORE}/${_id}/${encodeURI(spec.name)}`
  const extension = spec.name.includes('.') ? spec.name.slice(spec.name.lastIndexOf('.') + 1) : ''
  return core.db.uploads.insert({
    _id,
    name: spec.name,
    size: spec.size,
    type: spec.type,
    rid: room._id,
    userId: user._id,
    store: STORE,
    extension,
    ...(spec.identify ? { identify: spec.identify } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    complete: true,
    uploading: false,
    progress: 1,
    etag: core.random.id(),
    token: core.random.id().slice(0, 10),
    path,
    url: `${core.setting('Site_Url')}${path}`,
    typeGroup: spec.type.split('/')[0],
    uploadedAt: now,
    _updatedAt: now,
    ...more,
  })
}

/** The server's thumbnail: same format, fitted inside 480×360 (1440×900 → 480×300). */
function insertThumbnail(core: Core, room: Room, user: User, original: Upload): Upload {
  const identify = original.identify as { format: string; size: { width: number; height: number } }
  const scale = Math.min(480 / identify.size.width, 360 / identify.size.height, 1)
  const size = { width: Math.round(identify.size.width * scale), height: Math.round(identify.size.height * scale) }
  return insertUpload(
    core,
    room,
    user,
    { name: `thumb-${original.name}`, type: original.type, size: 23_871, identify: { format: identify.format, size } },
    { typeGroup: 'thumb', originalFileId: original._id },
  )
}
