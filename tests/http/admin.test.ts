/**
 * The admin API of the standalone server (`/__admin`) over real HTTP, driven through the typed
 * client `rocketchat-msw/admin` and with raw requests for bad input. One CLI process per server.
 */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminApiError, createAdminClient, type AdminClient } from '../../src/admin-client.js'
import { serveCli, type ServedCli } from '../cli.js'
import { SNAPSHOT_VERSION } from '../../src/snapshot.js'

let server: ServedCli
let noAdmin: ServedCli
let admin: AdminClient
beforeAll(async () => {
  ;[server, noAdmin] = await Promise.all([serveCli(['--seed', '42']), serveCli(['--seed', '42', '--no-admin'])])
  admin = createAdminClient(server.url)
})
afterAll(async () => {
  await Promise.all([server?.stop(), noAdmin?.stop()])
})

const raw = async (method: string, path: string, body?: string) => {
  const res = await fetch(`${server.url}/__admin${path}`, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) })
  return { status: res.status, body: await res.json() }
}
const me = (auth: { userId: string; authToken: string }) =>
  fetch(`${server.url}/api/v1/me`, { headers: { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken } })

describe('admin API: state', () => {
  it('logs in as a persona, and reset puts the seeded state back (new messages gone, old tokens dead)', async () => {
    const demo = await admin.loginAs('demo')
    expect(demo).toStrictEqual({ userId: expect.any(String), authToken: expect.any(String) })
    const meRes = await me(demo)
    expect(meRes.status).toBe(200)
    expect((await meRes.json()).username).toBe('demo')

    const sent = await fetch(`${server.url}/api/v1/chat.sendMessage`, {
      method: 'POST',
      headers: { 'X-User-Id': demo.userId, 'X-Auth-Token': demo.authToken, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { rid: 'GENERAL', msg: 'before reset' } }),
    })
    const id = (await sent.json()).message._id as string
    expect(await admin.reset()).toStrictEqual({ seed: 42, scenario: 'default' })
    expect((await me(demo)).status).toBe(401)
    const again = await admin.loginAs('demo')
    const lookup = await fetch(`${server.url}/api/v1/chat.getMessage?msgId=${id}`, { headers: { 'X-User-Id': again.userId, 'X-Auth-Token': again.authToken } })
    expect(lookup.status).toBe(400)
  })

  it('reseeds with another seed or scenario, and refuses bad ones with a 400 naming the field', async () => {
    expect(await admin.reseed({ scenario: 'empty' })).toStrictEqual({ seed: 42, scenario: 'empty' })
    await expect(admin.loginAs('alice')).resolves.toBeDefined()
    expect(await admin.reseed({ seed: 7, scenario: 'default' })).toStrictEqual({ seed: 7, scenario: 'default' })
    expect(await raw('POST', '/reseed', '{"seed":"x"}')).toStrictEqual({
      status: 400,
      body: { success: false, error: 'seed: Invalid input: expected number, received string' },
    })
    expect((await raw('POST', '/reseed', '{"seed":-1}')).status).toBe(400)
    expect((await raw('POST', '/reseed', '{"scenario":"huge"}')).body.error).toMatch(/^scenario: /)
    expect((await raw('POST', '/reseed', '{"other":1}')).body.error).toMatch(/^body: Unrecognized key/)
    expect(await raw('POST', '/reseed', '{not json')).toStrictEqual({ status: 400, body: { success: false, error: 'The body must be JSON' } })
    expect(await admin.info()).toMatchObject({ seed: 7, scenario: 'default' })
    await admin.reseed({ seed: 42 })
  })

  it('snapshot/restore round-trips the database over HTTP; a corrupt snapshot is a 400 and changes nothing', async () => {
    const snapshot = await admin.snapshot()
    expect(snapshot).toMatchObject({ version: SNAPSHOT_VERSION, seed: 42, scenario: 'default' })
    await admin.reseed({ scenario: 'empty' })
    expect(await admin.restore(snapshot)).toStrictEqual({ seed: 42, scenario: 'default' })
    await expect(admin.loginAs('alice')).resolves.toBeDefined()
    const bad = await raw('PUT', '/snapshot', JSON.stringify({ ...snapshot, version: 99 }))
    expect(bad).toStrictEqual({ status: 400, body: { success: false, error: `Snapshot refused: Snapshot version 99 is not ${SNAPSHOT_VERSION}` } })
    await expect(admin.loginAs('alice')).resolves.toBeDefined()
  })

  it('"log in as" an unknown user is a 404; the client throws AdminApiError with status and message', async () => {
    const error = await admin.loginAs('nobody').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AdminApiError)
    expect(error).toMatchObject({ status: 404, message: 'No user "nobody"' })
    expect((await raw('POST', '/login', '{"username":5}')).status).toBe(400)
  })
})

