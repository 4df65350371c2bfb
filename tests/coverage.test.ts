/**
 * The endpoint table: every route the mock registers, and proof that each is reachable through
 * MSW's `setupServer` with the server's authentication rule (everything but /api/info and login
 * answers the exact 401 without credentials). A new route must be added here.
 */
import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, setup } from './helpers.js'

const t = setup()

const PUBLIC = [
  'GET /api/info',
  'POST /api/v1/login',
  'POST /api/v1/method.callAnon/:method',
  'GET /api/v1/settings.public',
  'GET /api/v1/settings.oauth',
  'GET /api/v1/users.getAvatar',
  // Files and avatars: the server's own auth rules (FileUpload_ProtectFiles, rc_uid/rc_token), not the REST 401.
  'GET /file-upload/:id/:name',
  'GET /ufs/GridFS:Uploads/:id/:name',
  'GET /avatar/:username',
  'GET /avatar/uid/:id',
  'GET /avatar/room/:rid',
]

const ROUTES = [
  'GET /api/info',
  'GET /api/v1/autotranslate.getSupportedLanguages',
  'GET /api/v1/channels.history',
  'GET /api/v1/chat.getDeletedMessages',
  'GET /api/v1/chat.getDiscussions',
  'GET /api/v1/chat.getMentionedMessages',
  'GET /api/v1/chat.getMessage',
  'GET /api/v1/chat.getMessageReadReceipts',
  'GET /api/v1/chat.getPinnedMessages',
  'GET /api/v1/chat.getStarredMessages',
  'GET /api/v1/chat.getThreadMessages',
  'GET /api/v1/chat.getThreadsList',
  'GET /api/v1/chat.getURLPreview',
  'GET /api/v1/chat.ignoreUser',
  'GET /api/v1/chat.search',
  'GET /api/v1/chat.syncMessages',
  'GET /api/v1/chat.syncThreadMessages',
  'GET /api/v1/chat.syncThreadsList',
  'GET /api/v1/dm.counters',
  'GET /api/v1/dm.files',
  'GET /api/v1/dm.history',
  'GET /api/v1/dm.list',
  'GET /api/v1/dm.list.everyone',
  'GET /api/v1/dm.members',
  'GET /api/v1/dm.messages',
  'GET /api/v1/dm.messages.others',
  'GET /api/v1/groups.history',
  'GET /api/v1/im.counters',
  'GET /api/v1/im.files',
  'GET /api/v1/im.history',
  'GET /api/v1/im.list',
  'GET /api/v1/im.list.everyone',
  'GET /api/v1/im.members',
  'GET /api/v1/im.messages',
  'GET /api/v1/im.messages.others',
  'GET /api/v1/logout',
  'GET /api/v1/me',
  'GET /api/v1/rooms.get',
  'GET /api/v1/rooms.info',
  'GET /api/v1/subscriptions.get',
  'GET /api/v1/users.info',
  'POST /api/v1/autotranslate.saveSettings',
  'POST /api/v1/autotranslate.translateMessage',
  'POST /api/v1/chat.delete',
  'POST /api/v1/chat.followMessage',
  'POST /api/v1/chat.pinMessage',
  'POST /api/v1/chat.postMessage',
  'POST /api/v1/chat.react',
  'POST /api/v1/chat.reportMessage',
  'POST /api/v1/chat.sendMessage',
  'POST /api/v1/chat.starMessage',
  'POST /api/v1/chat.unPinMessage',
  'POST /api/v1/chat.unStarMessage',
  'POST /api/v1/chat.unfollowMessage',
  'POST /api/v1/chat.update',
  'POST /api/v1/dm.blockUser',
  'POST /api/v1/dm.close',
  'POST /api/v1/dm.create',
  'POST /api/v1/dm.delete',
  'POST /api/v1/dm.open',
  'POST /api/v1/dm.setTopic',
  'POST /api/v1/im.blockUser',
  'POST /api/v1/im.close',
  'POST /api/v1/im.create',
  'POST /api/v1/im.delete',
  'POST /api/v1/im.open',
  'POST /api/v1/im.setTopic',
  'POST /api/v1/login',
  'POST /api/v1/logout',
  'POST /api/v1/subscriptions.read',
  'POST /api/v1/method.call/:method',
  'POST /api/v1/method.callAnon/:method',
  // start-up surface and rooms lifecycle
  'GET /api/v1/settings.public',
  'GET /api/v1/settings.oauth',
  'GET /api/v1/permissions.listAll',
  'GET /api/v1/roles.list',
  'GET /api/v1/commands.list',
  'GET /api/v1/emoji-custom.list',
  'GET /api/v1/users.presence',
  'GET /api/v1/users.list',
  'GET /api/v1/users.getAvatar',
  'POST /api/v1/users.setPreferences',
  'GET /api/v1/subscriptions.getOne',
  'POST /api/v1/subscriptions.unread',
  'POST /api/v1/chat.readThread',
  'POST /api/v1/channels.create',
  'POST /api/v1/channels.join',
  'POST /api/v1/channels.leave',
  'POST /api/v1/channels.invite',
  'POST /api/v1/channels.kick',
  'GET /api/v1/channels.list',
  'GET /api/v1/channels.list.joined',
  'GET /api/v1/channels.members',
  'GET /api/v1/channels.info',
  'POST /api/v1/channels.setTopic',
  'POST /api/v1/channels.archive',
  'POST /api/v1/groups.create',
  'POST /api/v1/groups.invite',
  'POST /api/v1/groups.kick',
  'POST /api/v1/groups.leave',
  'GET /api/v1/groups.list',
  'GET /api/v1/groups.members',
  'GET /api/v1/groups.info',
  'POST /api/v1/rooms.leave',
  'POST /api/v1/rooms.favorite',
  'POST /api/v1/rooms.createDiscussion',
  // uploads, files and avatars (path parameters)
  'POST /api/v1/rooms.media/:rid',
  'POST /api/v1/rooms.mediaConfirm/:rid/:fileId',
  'GET /file-upload/:id/:name',
  'GET /ufs/GridFS:Uploads/:id/:name',
  'GET /avatar/:username',
  'GET /avatar/uid/:id',
  'GET /avatar/room/:rid',
]

