import { describe, expect, it } from 'vitest'
import { errors } from '../../../src/errors.js'
import { roomErrors } from '../../../src/errors-rooms.js'
import { PUBLIC_SETTING_IDS } from '../../../src/settings-client.js'
import { SLASH_COMMANDS } from '../../../src/catalogues.js'
import { CUSTOM_EMOJI } from '../../../seeds/custom-emoji.js'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'

const t = setup({ now: NOW })

describe('GET settings.public (no auth)', () => {
  it('lists public settings by _id, 50 a page, with the total; private ones never', async () => {
    const res = await t.api('settings.public')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['settings', 'count', 'offset', 'total', 'success'])
    const ids = t.mock.db.settings
      .all()
      .map((s) => s._id)
      .filter((id) => PUBLIC_SETTING_IDS.has(id))
      .sort()
    expect(res.body.total).toBe(ids.length)
    expect(res.body.count).toBe(50)
    expect(res.body.settings.map((s: { _id: string }) => s._id)).toStrictEqual(ids.slice(0, 50))
    const all = await t.api('settings.public', { query: { count: 0 } })
    expect(all.body.settings.map((s: { _id: string }) => s._id)).toStrictEqual(ids)
    expect(ids).not.toContain('API_Enable_Rate_Limiter')
    expect(ids).not.toContain('Accounts_SystemBlockedUsernameList')
  })

  it('filters by a comma list of _id (items trimmed, as the mobile app sends them)', async () => {
    const res = await t.api('settings.public', {
      query: { _id: 'Site_Name,Threads_enabled,API_Enable_Rate_Limiter,FileUpload_MaxFileSize\n\t\t\t\t', offset: 0 },
    })
    expect(res.body.settings).toStrictEqual([
      { _id: 'FileUpload_MaxFileSize', value: 104857600 },
      { _id: 'Site_Name', value: 'Rocket.Chat' },
      { _id: 'Threads_enabled', value: true },
    ])
    expect(res.body).toMatchObject({ count: 3, offset: 0, total: 3 })
    t.mock.setSetting('Site_Name', 'Mock Chat')
    const after = await t.api('settings.public', { query: { _id: 'Site_Name' } })
    expect(after.body.settings).toStrictEqual([{ _id: 'Site_Name', value: 'Mock Chat' }])
    // `query` is ignored since 7.0.
    const legacy = await t.api('settings.public', { query: { query: '{"_id":{"$in":["Site_Name"]}}', count: 2 } })
    expect(legacy.body.total).toBeGreaterThan(2)
  })

  it('settings.oauth: no services', async () => {
    expect((await t.api('settings.oauth')).body).toStrictEqual({ services: [], success: true })
  })
})

describe('permissions.listAll / roles.list / commands.list', () => {
  it('permissions.listAll: all, or those changed after updatedSince', async () => {
    const all = await t.api('permissions.listAll', { as: 'demo' })
    expect(all.body.remove).toStrictEqual([])
    expect(all.body.update).toHaveLength(t.mock.db.permissions.count())
    expect(all.body.update.find((p: { _id: string }) => p._id === 'create-c')).toMatchObject({ _id: 'create-c', roles: ['admin', 'user', 'bot', 'app'] })
    const none = await t.api('permissions.listAll', { as: 'demo', query: { updatedSince: NOW } })
    expect(none.body).toStrictEqual({ update: [], remove: [], success: true })
    t.mock.clock.advance(1000)
    t.mock.setPermission('pin-message', ['admin', 'user'])
    const changed = await t.api('permissions.listAll', { as: 'demo', query: { updatedSince: NOW } })
    expect(changed.body.update).toStrictEqual([{ _id: 'pin-message', roles: ['admin', 'user'], _updatedAt: '2026-03-01T10:00:01.000Z' }])
    expect((await t.api('permissions.listAll', { as: 'demo', query: { updatedSince: 'yesterday' } })).body).toStrictEqual(errors.updatedSinceInvalid().body)
    expect((await t.api('permissions.listAll')).body).toStrictEqual(LOGGED_OUT)
  })

  it('roles.list: the default roles with scope and protection', async () => {
    const res = await t.api('roles.list', { as: 'demo' })
    expect(res.body.roles.map((r: { _id: string }) => r._id)).toEqual(expect.arrayContaining(['admin', 'user', 'owner', 'moderator', 'leader', 'bot', 'guest']))
    expect(res.body.roles.find((r: { _id: string }) => r._id === 'owner')).toStrictEqual({
      _id: 'owner',
      name: 'owner',
      scope: 'Subscriptions',
      description: 'Owner',
      protected: true,
      mandatory2fa: false,
    })
  })

  it('commands.list: paginated slash commands', async () => {
    const res = await t.api('commands.list', { as: 'demo', query: { count: 5, offset: 1 } })
    expect(res.body).toMatchObject({ count: 5, offset: 1, total: SLASH_COMMANDS.length })
    expect(res.body.commands.map((c: { command: string }) => c.command)).toStrictEqual(SLASH_COMMANDS.slice(1, 6).map((c) => c.command))
    const all = await t.api('commands.list', { as: 'demo' })
    const join = all.body.commands.find((c: { command: string }) => c.command === 'join')
    expect(join).toStrictEqual({
      command: 'join',
      params: '#channel',
      description: 'Join_the_given_channel',
      clientOnly: false,
      permission: 'view-c-room',
      providesPreview: false,
    })
  })
})

