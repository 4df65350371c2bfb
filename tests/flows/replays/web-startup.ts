import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import type { FlowContext, MobileClient } from './client.js'

/**
 * The web client's start-up with `API_Use_REST_For_DDP_Calls` on (its default): every DDP
 * method goes through `POST /api/v1/method.call(Anon)/<name with / as :>` with the EJSON frame as
 * `message` (apps/meteor/client/meteor/overrides/ddpOverREST.ts), interleaved with the REST calls
 * it makes directly. Asserts what the client reads from each frame.
 */

let nextId = 0

/** One bridged call: the parsed result frame (`{msg:'result', id, result?|error?}`). */
async function bridged(client: MobileClient, method: string, params: unknown[], anon = false) {
  const id = String(++nextId)
  const path = `${anon ? 'method.callAnon' : 'method.call'}/${method.replace(/\//g, ':')}`
  const res = await client.post(path, { message: JSON.stringify({ msg: 'method', id, method, params }) })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  expect(res.body.success).toBe(true)
  const frame = JSON.parse(res.body.message)
  expect(frame).toMatchObject({ msg: 'result', id })
  return frame as { msg: 'result'; id: string; result?: unknown; error?: { error: unknown; reason: string } }
}

const ms = (value: unknown) => (value as { $date: number }).$date

export async function webStartupFlow(ctx: FlowContext): Promise<void> {
  const web = ctx.client()
  const info = await web.get('/api/info')
  expect(info.body.version).toMatch(/^\d+\.\d+$/)

  // Before login: the public settings, anonymously.
  const publicSettings = await bridged(web, 'public-settings/get', [], true)
  const settings = publicSettings.result as Array<{ _id: string; value: unknown }>
  const byId = Object.fromEntries(settings.map((s) => [s._id, s.value]))
  expect(byId).toMatchObject({ Site_Name: 'Rocket.Chat', API_Use_REST_For_DDP_Calls: true, Threads_enabled: true, Accounts_ShowFormLogin: true })
  expect(byId).not.toHaveProperty('Accounts_SystemBlockedUsernameList')

  // Login over the bridge (password digest), then the token on every request.
  const login = await bridged(
    web,
    'login',
    [{ user: { username: 'demo' }, password: { digest: createHash('sha256').update('demo').digest('hex'), algorithm: 'sha-256' } }],
    true,
  )
  const session = login.result as { id: string; token: string; tokenExpires: { $date: number }; type: string }
  expect(session).toMatchObject({ type: 'password', id: expect.any(String), token: expect.any(String) })
  expect(ms(session.tokenExpires)).toBeGreaterThan(Date.now())
  web.userId = session.id
  web.authToken = session.token
  const me = await web.get('me')
  expect(me.body).toMatchObject({ _id: session.id, username: 'demo' })

  // The sidebar: subscriptions and rooms, then the incremental form with an EJSON date.
  const subs = (await bridged(web, 'subscriptions/get', [])).result as Array<{ rid: string; name: string; _updatedAt: { $date: number } }>
  const rooms = (await bridged(web, 'rooms/get', [])).result as Array<{ _id: string; _updatedAt: { $date: number } }>
  expect(subs.map((s) => s.rid).sort()).toStrictEqual(rooms.map((r) => r._id).sort())
  expect(subs.find((s) => s.rid === 'GENERAL')).toMatchObject({ name: 'general' })
  const newest = Math.max(...subs.map((s) => ms(s._updatedAt)))
  const none = (await bridged(web, 'subscriptions/get', [{ $date: newest }])).result
  expect(none).toStrictEqual({ update: [], remove: [] })

  // Something changes: a channel created over REST shows up in the next incremental fetch.
  await ctx.tick()
  const created = await web.post('channels.create', { name: 'web-team', members: ['alice'] })
  expect(created.status).toBe(200)
  const delta = (await bridged(web, 'subscriptions/get', [{ $date: newest }])).result as { update: Array<{ rid: string }>; remove: unknown[] }
  expect(delta.update.map((s) => s.rid)).toStrictEqual([created.body.channel._id])
  const roomsDelta = (await bridged(web, 'rooms/get', [{ $date: Math.max(...rooms.map((r) => ms(r._updatedAt))) }])).result as {
    update: Array<{ _id: string }>
  }
  expect(roomsDelta.update.map((r) => r._id)).toContain(created.body.channel._id)

  // Permissions and the license modules (CE: none).
  const permissions = (await bridged(web, 'permissions/get', [])).result as Array<{ _id: string; roles: string[] }>
  expect(permissions.find((p) => p._id === 'create-c')?.roles).toContain('user')
  expect((await bridged(web, 'license:getModules', [])).result).toStrictEqual([])

  // REST calls the web client makes directly at start-up.
  const emoji = await web.get('emoji-custom.list')
  expect(emoji.body.emojis.update.length).toBeGreaterThan(0)
  const commands = await web.get('commands.list')
  expect(commands.body.commands.map((c: { command: string }) => c.command)).toContain('topic')
  const presence = await web.get('users.presence')
  expect(presence.body.full).toBe(true)

  // A method the server removed in 8.0 answers 404 inside a 200, as the bridge does.
  const removed = await bridged(web, 'getUserRoles', [])
  expect(removed.error).toMatchObject({ error: 404, reason: "Method 'getUserRoles' not found" })
}
