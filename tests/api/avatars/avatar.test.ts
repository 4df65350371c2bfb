import { describe, expect, it } from 'vitest'
import { ORIGIN, setup } from '../../helpers.js'

const t = setup()
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ORIGIN}${path}`, { headers })

const svg = (color: string, letters: string, size = 200, fontSize = size / 1.6) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}">\n<rect width="100%" height="100%" fill="${color}"/>\n` +
  `<text x="50%" y="50%" dy="0.36em" text-anchor="middle" pointer-events="none" fill="#ffffff" font-family="'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'" font-size="${fontSize}">\n${letters}\n</text>\n</svg>`

describe('GET /avatar/:username, /avatar/uid/:id, /avatar/room/:rid', () => {
  it("draws the server's letter avatar: colour by name length, initial, cache headers", async () => {
    const res = await get('/avatar/alice')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(res.headers.get('last-modified')).toBe('Thu, 01 Jan 2015 00:00:00 GMT')
    expect(res.headers.get('content-disposition')).toBe('inline')
    // 'alice'.length = 5 → colour 5 of 6; 'demo' → 4; 'bob' → 3.
    expect(await res.text()).toBe(svg('#6C727A', 'A'))
    expect(await (await get('/avatar/demo')).text()).toBe(svg('#10529E', 'D'))
    expect(await (await get('/avatar/bob?size=64')).text()).toBe(svg('#E26D0E', 'B', 64))
    expect(await (await get('/avatar/bob?size=5000')).text()).toBe(svg('#E26D0E', 'B', 1024))
    expect(await (await get('/avatar/bob?size=3')).text()).toBe(svg('#E26D0E', 'B', 16))
  })

  it('an unknown username still gets its letters (200); `@name` always does', async () => {
    const res = await get('/avatar/nobody-here')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(svg('#6C727A', 'N'))
    expect(await (await get('/avatar/@Zed')).text()).toBe(svg('#E26D0E', 'Z'))
  })

  it('304 for If-Modified-Since the fixed date; format=png is a PNG square', async () => {
    const res = await get('/avatar/alice', { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' })
    expect(res.status).toBe(304)
    const png = await get('/avatar/alice?format=png&size=32')
    expect(png.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await png.arrayBuffer())
    const view = new DataView(bytes.buffer)
    expect([view.getUint32(16), view.getUint32(20)]).toStrictEqual([32, 32])
  })

  it('by user id (unknown → 404) and by room (display name; unknown → 404)', async () => {
    expect(await (await get(`/avatar/uid/${t.user('alice')._id}`)).text()).toBe(svg('#6C727A', 'A'))
    expect((await get('/avatar/uid/nope')).status).toBe(404)
    const room = t.room('demo-channel')
    const name = room.fname ?? room.name!
    const colors = ['#158D65', '#7F1B9F', '#B68D00', '#E26D0E', '#10529E', '#6C727A']
    expect(await (await get(`/avatar/room/${room._id}`)).text()).toBe(svg(colors[name.length % 6]!, name[0]!.toUpperCase()))
    expect((await get('/avatar/room/nope')).status).toBe(404)
  })

  it('UI_Use_Name_Avatar: up to three initials of the real name; Accounts_AvatarBlockUnauthenticatedAccess: 403 without rc_uid/rc_token', async () => {
    t.mock.setSetting('UI_Use_Name_Avatar', true)
    const alice = t.user('alice')
    const letters = alice
      .name!.split(' ')
      .slice(0, 3)
      .map((w) => w[0]!.toUpperCase())
      .join('')
    expect(await (await get('/avatar/alice')).text()).toBe(
      svg(['#158D65', '#7F1B9F', '#B68D00', '#E26D0E', '#10529E', '#6C727A'][alice.name!.length % 6]!, letters, 200, 200 / (1.6 + letters.length ** 2 / 10)),
    )
    t.mock.setSetting('Accounts_AvatarBlockUnauthenticatedAccess', true)
    const blocked = await get('/avatar/alice')
    expect(blocked.status).toBe(403)
    expect(await blocked.text()).toBe('Forbidden')
    const demo = t.login('demo')
    expect((await get(`/avatar/alice?rc_uid=${demo.userId}&rc_token=${demo.authToken}`)).status).toBe(200)
  })

  it('me.avatarUrl is on the origin the request came in on', async () => {
    const other = t.use({ baseUrl: 'http://127.0.0.1:4567' })
    const auth = other.login('demo')
    const res = await fetch('http://127.0.0.1:4567/api/v1/me', { headers: { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken } })
    expect((await res.json()).avatarUrl).toBe('http://127.0.0.1:4567/avatar/demo')
    const login = await fetch('http://127.0.0.1:4567/api/v1/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', password: 'alice' }),
    })
    expect((await login.json()).data.me.avatarUrl).toBe('http://127.0.0.1:4567/avatar/alice')
  })
})