describe('emoji-custom.list', () => {
  it('lists the seeded custom emoji; updatedSince gives the changes and the deletions', async () => {
    const res = await t.api('emoji-custom.list', { as: 'demo' })
    expect(res.body.emojis.remove).toStrictEqual([])
    expect(res.body.emojis.update.map((e: { name: string }) => e.name).sort()).toStrictEqual(CUSTOM_EMOJI.map((e) => e.name).sort())
    expect(res.body.emojis.update.find((e: { name: string }) => e.name === 'party_parrot')).toStrictEqual({
      _id: 'emoji-party-parrot',
      name: 'party_parrot',
      aliases: ['parrot'],
      extension: 'gif',
      etag: 'emoji-party-parrot-1',
      _updatedAt: '2025-12-01T09:00:00.000Z',
    })
    const since = await t.api('emoji-custom.list', { as: 'demo', query: { updatedSince: '2026-01-01T00:00:00.000Z' } })
    expect(since.body.emojis).toStrictEqual({ update: [], remove: [] })
    const bad = await t.api('emoji-custom.list', { as: 'demo', query: { updatedSince: 'nope' } })
    expect(bad.body).toStrictEqual(roomErrors.emojiUpdatedSinceInvalid('updatedSince').body)
    expect(bad.body.error).toBe('The "updatedSince" query parameter must be a valid date. [error-roomId-param-invalid]')
  })
})

