/**
 * Over real HTTP: the built CLI (`node dist/cli.js serve`) as a child process, driven with
 * `fetch`. No MSW interception in this file. `npm test` builds `dist/` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errors } from '../src/errors.js'
import { DEFAULT_TEXTS } from '../seeds/default.js'
import { serveCli as serve, type ServedCli as Served } from './cli.js'
import { LOGGED_OUT } from './helpers.js'

async function call(base: string, path: string, init: { method?: string; body?: unknown; auth?: Credentials; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers }
  if (init.auth) Object.assign(headers, { 'X-User-Id': init.auth.userId, 'X-Auth-Token': init.auth.authToken })
  let body: string | undefined
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(`${base}${path.startsWith('/') ? path : `/api/v1/${path}`}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  })
  const text = await response.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return { status: response.status, body: json, headers: response.headers }
}

interface Credentials {
  userId: string
  authToken: string
}

async function login(base: string, user: string): Promise<Credentials> {
  const res = await call(base, 'login', { body: { user, password: user } })
  expect(res.status).toBe(200)
  return { userId: res.body.data.userId, authToken: res.body.data.authToken }
}

// Three servers start in parallel (start-up dominates this file's run time).
let server: Served
let twin: Served
let configured: Served
beforeAll(async () => {
  ;[server, twin, configured] = await Promise.all([
    serve(['--seed', '42']),
    serve(['--seed', '42']),
    serve(['--seed', '42', '--body-limit', '1000', '--setting', 'Message_AllowEditing=false']),
  ])
})
afterAll(() => {
  for (const s of [server, twin, configured]) if (s && s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
})

describe('rocketchat-msw serve, same seed twice', () => {
  it('serves identical data', async () => {
    const read = async (base: string) => {
      const demo = await login(base, 'demo')
      return (await call(base, 'channels.history?roomId=GENERAL&count=20', { auth: demo })).body
    }
    const [a, b] = await Promise.all([read(server.url), read(twin.url)])
    expect(a.messages).toHaveLength(20)
    expect(a).toStrictEqual(b)
    twin.child.kill('SIGTERM')
    expect(await twin.exit).toStrictEqual({ code: 0, signal: null })
  })
})

describe('rocketchat-msw serve (default settings)', () => {
  it('prints its URL and answers /api/info', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await call(server.url, '/api/info')
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ version: '8.6', minimumClientVersions: { desktop: '3.9.6', mobile: '4.39.0' }, success: true })
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('answers 401 without credentials and with a wrong token', async () => {
    const demo = await login(server.url, 'demo')
    for (const auth of [undefined, { userId: demo.userId, authToken: 'wrong' }]) {
      const res = await call(server.url, 'me', auth ? { auth } : {})
      expect(res.status).toBe(401)
      expect(res.body).toStrictEqual(LOGGED_OUT)
    }
    const badLogin = await call(server.url, 'login', { body: { user: 'demo', password: 'nope' } })
    expect(badLogin.status).toBe(401)
    expect(badLogin.body).toStrictEqual(errors.loginFailed().body)
  })

  it('posts, reads, edits and deletes in GENERAL', async () => {
    const demo = await login(server.url, 'demo')
    expect((await call(server.url, 'me', { auth: demo })).body.username).toBe('demo')

    const posted = await call(server.url, 'chat.postMessage', { auth: demo, body: { roomId: 'GENERAL', text: 'Hello over HTTP' } })
    expect(posted.status).toBe(200)
    const message = posted.body.message
    expect(message).toMatchObject({ rid: 'GENERAL', msg: 'Hello over HTTP', u: { _id: demo.userId, username: 'demo' } })
    expect(typeof posted.body.ts).toBe('number')

    const history = await call(server.url, `channels.history?roomId=GENERAL&count=1`, { auth: demo })
    expect(history.body.messages.map((m: { _id: string }) => m._id)).toStrictEqual([message._id])

    const updated = await call(server.url, 'chat.update', { auth: demo, body: { roomId: 'GENERAL', msgId: message._id, text: 'Edited over HTTP' } })
    expect(updated.status).toBe(200)
    expect(updated.body.message).toMatchObject({ _id: message._id, msg: 'Edited over HTTP', editedBy: { _id: demo.userId, username: 'demo' } })
    const got = await call(server.url, `chat.getMessage?msgId=${message._id}`, { auth: demo })
    expect(got.body.message.msg).toBe('Edited over HTTP')

    const deleted = await call(server.url, 'chat.delete', { auth: demo, body: { roomId: 'GENERAL', msgId: message._id } })
    expect(deleted.status).toBe(200)
    expect(deleted.body).toMatchObject({ _id: message._id, success: true })
    const gone = await call(server.url, `chat.getMessage?msgId=${message._id}`, { auth: demo })
    expect(gone.status).toBe(400)
    expect(gone.body).toStrictEqual({ success: false })
  })

  it('posts, reads, edits and deletes in the demo–alice DM', async () => {
    const demo = await login(server.url, 'demo')
    const alice = await login(server.url, 'alice')
    const dm = [demo.userId, alice.userId].sort().join('')

    const before = await call(server.url, `dm.history?roomId=${dm}&count=0`, { auth: demo })
    expect(before.status).toBe(200)
    expect(before.body.messages.at(-1).msg).toBe(DEFAULT_TEXTS.dmHello)

    const posted = await call(server.url, 'chat.postMessage', { auth: demo, body: { channel: '@alice', text: 'DM over HTTP' } })
    expect(posted.body).toMatchObject({ channel: '@alice', message: { rid: dm, msg: 'DM over HTTP' } })
    const id = posted.body.message._id

    const asAlice = await call(server.url, `im.history?roomId=${dm}&count=1`, { auth: alice })
    expect(asAlice.body.messages[0]).toMatchObject({ _id: id, msg: 'DM over HTTP' })
    const subs = await call(server.url, 'subscriptions.get', { auth: alice })
    expect(subs.body.update.find((s: { rid: string }) => s.rid === dm)).toMatchObject({ alert: true, open: true })

    expect((await call(server.url, 'chat.update', { auth: demo, body: { roomId: dm, msgId: id, text: 'DM edited' } })).body.message.msg).toBe('DM edited')
    const refused = await call(server.url, 'chat.update', { auth: alice, body: { roomId: dm, msgId: id, text: 'not mine' } })
    expect(refused.status).toBe(400)
    expect(refused.body).toStrictEqual(errors.editNotAllowed().body)

    expect((await call(server.url, 'chat.delete', { auth: demo, body: { roomId: dm, msgId: id } })).status).toBe(200)
    const messages = await call(server.url, `dm.messages?roomId=${dm}&count=1`, { auth: alice })
    expect(messages.body.messages[0]._id).not.toBe(id)
  })

  it('forbids demo the alice–bob DM', async () => {
    const demo = await login(server.url, 'demo')
    const alice = await login(server.url, 'alice')
    const bob = await login(server.url, 'bob')
    const res = await call(server.url, `dm.history?roomId=${[alice.userId, bob.userId].sort().join('')}`, { auth: demo })
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
  })

  it('answers 400 to malformed JSON and 404 to unknown routes', async () => {
    const demo = await login(server.url, 'demo')
    const malformed = await call(server.url, 'chat.postMessage', { auth: demo, body: '{"roomId":', headers: { 'content-type': 'application/json' } })
    expect(malformed.status).toBe(400)
    expect(malformed.body.success).toBe(false)
    const unknown = await call(server.url, 'no.such.endpoint', { auth: demo })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toStrictEqual({ success: false, error: 'Resource not found' })
  })

  it('exits with code 0 on SIGTERM', async () => {
    server.child.kill('SIGTERM')
    const { code, signal } = await server.exit
    expect(signal).toBeNull()
    expect(code).toBe(0)
    expect(server.stderr()).toContain('SIGTERM')
  })
})

describe('rocketchat-msw serve --body-limit 1000 --setting Message_AllowEditing=false', () => {
  let server: Served
  beforeAll(() => {
    server = configured
  })

  it('answers 413 to a body over the limit, and accepts one under it', async () => {
    const demo = await login(server.url, 'demo')
    const big = await call(server.url, 'chat.postMessage', { auth: demo, body: { roomId: 'GENERAL', text: 'x'.repeat(1200) } })
    expect(big.status).toBe(413)
    expect(big.body).toStrictEqual({ success: false, error: 'Request entity too large' })
    const small = await call(server.url, 'chat.postMessage', { auth: demo, body: { roomId: 'GENERAL', text: 'x'.repeat(900) } })
    expect(small.status).toBe(200)
  })

  it('refuses edits by the author, but not by admin (edit-message)', async () => {
    const demo = await login(server.url, 'demo')
    const posted = await call(server.url, 'chat.sendMessage', { auth: demo, body: { message: { rid: 'GENERAL', msg: 'carved in stone' } } })
    const id = posted.body.message._id
    const refused = await call(server.url, 'chat.update', { auth: demo, body: { roomId: 'GENERAL', msgId: id, text: 'changed' } })
    expect(refused.status).toBe(400)
    expect(refused.body).toStrictEqual({
      success: false,
      error: 'Message editing not allowed [error-action-not-allowed]',
      errorType: 'error-action-not-allowed',
      details: { method: 'updateMessage', action: 'Message_editing' },
    })
    const admin = await login(server.url, 'admin')
    expect((await call(server.url, 'chat.update', { auth: admin, body: { roomId: 'GENERAL', msgId: id, text: 'changed by admin' } })).status).toBe(200)
  })

  it('exits with code 0 on SIGTERM', async () => {
    server.child.kill('SIGTERM')
    expect(await server.exit).toStrictEqual({ code: 0, signal: null })
  })
})
