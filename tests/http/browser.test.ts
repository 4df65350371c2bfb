/**
 * What a browser client on another origin needs from the standalone server, over real HTTP:
 * CORS preflights and headers, uploads (multipart through the node:http bridge), file downloads,
 * avatars and avatar links on the server's own origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdminClient } from '../../src/admin-client.js'
import { encodePng } from '../../src/files/png.js'
import { serveCli, type ServedCli } from '../cli.js'

const ALLOW_HEADERS = 'Origin, X-Requested-With, Content-Type, Accept, X-User-Id, X-Auth-Token, x-visitor-token, Authorization'
const ALLOW_METHODS = 'GET, POST, PUT, DELETE, HEAD, PATCH'
const APP = 'http://localhost:5173'

let open: ServedCli
let listed: ServedCli
let closed: ServedCli
beforeAll(async () => {
  ;[open, listed, closed] = await Promise.all([
    serveCli(['--seed', '42']),
    serveCli(['--seed', '42', '--cors-origin', `${APP}, http://app.test`, '--body-limit', '300000']),
    serveCli(['--seed', '42', '--setting', 'API_Enable_CORS=false']),
  ])
})
afterAll(async () => {
  await Promise.all([open?.stop(), listed?.stop(), closed?.stop()])
})

const preflight = (base: string, origin: string, path = '/api/v1/me') =>
  fetch(`${base}${path}`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-user-id, x-auth-token' },
  })

describe('CORS (API_Enable_CORS, on by default for the mock)', () => {
  it('answers a preflight with the server’s methods and headers, and puts Allow-Origin on answers (errors too)', async () => {
    const pre = await preflight(open.url, APP)
    expect(pre.status).toBe(200)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toBe(ALLOW_METHODS)
    expect(pre.headers.get('access-control-allow-headers')).toBe(ALLOW_HEADERS)
    const info = await fetch(`${open.url}/api/info`, { headers: { Origin: APP } })
    expect(info.status).toBe(200)
    expect(info.headers.get('access-control-allow-origin')).toBe('*')
    expect(info.headers.get('vary')).toBe('Origin')
    const denied = await fetch(`${open.url}/api/v1/me`, { headers: { Origin: APP } })
    expect(denied.status).toBe(401)
    expect(denied.headers.get('access-control-allow-origin')).toBe('*')
    const unknown = await fetch(`${open.url}/api/v1/no.such.endpoint`, { headers: { Origin: APP } })
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*')
    expect(await unknown.json()).toStrictEqual({ success: false, error: 'Resource not found' })
  })

  it('--cors-origin: listed origins are echoed (with Vary), others get 403 on preflight and no Allow-Origin', async () => {
    const ok = await preflight(listed.url, 'http://app.test')
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://app.test')
    expect(ok.headers.get('vary')).toBe('Origin')
    const bad = await preflight(listed.url, 'http://evil.test')
    expect(bad.status).toBe(403)
    expect(await bad.text()).toBe('Invalid origin')
    const answer = await fetch(`${listed.url}/api/info`, { headers: { Origin: APP } })
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP)
    const other = await fetch(`${listed.url}/api/info`, { headers: { Origin: 'http://evil.test' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('switched off: a preflight is the server’s 405, answers carry no CORS headers; the admin API switches it back on', async () => {
    const pre = await preflight(closed.url, APP)
    expect(pre.status).toBe(405)
    expect(await pre.text()).toBe('CORS not enabled. Go to "Admin > General > REST Api" to enable it.')
    expect((await fetch(`${closed.url}/api/info`, { headers: { Origin: APP } })).headers.get('access-control-allow-origin')).toBeNull()
    await createAdminClient(closed.url).settings.set('API_Enable_CORS', true)
    expect((await preflight(closed.url, APP)).status).toBe(200)
  })
})

async function loginOver(base: string, user: string) {
  const res = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password: user }),
  })
  const body = await res.json()
  return { auth: { 'X-User-Id': body.data.userId as string, 'X-Auth-Token': body.data.authToken as string }, me: body.data.me }
}

describe('uploads, files and avatars over HTTP', () => {
  it('rooms.media → mediaConfirm → /file-upload returns the same bytes; the message is in the room history', async () => {
    const { auth } = await loginOver(open.url, 'demo')
    const png = encodePng({
      width: 800,
      height: 600,
      palette: [
        [0, 0, 0],
        [255, 0, 0],
      ],
      paint: (x, y) => (x + y) % 7 === 0,
    })
    const form = new FormData()
    form.append('file', new Blob([png], { type: 'image/png' }), 'diagram.png')
    const up = await fetch(`${open.url}/api/v1/rooms.media/GENERAL`, { method: 'POST', headers: { ...auth, Origin: APP }, body: form })
    expect(up.status).toBe(200)
    expect(up.headers.get('access-control-allow-origin')).toBe('*')
    const { file } = await up.json()
    expect(file.url).toBe(`/file-upload/${file._id}/diagram.png`)
    const confirmed = await fetch(`${open.url}/api/v1/rooms.mediaConfirm/GENERAL/${file._id}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ msg: 'see diagram', description: 'v2' }),
    })
    expect(confirmed.status).toBe(200)
    const { message } = await confirmed.json()
    expect(message.attachments[0]).toMatchObject({
      title: 'diagram.png',
      description: 'v2',
      image_dimensions: { width: 480, height: 360 },
      image_type: 'image/png',
    })
    const history = await (await fetch(`${open.url}/api/v1/channels.history?roomId=GENERAL&count=1`, { headers: auth })).json()
    expect(history.messages[0]._id).toBe(message._id)
    const download = await fetch(`${open.url}${message.attachments[0].title_link}`, { headers: auth })
    expect(download.headers.get('content-type')).toBe('image/png')
    expect(download.headers.get('content-length')).toBe(String(png.length))
    expect(new Uint8Array(await download.arrayBuffer())).toStrictEqual(png)
    expect((await fetch(`${open.url}${message.attachments[0].title_link}`)).status).toBe(403)
  })

  it('a body over the limit is a 413 and nothing is stored; a truncated multipart body a 400', async () => {
    const { auth } = await loginOver(listed.url, 'demo')
    const admin = createAdminClient(listed.url)
    const before = (await admin.snapshot()).collections.uploads!.length
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(400_000)], { type: 'text/plain' }), 'big.txt')
    const big = await fetch(`${listed.url}/api/v1/rooms.media/GENERAL`, { method: 'POST', headers: auth, body: form })
    expect(big.status).toBe(413)
    const cut = await fetch(`${listed.url}/api/v1/rooms.media/GENERAL`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'multipart/form-data; boundary=b0' },
      body: '--b0\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello',
    })
    expect(cut.status).toBe(400)
    expect(await cut.json()).toStrictEqual({ success: false, error: 'Unexpected end of form' })
    expect((await admin.snapshot()).collections.uploads!.length).toBe(before)
  })

  it('avatars are served by the server, and me.avatarUrl points at its own origin', async () => {
    const { me } = await loginOver(open.url, 'alice')
    expect(me.avatarUrl).toBe(`${open.url}/avatar/alice`)
    const avatar = await fetch(me.avatarUrl)
    expect(avatar.status).toBe(200)
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml')
    expect(await avatar.text()).toContain('fill="#6C727A"')
    const cached = await fetch(me.avatarUrl, { headers: { 'If-Modified-Since': avatar.headers.get('last-modified')! } })
    expect(cached.status).toBe(304)
  })
})
