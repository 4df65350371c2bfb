import { describe, expect, it } from 'vitest'
import { encodePng } from '../../../src/files/png.js'
import { ORIGIN, json, LOGGED_OUT, NOW, setup, TRANSPORT } from '../../helpers.js'

const t = setup({ now: NOW })

/** A real 1000×500 PNG (larger than the 480×360 thumbnail box). */
const PNG = encodePng({
  width: 1000,
  height: 500,
  palette: [
    [255, 255, 255],
    [0, 0, 0],
  ],
  paint: (x) => x < 10,
})
const SMALL_PNG = encodePng({
  width: 40,
  height: 30,
  palette: [
    [255, 255, 255],
    [0, 0, 0],
  ],
  paint: () => false,
})

function form(parts: Array<[string, Blob | string, string?]>): FormData {
  const data = new FormData()
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') data.append(name, value)
    else data.append(name, value, filename)
  }
  return data
}

/** `POST rooms.media/:rid` as `username` with a multipart body (or a raw one). */
async function media(username: string | undefined, rid: string, body: FormData | string, headers: Record<string, string> = {}) {
  const auth = username ? t.login(username) : undefined
  const res = await t.fetch(`${ORIGIN}/api/v1/rooms.media/${encodeURIComponent(rid)}`, {
    method: 'POST',
    headers: { ...(auth ? { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken } : {}), ...headers },
    body,
  })
  return { status: res.status, body: await res.json() }
}

const confirm = (username: string, rid: string, fileId: string, body: Record<string, unknown> = {}) =>
  t.api(`rooms.mediaConfirm/${rid}/${fileId}`, { as: username, body })

const state = () => JSON.stringify((['rooms', 'subscriptions', 'messages', 'uploads'] as const).map((k) => t.mock.db[k].all()))