describe('admin API: instruments', () => {
  it('clock: set, advance, resume, wall; bad input 400', async () => {
    expect(await admin.clock.set('2026-05-01T12:00:00.000Z')).toStrictEqual({ now: '2026-05-01T12:00:00.000Z', frozen: true })
    expect(await admin.clock.advance(60_000)).toStrictEqual({ now: '2026-05-01T12:01:00.000Z', frozen: true })
    const demo = await admin.loginAs('demo')
    const sent = await fetch(`${server.url}/api/v1/chat.sendMessage`, {
      method: 'POST',
      headers: { 'X-User-Id': demo.userId, 'X-Auth-Token': demo.authToken, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { rid: 'GENERAL', msg: 'at a fixed time' } }),
    })
    expect((await sent.json()).message.ts).toBe('2026-05-01T12:01:00.000Z')
    expect((await admin.clock.resume()).frozen).toBe(false)
    const wall = await admin.clock.wall()
    expect(Math.abs(Date.parse(wall.now) - Date.now())).toBeLessThan(60_000)
    expect((await raw('POST', '/clock', '{"set":"yesterday"}')).body).toStrictEqual({ success: false, error: 'set: must be an ISO date' })
    expect((await raw('POST', '/clock', '{"advance":1,"wall":true}')).body.error).toBe('body: give exactly one of set, advance, wall, resume')
    expect((await raw('POST', '/clock', '{}')).status).toBe(400)
    // Instants a Date cannot hold are refused, not stored.
    expect((await raw('POST', '/clock', '{"set":1e20}')).status).toBe(400)
    expect((await raw('POST', '/clock', '{"advance":1e300}')).status).toBe(400)
    expect((await raw('POST', '/clock', '{"advance":"60000"}')).status).toBe(400)
    expect((await fetch(`${server.url}/api/info`)).status).toBe(200)
  })

  it('faults: inject for one route (as declared, path parameters included), list, clear; bad ones 400', async () => {
    expect(await admin.faults.inject({ endpoint: 'GET /api/v1/me', status: 503, times: 2 })).toStrictEqual([
      { endpoint: 'GET /api/v1/me', status: 503, remaining: 2 },
    ])
    const demo = await admin.loginAs('demo')
    expect((await me(demo)).status).toBe(503)
    expect(await admin.faults.list()).toStrictEqual([{ endpoint: 'GET /api/v1/me', status: 503, remaining: 1 }])
    await admin.faults.clear()
    expect((await me(demo)).status).toBe(200)
    await admin.faults.inject({ endpoint: 'POST /api/v1/rooms.media/:rid', status: 'network', times: 'always' })
    expect(await admin.faults.list()).toStrictEqual([{ endpoint: 'POST /api/v1/rooms.media/:rid', status: 'network', remaining: 'always' }])
    await expect(
      fetch(`${server.url}/api/v1/rooms.media/GENERAL`, { method: 'POST', headers: { 'X-User-Id': demo.userId, 'X-Auth-Token': demo.authToken } }),
    ).rejects.toThrow()
    await admin.faults.clear()
    expect((await raw('POST', '/faults', '{"endpoint":"me","status":500}')).body.error).toBe('endpoint: must be "*" or "METHOD /path", e.g. "GET /api/v1/me"')
    expect((await raw('POST', '/faults', '{"endpoint":"*","status":99}')).status).toBe(400)
    expect((await raw('POST', '/faults', '{"endpoint":"*","status":500,"times":0}')).status).toBe(400)
    expect(await admin.faults.list()).toStrictEqual([])
  })

  it('latency, settings, permissions and the request log', async () => {
    expect(await admin.latency.set(30)).toBe(30)
    const demo = await admin.loginAs('demo')
    const started = performance.now()
    await me(demo)
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
    expect(await admin.latency.set(0)).toBe(0)
    expect((await raw('PUT', '/latency', '{"ms":-5}')).status).toBe(400)

    await admin.settings.set('Message_AllowEditing', false)
    expect(await admin.settings.get('Message_AllowEditing')).toBe(false)
    expect(await admin.settings.update({ Message_MaxAllowedSize: 10, FileUpload_MaxFileSize: 5 })).toStrictEqual({
      Message_MaxAllowedSize: 10,
      FileUpload_MaxFileSize: 5,
    })
    expect((await admin.settings.all()).Message_MaxAllowedSize).toBe(10)
    expect((await raw('GET', '/settings/No_Such_Setting')).status).toBe(404)
    expect((await raw('PUT', '/settings/X', '{}')).body.error).toBe('value: is required')
    // Known settings keep their type; a refused batch changes none of its settings.
    expect(await raw('PUT', '/settings/FileUpload_MediaTypeBlackList', '{"value":5}')).toStrictEqual({
      status: 400,
      body: { success: false, error: 'FileUpload_MediaTypeBlackList: must be a string, got number' },
    })
    expect((await raw('PUT', '/settings', '{"Message_AllowPinning":false,"Message_AllowEditing":"no"}')).body.error).toBe(
      'Message_AllowEditing: must be a boolean, got string',
    )
    expect(await admin.settings.get('Message_AllowPinning')).toBe(true)
    expect((await raw('PUT', '/settings', '[1,2]')).status).toBe(400)
    expect(await admin.settings.update({ Custom_Setting: [1, 2] })).toStrictEqual({ Custom_Setting: [1, 2] })

    await admin.permissions.set('pin-message', ['admin'])
    expect((await admin.permissions.all())['pin-message']).toStrictEqual(['admin'])
    expect((await raw('PUT', '/permissions/pin-message', '{"roles":"admin"}')).status).toBe(400)

    await admin.requests.clear()
    await me(demo)
    const log = await admin.requests.list()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ method: 'GET', endpoint: '/api/v1/me', status: 200, userId: demo.userId })
    await admin.reset()
    expect(await admin.settings.get('Message_AllowEditing')).toBe(true)
  })

  it('unknown admin routes are 404, wrong methods 405; activity starts, stops and refuses bad options', async () => {
    expect(await raw('GET', '/nope')).toStrictEqual({ status: 404, body: { success: false, error: 'Unknown admin route GET /__admin/nope' } })
    expect(await raw('DELETE', '/reset')).toStrictEqual({ status: 405, body: { success: false, error: 'DELETE is not allowed on /__admin/reset' } })
    const started = await raw('POST', '/activity', '{"action":"start","everyMs":60000}')
    expect(started.status).toBe(200)
    expect(started.body).toMatchObject({ action: 'start', result: { running: true, rooms: ['GENERAL'], everyMs: 60000 } })
    const bad = await raw('POST', '/activity', '{"action":"start","everyMs":1}')
    expect(bad).toMatchObject({ status: 400 })
    expect(bad.body.error).toMatch(/everyMs/)
    const stopped = await raw('POST', '/activity', '{"action":"stop"}')
    expect(stopped).toMatchObject({ status: 200, body: { action: 'stop' } })
    expect((await raw('POST', '/activity', '{"action":"dance"}')).status).toBe(400)
  })

  it('the package export rocketchat-msw/admin points at the built client, which works the same', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, { default: string; types: string }>
    }
    const target = pkg.exports['./admin']!
    expect(existsSync(new URL(`../../${target.default}`, import.meta.url))).toBe(true)
    expect(existsSync(new URL(`../../${target.types}`, import.meta.url))).toBe(true)
    const built = (await import(new URL(`../../${target.default}`, import.meta.url).href)) as typeof import('../../src/admin-client.js')
    expect(await built.createAdminClient(server.url).info()).toMatchObject({ seed: 42, scenario: 'default' })
  })

  it('--no-admin: the prefix is an ordinary unknown route', async () => {
    const res = await fetch(`${noAdmin.url}/__admin/reset`, { method: 'POST' })
    expect(res.status).toBe(404)
    expect(await res.json()).toStrictEqual({ success: false, error: 'Resource not found' })
  })
})