describe('users.presence / users.list / users.getAvatar', () => {
  it('presence: everyone not offline (full), by ids, or recently updated', async () => {
    const full = await t.api('users.presence', { as: 'demo' })
    expect(full.body.full).toBe(true)
    const online = t.mock.db.users
      .all()
      .filter((u) => u.status !== 'offline')
      .map((u) => u.username)
      .sort()
    expect(full.body.users.map((u: { username: string }) => u.username).sort()).toStrictEqual(online)
    expect(full.body.users.find((u: { username: string }) => u.username === 'alice')).toStrictEqual({
      _id: t.user('alice')._id,
      username: 'alice',
      name: 'Alice Carter',
      status: 'away',
      utcOffset: 0,
    })
    const byIds = await t.api('users.presence', { as: 'demo', query: { ids: [t.user('alice')._id, t.user('bob')._id].join(',') } })
    expect(byIds.body).toStrictEqual({ users: [full.body.users.find((u: { username: string }) => u.username === 'alice')], full: false, success: true })
    t.mock.clock.advance(60_000)
    await t.api('users.setPreferences', { as: 'bob', body: { data: { language: 'de' } } })
    const recent = await t.api('users.presence', { as: 'demo', query: { from: NOW } })
    expect(recent.body.full).toBe(false)
    expect(recent.body.users.map((u: { username: string }) => u.username)).toContain('bob')
    t.mock.clock.advance(20 * 60_000)
    expect((await t.api('users.presence', { as: 'demo', query: { from: NOW } })).body.full).toBe(true)
  })

  it('users.list: by username, limited fields for plain users, private ones for admins', async () => {
    const res = await t.api('users.list', { as: 'demo', query: { count: 3 } })
    const names = t.mock.db.users
      .all()
      .map((u) => u.username)
      .sort()
    expect(res.body).toMatchObject({ count: 3, offset: 0, total: names.length })
    expect(res.body.users.map((u: { username: string }) => u.username)).toStrictEqual(names.slice(0, 3))
    const alice = (await t.api('users.list', { as: 'demo', query: { count: 0 } })).body.users.find((u: { username: string }) => u.username === 'alice')
    expect(alice).toMatchObject({
      _id: t.user('alice')._id,
      username: 'alice',
      name: 'Alice Carter',
      status: 'away',
      active: true,
      type: 'user',
      nameInsensitive: 'alice carter',
    })
    for (const key of ['emails', 'roles', 'services', 'settings', 'createdAt']) expect(alice).not.toHaveProperty(key)
    const admin = (await t.api('users.list', { as: 'admin', query: { count: 0 } })).body.users.find((u: { username: string }) => u.username === 'alice')
    expect(admin).toMatchObject({ emails: [{ address: 'alice@example.com', verified: true }], roles: ['user'] })
    expect(admin).not.toHaveProperty('services')
    const byName = await t.api('users.list', { as: 'demo', query: { sort: '{"name":-1}', count: 0 } })
    const sortedNames = byName.body.users.map((u: { nameInsensitive: string }) => u.nameInsensitive)
    expect(sortedNames).toStrictEqual([...sortedNames].sort().reverse())
    t.mock.setPermission('view-d-room', ['admin'])
    const refused = await t.api('users.list', { as: 'demo' })
    expect(refused.status).toBe(403)
    expect(refused.body).toStrictEqual({ success: false, error: 'unauthorized' })
  })

  it('getAvatar: a 307 to /avatar/<username> on the request’s origin', async () => {
    const res = await t.fetch(`/api/v1/users.getAvatar?userId=${t.user('alice')._id}`, { redirect: 'manual' })
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe(`${t.origin}/avatar/alice`)
    expect(await res.json()).toBe(`${t.origin}/avatar/alice`)
  })

  it('getAvatar: an unknown or missing user is refused', async () => {
    const unknown = await t.api('users.getAvatar', { query: { username: 'ghost' } })
    expect(unknown.body).toStrictEqual(roomErrors.userParamNoMatch().body)
    expect((await t.api('users.getAvatar')).body).toStrictEqual(roomErrors.userParamMissing().body)
  })
})

describe('users.setPreferences', () => {
  it('stores the preferences, sets the language, and answers them', async () => {
    const res = await t.api('users.setPreferences', { as: 'demo', body: { data: { language: 'pt-BR', sendOnEnter: 'desktop', highlights: ['release'] } } })
    expect(res.body).toStrictEqual({
      user: { _id: t.user('demo')._id, settings: { preferences: { language: 'pt-BR', sendOnEnter: 'desktop', highlights: ['release'] } } },
      success: true,
    })
    const me = await t.api('me', { as: 'demo' })
    expect(me.body.language).toBe('pt-BR')
    expect(me.body.settings.preferences).toStrictEqual({ language: 'pt-BR', sendOnEnter: 'desktop', highlights: ['release'] })
    const merged = await t.api('users.setPreferences', { as: 'demo', body: { data: { useEmojis: false } } })
    expect(merged.body.user.settings.preferences).toStrictEqual({ language: 'pt-BR', sendOnEnter: 'desktop', highlights: ['release'], useEmojis: false })
  })

  it('notification defaults reach the subscriptions not set per room', async () => {
    await t.api('users.setPreferences', { as: 'demo', body: { data: { desktopNotifications: 'mentions', pushNotifications: 'nothing' } } })
    const general = t.mock.core.subscription('GENERAL', t.user('demo')._id) as unknown as Record<string, unknown>
    expect(general).toMatchObject({ desktopNotifications: 'mentions', desktopPrefOrigin: 'user', mobilePushNotifications: 'nothing', mobilePrefOrigin: 'user' })
    const sync = await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: new Date(Date.parse(NOW) - 1).toISOString() } })
    expect(sync.body.update.length).toBe(t.mock.db.subscriptions.sorted('user', t.user('demo')._id).length)
    await t.api('users.setPreferences', { as: 'demo', body: { data: { desktopNotifications: 'default' } } })
    const cleared = t.mock.core.subscription('GENERAL', t.user('demo')._id) as unknown as Record<string, unknown>
    expect(cleared).not.toHaveProperty('desktopNotifications')
    expect(cleared).toHaveProperty('mobilePushNotifications', 'nothing')
  })

  it('refuses unknown keys, wrong types, someone else’s preferences — changing nothing', async () => {
    const before = JSON.stringify(t.user('demo').settings)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ data: { colour: 'red' } }, 'must NOT have additional properties'],
      [{ data: { useEmojis: 'yes' } }, 'must be boolean'],
      [{ data: { highlights: 'release' } }, 'must be array'],
      [{}, "must have required property 'data'"],
      [{ data: {}, extra: 1 }, 'must NOT have additional properties'],
    ]
    for (const [body, error] of cases) {
      const res = await t.api('users.setPreferences', { as: 'demo', body })
      expect(res.status).toBe(400)
      expect(res.body, JSON.stringify(body)).toStrictEqual({ success: false, errorType: 'invalid-params', error })
    }
    const other = await t.api('users.setPreferences', { as: 'demo', body: { userId: t.user('alice')._id, data: { language: 'fr' } } })
    expect(other.body).toStrictEqual(roomErrors.preferencesNotAllowed().body)
    expect(JSON.stringify(t.user('demo').settings)).toBe(before)
    expect(t.user('alice').language).toBeUndefined()
  })
})

