import { z } from 'zod'
import { canAccessRoom } from '../src/domain/access.js'
import { canReadFile, confirmUpload, storeTemporaryUpload } from '../src/domain/uploads.js'
import { userForToken } from '../src/domain/users.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError, errors } from '../src/errors.js'
import { readUploadForm } from '../src/files/multipart.js'
import { normalizeMessage } from '../src/serialize/message.js'
import { b } from '../src/validation.js'
import type { Core } from '../src/core.js'
import type { User } from '../src/db/index.js'

/**
 * `POST rooms.media/:rid` (multipart, field `file`): a temporary upload, answered with its id and
 * `/file-upload` link; the message comes with `rooms.mediaConfirm`. `rooms.upload/:rid` (one step)
 * was removed in 8.0 and is not served (decisions/0005).
 */
export const roomsMedia = defineEndpoint({
  method: 'POST',
  path: '/api/v1/rooms.media/:rid',
  handle: async ({ core, user, params, request }) => {
    const room = core.db.rooms.get(params.rid!)
    if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
    const form = await readUploadForm(request)
    let content: unknown
    if (form.fields.content !== undefined) {
      try {
        content = JSON.parse(form.fields.content)
      } catch {
        throw errors.uploadInvalidContent()
      }
    }
    const upload = storeTemporaryUpload(core, room!, user, { name: form.name, type: form.type, bytes: form.bytes, content })
    return { file: { _id: upload._id, url: upload.path } }
  },
})

const confirmBody = z.looseObject({
  msg: b.string().optional(),
  tmid: b.string().optional(),
  description: b.string().optional(),
  t: b.string().optional(),
  fileName: b.string().optional(),
  alias: b.string().optional(),
  avatar: b.string().optional(),
  emoji: b.string().optional(),
  groupable: b.boolean().optional(),
  /** JSON text (older clients) or an object (rest-typings 8.x). */
  customFields: z.union([b.string(), z.record(z.string(), z.unknown())]).optional(),
  /** An encrypted file's `content` (E2EE), kept on the message. */
  content: z.looseObject({ algorithm: z.string(), ciphertext: z.string() }).optional(),
})

/** `POST rooms.mediaConfirm/:rid/:fileId`: send the file message of a temporary upload. */
export const roomsMediaConfirm = defineEndpoint({
  method: 'POST',
  path: '/api/v1/rooms.mediaConfirm/:rid/:fileId',
  body: confirmBody,
  handle: ({ core, user, params, body }) => {
    const room = core.db.rooms.get(params.rid!)
    if (!canAccessRoom(core, room, user)) throw ApiError.forbidden()
    const upload = core.db.uploads.get(params.fileId!)
    if (!upload) throw errors.invalidFile()
    const message = confirmUpload(core, room!, user, upload, body)
    return { message: normalizeMessage(core, message, user) }
  },
})

/** The caller of a file link: auth headers, else `rc_uid`/`rc_token` in the query, else those cookies. */
function fileCaller(core: Core, request: Request, url: URL, fromHeaders: User | undefined): User | undefined {
  if (fromHeaders) return fromHeaders
  let uid = url.searchParams.get('rc_uid')
  let token = url.searchParams.get('rc_token')
  if (!uid || !token) {
    const cookies = parseCookies(request.headers.get('cookie'))
    uid = cookies.rc_uid ?? null
    token = cookies.rc_token ?? null
  }
  return uid && token ? userForToken(core, uid, token) : undefined
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim())
  }
  return out
}

const serveFile = (path: string) =>
  defineEndpoint({
    method: 'GET',
    path,
    auth: false,
    handle: ({ core, user, params, request }) => {
      const upload = core.db.uploads.get(params.id!)
      if (!upload) return new Response(null, { status: 404 })
      const url = new URL(request.url)
      if (!canReadFile(core, upload, fileCaller(core, request, url, user), (room, u) => canAccessRoom(core, room, u))) {
        return new Response(null, { status: 403 })
      }
      const bytes = core.files.read(upload)
      const disposition = url.searchParams.has('download') ? 'attachment' : 'inline'
      return new Response(bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: {
          'Content-Type': upload.type,
          'Content-Length': String(bytes.length),
          'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(upload.name)}`,
          'Content-Security-Policy': "default-src 'none'",
          'Cache-Control': 'max-age=31536000',
          'Last-Modified': upload.uploadedAt.toUTCString(),
          'X-Content-Type-Options': 'nosniff',
        },
      })
    },
  })

/** `GET /file-upload/:id/:name` (and the store's own `/ufs/GridFS:Uploads/...` link): the bytes. */
export const fileUpload = serveFile('/file-upload/:id/:name')
export const ufsFile = serveFile('/ufs/GridFS:Uploads/:id/:name')

export const uploadEndpoints = [roomsMedia, roomsMediaConfirm, fileUpload, ufsFile]