describe('POST /api/v1/rooms.media/:rid + rooms.mediaConfirm/:rid/:fileId', () => {
  it('stores a temporary upload, then confirms it into a file message with thumbnail, as the server builds it', async () => {
    const rid = t.room('demo-channel')._id
    const up = await media('demo', rid, form([['file', new Blob([PNG], { type: 'image/png' }), 'screen shot.png']]))
    expect(up.status).toBe(200)
    expect(Object.keys(up.body)).toStrictEqual(['file', 'success'])
    const id = up.body.file._id as string
    expect(up.body.file).toStrictEqual({ _id: id, url: `/file-upload/${id}/screen%20shot.png` })
    const stored = t.mock.db.uploads.get(id)!
    expect(json(stored)).toMatchObject({
      rid,
      userId: t.user('demo')._id,
      name: 'screen shot.png',
      type: 'image/png',
      typeGroup: 'image',
      size: PNG.length,
      identify: { format: 'png', size: { width: 1000, height: 500 } },
      expiresAt: new Date(Date.parse(NOW) + 24 * 3600_000).toISOString(),
    })
    // No message yet.
    expect(t.mock.db.messages.all().some((m) => (m.file as { _id?: string } | undefined)?._id === id)).toBe(false)

    const before = t.room(rid).msgs
    const res = await confirm('demo', rid, id, { msg: 'the new screen', description: 'first draft' })
    expect(res.status).toBe(200)
    const message = res.body.message
    const thumb = t.mock.db.uploads.all().find((u) => u.originalFileId === id)!
    expect(json(thumb)).toMatchObject({ name: 'thumb-screen shot.png', type: 'image/png', typeGroup: 'thumb', identify: { size: { width: 480, height: 240 } } })
    expect(message).toMatchObject({
      rid,
      msg: 'the new screen',
      u: { username: 'demo' },
      groupable: false,
      file: { _id: id, name: 'screen shot.png', type: 'image/png', size: PNG.length, format: 'png', typeGroup: 'image' },
      files: [{ _id: id }, { _id: thumb._id, name: 'thumb-screen shot.png', typeGroup: 'thumb' }],
      attachments: [
        {
          title: 'screen shot.png',
          type: 'file',
          description: 'first draft',
          title_link: `/file-upload/${id}/screen%20shot.png`,
          title_link_download: true,
          image_url: `/file-upload/${thumb._id}/screen%20shot.png`,
          image_type: 'image/png',
          image_size: PNG.length,
          image_dimensions: { width: 480, height: 240 },
          fileId: id,
        },
      ],
    })
    expect(message).toStrictEqual(json(t.message(message._id)))
    expect(t.mock.db.uploads.get(id)!.expiresAt).toBeUndefined()
    expect(t.room(rid).msgs).toBe(before + 1)
    expect(t.room(rid).lastMessage._id).toBe(message._id)

    // The bytes come back as sent, at the link in the message.
    const file = await t.api(`/file-upload/${id}/screen%20shot.png`, { as: 'demo' })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/png')
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'")
    const bytes = new Uint8Array(
      await (
        await t.fetch(`${ORIGIN}/file-upload/${id}/x`, { headers: { 'X-User-Id': t.login('demo').userId, 'X-Auth-Token': t.login('demo').authToken } })
      ).arrayBuffer(),
    )
    expect(bytes).toStrictEqual(PNG)
  })

  it('builds audio, video and other attachments by type; a small image gets no thumbnail', async () => {
    const rid = t.room('demo-channel')._id
    const send = async (name: string, type: string, bytes: Uint8Array | string) => {
      const up = await media('demo', rid, form([['file', new Blob([bytes as BlobPart], { type }), name]]))
      expect(up.status).toBe(200)
      const res = await confirm('demo', rid, up.body.file._id)
      expect(res.status).toBe(200)
      return res.body.message
    }
    const audio = await send('memo.ogg', 'audio/ogg', 'OggS')
    expect(audio.attachments[0]).toStrictEqual({
      title: 'memo.ogg',
      type: 'file',
      title_link: audio.attachments[0].title_link,
      title_link_download: true,
      audio_url: audio.attachments[0].title_link,
      audio_type: 'audio/ogg',
      audio_size: 4,
      fileId: audio.file._id,
    })
    const video = await send('clip.mp4', 'video/mp4', 'mp4!')
    expect(video.attachments[0]).toMatchObject({ video_url: `/file-upload/${video.file._id}/clip.mp4`, video_type: 'video/mp4', video_size: 4 })
    // application/octet-stream becomes the type the extension implies.
    const doc = await send('report.pdf', 'application/octet-stream', '%PDF-1.4')
    expect(doc.file.type).toBe('application/pdf')
    expect(doc.attachments[0]).toMatchObject({ format: 'PDF', size: 8, title: 'report.pdf' })
    const small = await send('icon.png', 'image/png', SMALL_PNG)
    expect(small.files).toHaveLength(1)
    expect(small.attachments[0]).toMatchObject({ image_url: `/file-upload/${small.file._id}/icon.png`, image_dimensions: { width: 40, height: 30 } })
  })

  it('confirms into a thread, renames with fileName, and keeps the upload in the room for dm/rooms listings', async () => {
    const rid = t.room('demo-channel')._id
    const root = await t.send('demo', { rid, msg: 'thread root' })
    const up = await media('demo', rid, form([['file', new Blob(['hello'], { type: 'text/plain' }), 'a.txt']]))
    const res = await confirm('demo', rid, up.body.file._id, { tmid: root._id, fileName: 'notes.txt' })
    expect(res.status).toBe(200)
    expect(res.body.message).toMatchObject({ tmid: root._id, file: { name: 'notes.txt' }, attachments: [{ title: 'notes.txt', format: 'TXT' }] })
    expect(t.message(root._id)!.tcount).toBe(1)
  })

  it('refuses what the server refuses, with its envelope, and writes nothing', async () => {
    const rid = t.room('demo-channel')._id
    const before = state()
    const png = () => new Blob([PNG], { type: 'image/png' })
    expect(await media(undefined, rid, form([['file', png(), 'a.png']]))).toStrictEqual({ status: 401, body: LOGGED_OUT })
    expect(await media('demo', t.room('leadership')._id, form([['file', png(), 'a.png']]))).toStrictEqual({
      status: 403,
      body: { success: false, error: 'unauthorized' },
    })
    expect(await media('demo', 'no-such-room', form([['file', png(), 'a.png']]))).toStrictEqual({
      status: 403,
      body: { success: false, error: 'unauthorized' },
    })
    expect(await media('demo', rid, form([['picture', png(), 'a.png']]))).toStrictEqual({
      status: 400,
      body: { success: false, error: '[invalid-field]', errorType: 'invalid-field' },
    })
    expect(
      await media(
        'demo',
        rid,
        form([
          ['file', png(), 'a.png'],
          ['file', png(), 'b.png'],
        ]),
      ),
    ).toStrictEqual({
      status: 400,
      body: { success: false, error: 'Just 1 file is allowed [error-too-many-files]', errorType: 'error-too-many-files' },
    })
    const noFile = { status: 400, body: { success: false, error: 'No file uploaded [error-no-file]', errorType: 'error-no-file' } }
    expect(await media('demo', rid, form([['msg', 'only text']]))).toStrictEqual(noFile)
    expect(await media('demo', rid, form([['file', 'not a file']]))).toStrictEqual(noFile)
    // Blocked by default: SVG.
    expect(await media('demo', rid, form([['file', new Blob(['<svg/>'], { type: 'image/svg+xml' }), 'x.svg']]))).toStrictEqual({
      status: 400,
      body: { success: false, error: 'File type is not accepted. [error-invalid-file-type]', errorType: 'error-invalid-file-type' },
    })
    expect(
      await media(
        'demo',
        rid,
        form([
          ['file', png(), 'a.png'],
          ['content', '{not json'],
        ]),
      ),
    ).toMatchObject({ status: 400, body: { errorType: 'invalid-field-content' } })
    // Not multipart, no boundary, cut short.
    expect(await media('demo', rid, '{"file":1}', { 'content-type': 'application/json' })).toStrictEqual({
      status: 400,
      body: { success: false, error: 'Unsupported content type: application/json' },
    })
    expect(await media('demo', rid, 'x', { 'content-type': 'multipart/form-data' })).toStrictEqual({
      status: 400,
      body: { success: false, error: 'Multipart: Boundary not found' },
    })
    const truncated = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG'
    expect(await media('demo', rid, truncated, { 'content-type': 'multipart/form-data; boundary=XyZ' })).toStrictEqual({
      status: 400,
      body: { success: false, error: 'Unexpected end of form' },
    })
    expect(state()).toBe(before)
  })

  it('honours FileUpload_MaxFileSize, the white and black lists, FileUpload_Enabled and FileUpload_Enabled_Direct', async () => {
    const rid = t.room('demo-channel')._id
    const dm = t.dmId('demo', 'alice')
    const before = state()
    const txt = () => form([['file', new Blob(['0123456789'], { type: 'text/plain' }), 'ten.txt']])
    t.mock.setSetting('FileUpload_MaxFileSize', 9)
    expect(await media('demo', rid, txt())).toStrictEqual({
      status: 400,
      body: { success: false, error: 'File size exceeds the allowed limit [error-file-too-large]', errorType: 'error-file-too-large' },
    })
    t.mock.setSetting('FileUpload_MaxFileSize', 10)
    t.mock.setSetting('FileUpload_MediaTypeWhiteList', 'image/*, application/pdf')
    expect((await media('demo', rid, txt())).body.errorType).toBe('error-invalid-file-type')
    t.mock.setSetting('FileUpload_MediaTypeWhiteList', 'text/*')
    t.mock.setSetting('FileUpload_MediaTypeBlackList', 'text/plain')
    expect((await media('demo', rid, txt())).body.errorType).toBe('error-invalid-file-type')
    t.mock.setSetting('FileUpload_MediaTypeBlackList', '')
    t.mock.setSetting('FileUpload_Enabled_Direct', false)
    expect(await media('demo', dm, txt())).toStrictEqual({
      status: 400,
      body: {
        success: false,
        error: 'File sharing not allowed in direct messages [error-direct-message-file-upload-not-allowed]',
        errorType: 'error-direct-message-file-upload-not-allowed',
      },
    })
    t.mock.setSetting('FileUpload_Enabled', false)
    expect((await media('demo', rid, txt())).body.errorType).toBe('error-file-upload-disabled')
    const withoutSettings = JSON.parse(before)
    expect(JSON.parse(state())).toStrictEqual(withoutSettings)
    t.mock.setSetting('FileUpload_Enabled', true)
    expect((await media('demo', rid, txt())).status).toBe(200)
    t.mock.setSetting('FileUpload_MaxFileSize', -1)
    expect((await media('demo', rid, form([['file', new Blob([new Uint8Array(200_000)], { type: 'text/plain' }), 'big.txt']]))).status).toBe(200)
  })

  it('mediaConfirm: unknown file, no access, too long a description, a wrong type — 4xx and no message; no body is fine', async () => {
    const rid = t.room('demo-channel')._id
    const up = await media('demo', rid, form([['file', new Blob(['x'], { type: 'text/plain' }), 'x.txt']]))
    const id = up.body.file._id as string
    const before = state()
    expect(await confirm('demo', rid, 'nope')).toMatchObject({ status: 400, body: { success: false, error: '[invalid-file]', errorType: 'invalid-file' } })
    expect((await confirm('demo', t.room('leadership')._id, id)).status).toBe(403)
    t.mock.setSetting('Message_MaxAllowedSize', 10)
    expect((await confirm('demo', rid, id, { description: '12345678910' })).body).toStrictEqual({
      success: false,
      error: 'Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]',
      errorType: 'error-message-size-exceeded',
    })
    expect((await confirm('demo', rid, id, { groupable: 'yes' })).status).toBe(400)
    expect((await t.api(`rooms.mediaConfirm/${rid}/${id}`, { as: 'demo', method: 'POST' })).status).toBe(200)
    expect(JSON.parse(state())[2].length).toBe(JSON.parse(before)[2].length + 1)
  })
})