describe('users.setPreferences → auto-translate on join', () => {
  it('with AutoTranslate_AutoEnableOnJoinRoom, new subscriptions translate into the preferred language', async () => {
    t.mock.setSetting('AutoTranslate_AutoEnableOnJoinRoom', true)
    await t.api('users.setPreferences', { as: 'bob', body: { data: { language: 'es' } } })
    await t.api('users.setPreferences', { as: 'alice', body: { data: { language: 'en' } } })
    const created = await t.api('channels.create', { as: 'demo', body: { name: 'hola', members: ['bob', 'alice'] } })
    const rid = created.body.channel._id
    expect(t.mock.core.subscription(rid, t.user('bob')._id)).toMatchObject({ autoTranslate: true, autoTranslateLanguage: 'es' })
    // The workspace language (en) needs no translation; demo set no language.
    expect(t.mock.core.subscription(rid, t.user('alice')._id)!.autoTranslate).toBeUndefined()
    expect(t.mock.core.subscription(rid, t.user('demo')._id)!.autoTranslate).toBeUndefined()
    const sent = await t.send('demo', { rid, msg: 'Good morning team' })
    expect(Object.keys(t.message(sent._id)!.translations ?? {})).toStrictEqual(['es'])
    // Joining later gets the same defaults.
    await t.api('users.setPreferences', { as: 'admin', body: { data: { language: 'fr' } } })
    await t.api('channels.join', { as: 'admin', body: { roomId: rid } })
    expect(t.mock.core.subscription(rid, t.user('admin')._id)).toMatchObject({ autoTranslate: true, autoTranslateLanguage: 'fr' })
    // Off (the default), nothing changes.
    t.mock.setSetting('AutoTranslate_AutoEnableOnJoinRoom', false)
    await t.api('channels.join', { as: 'bob', body: { roomName: 'demo-channel' } })
    const other = await t.api('channels.create', { as: 'demo', body: { name: 'hola2', members: ['bob'] } })
    expect(t.mock.core.subscription(other.body.channel._id, t.user('bob')._id)!.autoTranslate).toBeUndefined()
  })
})

describe('custom emoji in reactions', () => {
  it('chat.react accepts a custom emoji by name or alias, and still refuses unknown names', async () => {
    const message = t.messageByText('Hi all! Glad to be here.')
    expect((await t.api('chat.react', { as: 'demo', body: { messageId: message._id, emoji: 'party_parrot' } })).body).toStrictEqual({ success: true })
    expect((await t.api('chat.react', { as: 'bob', body: { messageId: message._id, emoji: ':fine:' } })).body).toStrictEqual({ success: true })
    expect(t.message(message._id)!.reactions).toMatchObject({ ':party_parrot:': { usernames: ['demo'] }, ':fine:': { usernames: ['bob'] } })
    expect((await t.api('chat.react', { as: 'demo', body: { messageId: message._id, emoji: 'not_an_emoji_at_all' } })).body).toStrictEqual(
      errors.invalidEmoji().body,
    )
  })
})
