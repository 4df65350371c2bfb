import { describe, expect, it } from 'vitest'
import { DEFAULT_FILES } from '../../../seeds/files.js'
import { createRocketChatMock } from '../../../src/mock.js'
import { json, LOGGED_OUT, setup } from '../../helpers.js'

const t = setup()
const files = (as: string, query: Record<string, string>) => t.api('dm.files', { as, query })
const names = (body: { files: Array<{ name: string }> }) => body.files.map((f) => f.name)
const uploadNamed = (name: string) => t.mock.db.uploads.all().find((u) => u.name === name)!

describe('GET /api/v1/dm.files', () => {
  it("lists the demo–alice DM's uploads by name, each with its uploader, thumbnails left out", async () => {
    const rid = t.dmId('demo', 'alice')
    const res = await files('demo', { roomId: rid })
    expect(res.status).toBe(200)
    expect(names(res.body)).toStrictEqual(['design-review.png', 'draft-notes.txt', 'standup-recording.mp3', 'sync-cursor-notes.pdf'])
    expect(res.body).toMatchObject({ count: 4, offset: 0, total: 4, success: true })
    expect(Object.keys(res.body)).toStrictEqual(['files', 'count', 'offset', 'total', 'success'])
    expect(t.mock.db.uploads.sorted('room', rid).map((u) => u.name)).toContain('thumb-design-review.png')

    const image = uploadNamed(DEFAULT_FILES.image)
    const alice = t.user('alice')
    expect(res.body.files[0]).toStrictEqual({ ...(json(image) as object), user: { _id: alice._id, username: 'alice', name: 'Alice Carter' } })
    expect(res.body.files[0]).toMatchObject({
      rid,
      userId: alice._id,
      name: 'design-review.png',
      type: 'image/png',
      typeGroup: 'image',
      size: 482113,
      store: 'GridFS:Uploads',
      complete: true,
      uploading: false,
      path: `/ufs/GridFS:Uploads/${image._id}/design-review.png`,
      url: `http://localhost:3000/ufs/GridFS:Uploads/${image._id}/design-review.png`,
      identify: { format: 'png', size: { width: 1440, height: 900 } },
    })
    expect(res.body.files[3].user).toStrictEqual({ _id: t.user('demo')._id, username: 'demo', name: 'Demo User' })
  })

  it('every confirmed upload has its file message in the DM (file, files, attachments)', async () => {
    const rid = t.dmId('demo', 'alice')
    const image = uploadNamed(DEFAULT_FILES.image)
    const thumb = uploadNamed('thumb-design-review.png')
    const message = t.mock.db.messages.sorted('room', rid).find((m) => (m.file as { _id: string } | undefined)?._id === image._id)!
    expect(json(message)).toMatchObject({
      rid,
      msg: '',
      u: { username: 'alice' },
      groupable: false,
      file: { _id: image._id, name: 'design-review.png', type: 'image/png', size: 482113, format: 'png' },
      files: [{ _id: image._id }, { _id: thumb._id, name: 'thumb-design-review.png' }],
      attachments: [
        {
          title: 'design-review.png',
          type: 'file',
          description: 'The new sidebar, as discussed',
          title_link: `/file-upload/${image._id}/design-review.png`,
          title_link_download: true,
          // As the server links a thumbnail: its id under the original's name, its type and size.
          image_url: `/file-upload/${thumb._id}/design-review.png`,
          image_dimensions: { width: 480, height: 300 },
          image_type: 'image/png',
          image_size: 482113,
          fileId: image._id,
        },
      ],
    })
    const withFiles = t.mock.db.messages.sorted('room', rid).filter((m) => m.file !== undefined)
    expect(withFiles.map((m) => (m.file as { name: string }).name)).toStrictEqual(['design-review.png', 'sync-cursor-notes.pdf', 'standup-recording.mp3'])
    // The newest file message is the room's last message.
    expect(t.room(rid).lastMessage._id).toBe(withFiles.at(-1)!._id)
  })

  it('is the same on every mock with the same seed', async () => {
    const other = createRocketChatMock({ seed: 42 })
    expect(json(other.db.uploads.all())).toStrictEqual(json(t.mock.db.uploads.all()))
  })

  it('filters by name (case-insensitive pattern), typeGroup and onlyConfirmed', async () => {
    const roomId = t.dmId('demo', 'alice')
    expect(names((await files('demo', { roomId, name: 'NOTES' })).body)).toStrictEqual(['draft-notes.txt', 'sync-cursor-notes.pdf'])
    expect(names((await files('demo', { roomId, name: '\\.p[nd]' })).body)).toStrictEqual(['design-review.png', 'sync-cursor-notes.pdf'])
    expect(names((await files('demo', { roomId, typeGroup: 'audio' })).body)).toStrictEqual(['standup-recording.mp3'])
    // Asking for thumbnails explicitly lists them.
    expect(names((await files('demo', { roomId, typeGroup: 'thumb' })).body)).toStrictEqual(['thumb-design-review.png'])
    const confirmed = await files('demo', { roomId, onlyConfirmed: 'true' })
    expect(names(confirmed.body)).toStrictEqual(['design-review.png', 'standup-recording.mp3', 'sync-cursor-notes.pdf'])
    expect(confirmed.body.total).toBe(3)
    expect((await files('demo', { roomId, onlyConfirmed: 'false' })).body.total).toBe(4)
  })

  it('sorts and paginates', async () => {
    const roomId = t.dmId('demo', 'alice')
    const byTime = await files('demo', { roomId, sort: '{"uploadedAt":-1}' })
    expect(names(byTime.body)).toStrictEqual(['draft-notes.txt', 'standup-recording.mp3', 'sync-cursor-notes.pdf', 'design-review.png'])
    const page = await files('demo', { roomId, sort: '{"size":1}', count: '2', offset: '1' })
    expect(names(page.body)).toStrictEqual(['sync-cursor-notes.pdf', 'design-review.png'])
    expect(page.body).toMatchObject({ count: 2, offset: 1, total: 4 })
  })

  it('by username: alice sees the same files; a new DM (created by the lookup) has none', async () => {
    const byRoom = await files('alice', { roomId: t.dmId('demo', 'alice') })
    expect((await files('alice', { username: 'demo' })).body).toStrictEqual(byRoom.body)
    const rooms = t.mock.db.rooms.count()
    expect((await files('demo', { username: 'bob' })).body).toStrictEqual({ files: [], count: 0, offset: 0, total: 0, success: true })
    expect(t.mock.db.rooms.count()).toBe(rooms + 1)
  })

  it("403 for someone else's DM", async () => {
    const res = await files('bob', { roomId: t.dmId('demo', 'alice') })
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
    expect((await files('admin', { roomId: t.dmId('demo', 'alice') })).status).toBe(403)
  })

  it('[invalid-channel] for an unknown user or room, or a channel', async () => {
    for (const query of [{ username: 'nobody' }, { roomId: 'nope' }, { roomId: 'GENERAL' }] as Array<Record<string, string>>) {
      expect((await files('demo', query)).body).toStrictEqual({ success: false, error: '[invalid-channel]', errorType: 'invalid-channel' })
    }
  })

  describe('validation', () => {
    it('roomId xor username, unknown keys, bad booleans', async () => {
      const roomId = t.dmId('demo', 'alice')
      expect((await files('demo', {})).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: "must have required property 'roomId'\nmust have required property 'username'\nmust match exactly one schema in oneOf",
      })
      expect((await files('demo', { roomId, username: 'alice' })).body.error).toBe('must match exactly one schema in oneOf')
      expect((await files('demo', { roomId, status: 'x' })).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: 'must NOT have additional properties',
      })
      expect((await files('demo', { roomId, onlyConfirmed: 'maybe' })).body).toStrictEqual({
        success: false,
        errorType: 'error-invalid-params',
        error: 'must be boolean',
      })
    })

    it('a name that is not a valid pattern is a plain 400, never a 5xx', async () => {
      const res = await files('demo', { roomId: t.dmId('demo', 'alice'), name: '(' })
      expect(res.status).toBe(400)
      expect(res.body).toStrictEqual({ success: false, error: 'Regular expression is invalid: missing closing ): `(?i)(`' })
    })

    it('an invalid sort', async () => {
      const res = await files('demo', { roomId: t.dmId('demo', 'alice'), sort: 'name' })
      expect(res.body).toStrictEqual({
        success: false,
        error: 'Invalid sort parameter provided: "name" [error-invalid-sort]',
        errorType: 'error-invalid-sort',
        details: { helperMethod: 'parseJsonQuery' },
      })
    })
  })

  it('query and fields apply only when the workspace allows them', async () => {
    const roomId = t.dmId('demo', 'alice')
    const ignored = await files('demo', { roomId, query: '{"size":{"$gt":100000}}', fields: '{"name":1}' })
    expect(ignored.body.total).toBe(4)
    t.mock.setSetting('ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS', true)
    const applied = await files('demo', { roomId, query: '{"size":{"$gt":100000}}', fields: '{"name":1,"userId":1}' })
    expect(applied.body.total).toBe(2)
    expect(applied.body.files[0]).toStrictEqual({
      _id: uploadNamed(DEFAULT_FILES.image)._id,
      name: 'design-review.png',
      userId: t.user('alice')._id,
      user: { _id: t.user('alice')._id, username: 'alice', name: 'Alice Carter' },
    })
  })

  it('401 without credentials', async () => {
    expect(await t.api('dm.files', { query: { roomId: t.dmId('demo', 'alice') } })).toMatchObject({ status: 401, body: LOGGED_OUT })
  })
})