describe('endpoint table', () => {
  it('mock.routes() is exactly the expected table', () => {
    expect([...t.mock.routes()].sort()).toStrictEqual([...ROUTES].sort())
    expect(new Set(ROUTES).size).toBe(ROUTES.length)
  })

  it('every dm.* route has its im.* alias and vice versa', () => {
    const names = (prefix: string) => ROUTES.filter((r) => r.includes(`/api/v1/${prefix}.`)).map((r) => r.replace(`/api/v1/${prefix}.`, '/api/v1/*.'))
    expect(names('im').sort()).toStrictEqual(names('dm').sort())
  })

  it('every authenticated route answers the exact 401 without credentials; public ones do not', async () => {
    for (const route of ROUTES) {
      const [method, path] = route.split(' ') as ['GET' | 'POST', string]
      const res = await t.api(path, method === 'POST' ? { method, body: {} } : { method })
      if (PUBLIC.includes(route)) continue
      expect(res.status, route).toBe(401)
      expect(res.body, route).toStrictEqual(LOGGED_OUT)
    }
    expect((await t.api('/api/info')).status).toBe(200)
    // login's own 401 is "Unauthorized", not "You must be logged in".
    const login = await t.api('login', { body: {} })
    expect(login.status).toBe(401)
    expect(login.body.error).toBe('Unauthorized')
  })

  it('leaves unknown routes unhandled (onUnhandledFrame: error makes fetch reject)', async () => {
    for (const path of ['no.such.endpoint', 'chat.getMessages', '/api/v2/info']) {
      const error = await t.api(path, { as: 'demo' }).then(
        (res) => new Error(`answered ${res.status}`),
        (e: unknown) => e as Error,
      )
      expect(String((error as Error & { cause?: unknown }).cause ?? error), path).toMatch(/onUnhandledFrame/)
    }
    // A registered path with an unregistered method is unknown too.
    const put = await t.api('chat.update', { method: 'PUT', as: 'demo', body: {} }).catch((e: unknown) => e as Error)
    expect(put).toBeInstanceOf(Error)
  })

  it('answers HEAD like GET, without a body', async () => {
    const res = await t.api('/api/info', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.body).toBeUndefined()
  })
})