describe('GET /file-upload/:id/:name', () => {
  it('serves seeded files as real files of their recorded size and type', async () => {
    const image = t.mock.db.uploads.all().find((u) => u.name === 'design-review.png')!
    const pdf = t.mock.db.uploads.all().find((u) => u.name === 'sync-cursor-notes.pdf')!
    const auth = t.login('demo')
    const get = (path: string) => t.fetch(`${ORIGIN}${path}`, { headers: { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken } })
    const res = await get(`/file-upload/${image._id}/design-review.png`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(bytes.length).toBe(482113)
    expect([...bytes.subarray(0, 8)]).toStrictEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    // IHDR: the recorded dimensions.
    const view = new DataView(bytes.buffer, bytes.byteOffset)
    expect([view.getUint32(16), view.getUint32(20)]).toStrictEqual([1440, 900])
    const doc = await get(`/file-upload/${pdf._id}/sync-cursor-notes.pdf?download`)
    expect(doc.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''sync-cursor-notes.pdf")
    const text = await doc.text()
    expect(text.length).toBe(96345)
    expect(text.startsWith('%PDF-1.4')).toBe(true)
    expect(text.endsWith('%%EOF\n')).toBe(true)
    // The store's own link serves the same bytes.
    expect((await get(`/ufs/GridFS:Uploads/${pdf._id}/sync-cursor-notes.pdf`)).status).toBe(200)
  })

  it('FileUpload_ProtectFiles: 403 without credentials, rc_uid/rc_token in the query or cookies work; room members only', async () => {
    const image = t.mock.db.uploads.all().find((u) => u.name === 'design-review.png')!
    const path = `${ORIGIN}/file-upload/${image._id}/design-review.png`
    expect((await t.fetch(path)).status).toBe(403)
    const demo = t.login('demo')
    expect((await t.fetch(`${path}?rc_uid=${demo.userId}&rc_token=${demo.authToken}`)).status).toBe(200)
    expect((await t.fetch(path, { headers: { cookie: `rc_uid=${demo.userId}; rc_token=${demo.authToken}` } })).status).toBe(200)
    const bob = t.login('bob')
    expect((await t.fetch(`${path}?rc_uid=${bob.userId}&rc_token=${bob.authToken}`)).status).toBe(403)
    t.mock.setSetting('FileUpload_Restrict_to_room_members', false)
    expect((await t.fetch(`${path}?rc_uid=${bob.userId}&rc_token=${bob.authToken}`)).status).toBe(200)
    t.mock.setSetting('FileUpload_ProtectFiles', false)
    expect((await t.fetch(path)).status).toBe(200)
    expect((await t.fetch(`${ORIGIN}/file-upload/nope/x.png`)).status).toBe(404)
  })
})

describe('uploads survive snapshot/restore', () => {
  it('keeps uploaded bytes (base64 in the snapshot) and regenerates seeded ones', async () => {
    const rid = t.room('demo-channel')._id
    const up = await media('demo', rid, form([['file', new Blob([PNG], { type: 'image/png' }), 'kept.png']]))
    const id = up.body.file._id as string
    const snapshot = JSON.parse(JSON.stringify(t.mock.snapshot()))
    expect(Object.keys(snapshot.files)).toStrictEqual([id])
    t.mock.reset()
    expect(t.mock.db.uploads.get(id)).toBeUndefined()
    t.mock.restore(snapshot)
    const auth = t.login('demo')
    const res = await t.fetch(`${ORIGIN}/file-upload/${id}/kept.png`, { headers: { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken } })
    expect(new Uint8Array(await res.arrayBuffer())).toStrictEqual(PNG)
    expect(() => t.mock.restore({ ...snapshot, files: { [id]: 42 } })).toThrow(/not base64/)
    expect(t.mock.db.uploads.get(id)).toBeDefined()
  })
})

describe('rooms.upload/:rid (removed in 8.0)', () => {
  it('is not served: the request stays unhandled, as it is a 404 on an 8.x server', async () => {
    const error = await media('demo', 'GENERAL', form([['file', new Blob(['x'], { type: 'text/plain' }), 'x.txt']])).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeUndefined()
    const legacy = await t
      .fetch(`${ORIGIN}/api/v1/rooms.upload/GENERAL`, {
        method: 'POST',
        headers: { 'X-User-Id': t.login('demo').userId, 'X-Auth-Token': t.login('demo').authToken },
        body: form([['file', new Blob(['x']), 'x.txt']]),
      })
      .then(
        (res) => `answered ${res.status}`,
        (e: Error) => String(e.cause ?? e),
      )
    // Unhandled: fetch rejects under interception; the standalone server answers its 404.
    expect(legacy).toMatch(TRANSPORT === 'http' ? /^answered 404$/ : /onUnhandledFrame|No mock handler/)
  })
})

describe('rooms.mediaConfirm extras', () => {
  it('customFields as an object or JSON text (with Message_CustomFields_Enabled), and E2EE content kept', async () => {
    t.mock.setSetting('Message_CustomFields_Enabled', true)
    // Custom fields must match the workspace's schema (an empty one refuses them all).
    t.mock.setSetting('Message_CustomFields', JSON.stringify({ properties: { ticket: { type: 'string' } } }))
    const rid = t.room('demo-channel')._id
    const upload = async () => (await media('demo', rid, form([['file', new Blob(['x'], { type: 'text/plain' }), 'x.txt']]))).body.file._id as string
    const asObject = await confirm('demo', rid, await upload(), { customFields: { ticket: 'RC-1' } })
    expect(asObject.body.message.customFields).toStrictEqual({ ticket: 'RC-1' })
    const asText = await confirm('demo', rid, await upload(), { customFields: '{"ticket":"RC-2"}' })
    expect(asText.body.message.customFields).toStrictEqual({ ticket: 'RC-2' })
    const bad = await confirm('demo', rid, await upload(), { customFields: '{nope' })
    expect(bad).toMatchObject({ status: 400, body: { success: false, error: 'The "customFields" field must be JSON' } })
    const e2e = await confirm('demo', rid, await upload(), { t: 'e2e', content: { algorithm: 'rc.v1.aes-sha2', ciphertext: 'abc' } })
    expect(e2e.body.message).toMatchObject({ t: 'e2e', content: { algorithm: 'rc.v1.aes-sha2', ciphertext: 'abc' } })
    t.mock.setSetting('Message_CustomFields_Enabled', false)
    const off = await confirm('demo', rid, await upload(), { customFields: { ticket: 'RC-3' } })
    expect(off.status).toBe(400)
  })
})
