import type { Core } from '../src/core.js'
import type { Room, Upload, User } from '../src/db/index.js'
import { insertMessage } from '../src/domain/messages.js'
import { findDirectRoom, touchSubscription } from '../src/domain/rooms.js'

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
  insertUpload(core, room, demo, { name: DEFAULT_FILES.unconfirmed, type: 'text/plain', size: 2_048 }, { expiresAt: new Date(core.clock.now() + 24 * 60 * MINUTE) })
}

function shareFile(core: Core, room: Room, user: User, spec: FileSpec): void {
  const upload = insertUpload(core, room, user, spec)
  const thumb = spec.identify ? insertThumbnail(core, room, user, upload) : undefined
  const ref = (u: Upload) => ({ _id: u._id, name: u.name, type: u.type, size: u.size, format: (u.extension as string | undefined) ?? '' })
  const link = fileLink(upload)
  // The fields every file attachment has, then the media-specific ones (as the server builds them).
  const common = {
    title: upload.name,
    type: 'file',
    ...(spec.description ? { description: spec.description } : {}),
    title_link: link,
    title_link_download: true,
  }
  const attachment: Record<string, unknown> = spec.type.startsWith('image/')
    ? {
        ...common,
        image_dimensions: spec.identify?.size,
        image_url: thumb ? fileLink(thumb) : link,
        image_type: thumb?.type ?? upload.type,
        image_size: thumb?.size ?? upload.size,
      }
    : spec.type.startsWith('audio/')
      ? { ...common, audio_url: link, audio_type: upload.type, audio_size: upload.size }
      : { ...common, format: upload.extension, size: upload.size }
  insertMessage(core, room, user, {
    msg: '',
    extra: { file: ref(upload), files: thumb ? [ref(upload), ref(thumb)] : [ref(upload)], attachments: [attachment], groupable: false },
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

function insertThumbnail(core: Core, room: Room, user: User, original: Upload): Upload {
  return insertUpload(core, room, user, { name: `thumb-${original.name}`, type: 'image/jpeg', size: 23_871 }, { typeGroup: 'thumb', originalFileId: original._id })
}

function fileLink(upload: Upload): string {
  return `/file-upload/${upload._id}/${encodeURI(upload.name)}`
}
