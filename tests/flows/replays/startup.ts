import { expect } from 'vitest'
import { newest, type FlowContext } from './client.js'

/**
 * The mobile app's start-up, in its order (app/sagas/init, selectServer, login; app/lib/methods/
 * getSettings, getPermissions, getRoles, getCustomEmojis, getSlashCommands, getRooms,
 * getUsersPresence), asserting what the app reads from each answer.
 */

/** `loginSettings` of app/lib/methods/getSettings.ts, fetched before login. */
export const LOGIN_SETTINGS = [
  'API_Gitlab_URL',
  'CAS_enabled',
  'CAS_login_url',
  'Accounts_EmailVerification',
  'Accounts_ManuallyApproveNewUsers',
  'Accounts_ShowFormLogin',
  'Site_Url',
  'Accounts_RegistrationForm',
  'Accounts_RegistrationForm_LinkReplacementText',
  'Accounts_EmailOrUsernamePlaceholder',
  'Accounts_PasswordPlaceholder',
  'Accounts_PasswordReset',
  'Accounts_iframe_enabled',
  'Accounts_Iframe_api_url',
  'Accounts_Iframe_api_method',
]

/** A part of `defaultSettings` (app/lib/constants/defaultSettings.ts) the app reads after login. */
export const APP_SETTINGS = [
  'Accounts_AllowEmailChange',
  'Accounts_AllowUserAvatarChange',
  'API_Use_REST_For_DDP_Calls',
  'API_Embed',
  'DirectMesssage_maxUsers',
  'E2E_Enable',
  'FileUpload_MaxFileSize',
  'FileUpload_MediaTypeWhiteList',
  'Hide_System_Messages',
  'Message_AllowDeleting',
  'Message_AllowEditing',
  'Message_AllowPinning',
  'Message_AllowStarring',
  'Message_GroupingPeriod',
  'Message_Read_Receipt_Enabled',
  'Site_Name',
  'Store_Last_Message',
  'Threads_enabled',
  'UI_Allow_room_names_with_special_chars',
  'UI_Use_Real_Name',
  'uniqueID',
  'AutoTranslate_Enabled',
  'Presence_broadcast_disabled',
  'UTF8_User_Names_Validation',
  'Number_of_users_autocomplete_suggestions',
  'Force_Screen_Lock',
  'Assets_favicon_512',
  'Jitsi_Enabled',
]

export async function startupFlow(ctx: FlowContext): Promise<void> {
  const app = ctx.client()

  // Server selection: the version gates every later request shape.
  const info = await app.get('/api/info')
  expect(info.status).toBe(200)
  expect(info.body.version).toMatch(/^\d+\.\d+$/)
  expect(Number(info.body.version.split('.')[0])).toBeGreaterThanOrEqual(7)

  // Login screen settings (server ≥ 7.0: `_id=` list), anonymously.
  const loginSettings = await app.getRaw(`/api/v1/settings.public?_id=${LOGIN_SETTINGS.join(',')}`, 'settings.public')
  expect(loginSettings.body.success).toBe(true)
  const byId = Object.fromEntries(loginSettings.body.settings.map((s: { _id: string; value: unknown }) => [s._id, s.value]))
  expect(byId).toMatchObject({ Accounts_ShowFormLogin: true, Accounts_RegistrationForm: 'Public', Accounts_PasswordReset: true, CAS_enabled: false })
  expect(typeof byId.Site_Url).toBe('string')
  const oauth = await app.get('settings.oauth')
  expect(oauth.body.services).toStrictEqual([])

  // Login.
  const login = await app.login('demo')
  expect(login.status).toBe(200)
  expect(login.body.status).toBe('success')
  expect(login.body.data.me).toMatchObject({ username: 'demo', _id: app.userId, status: 'online' })

  // getSettings: the app's URL carries the newline and tabs of its template literal, and it
  // loops while `total` says there are more.
  const url = `/api/v1/settings.public?_id=${APP_SETTINGS.join(',')}\n\t\t\t\t&offset=0`
  let settings: Array<{ _id: string; value: unknown }> = []
  let remaining = 0
  do {
    const page = await app.getRaw(url, 'settings.public')
    expect(page.body.success).toBe(true)
    settings = [...settings, ...page.body.settings]
    remaining = page.body.total - settings.length
  } while (remaining > 0)
  const values = Object.fromEntries(settings.map((s) => [s._id, s.value]))
  expect(values).toMatchObject({
    Threads_enabled: true,
    Message_AllowEditing: true,
    API_Use_REST_For_DDP_Calls: true,
    Store_Last_Message: true,
    Presence_broadcast_disabled: false,
  })
  expect(values.uniqueID).toEqual(expect.any(String))
  expect(Object.keys(values).every((id) => APP_SETTINGS.includes(id))).toBe(true)

  // getRooms, first start: everything.
  const [subs, rooms] = await Promise.all([app.get('subscriptions.get'), app.get('rooms.get')])
  expect(subs.body.remove).toStrictEqual([])
  expect(rooms.body.remove).toStrictEqual([])
  const roomById = new Map(rooms.body.update.map((r: { _id: string }) => [r._id, r]))
  for (const sub of subs.body.update) expect(roomById.has(sub.rid), sub.name).toBe(true)
  const general = subs.body.update.find((s: { name: string }) => s.name === 'general')
  expect(general).toMatchObject({ rid: 'GENERAL', t: 'c', open: true })
  expect((roomById.get('GENERAL') as { lastMessage: { msg: string } }).lastMessage.msg).toEqual(expect.any(String))

  // Next start: only what changed since the newest `_updatedAt` seen.
  const subsSince = newest(subs.body.update)
  const roomsSince = newest(rooms.body.update)
  const quiet = await Promise.all([app.get('subscriptions.get', { updatedSince: subsSince }), app.get('rooms.get', { updatedSince: roomsSince })])
  expect(quiet[0].body).toMatchObject({ update: [], remove: [] })
  expect(quiet[1].body).toMatchObject({ update: [], remove: [] })
  await ctx.tick()
  const alice = ctx.client()
  await alice.login('alice')
  const sent = await alice.post('chat.sendMessage', { message: { rid: 'GENERAL', msg: 'Morning @demo' } })
  expect(sent.status).toBe(200)
  const [subsDelta, roomsDelta] = await Promise.all([
    app.get('subscriptions.get', { updatedSince: subsSince }),
    app.get('rooms.get', { updatedSince: roomsSince }),
  ])
  expect(subsDelta.body.update.map((s: { rid: string }) => s.rid)).toStrictEqual(['GENERAL'])
  expect(subsDelta.body.update[0]).toMatchObject({ alert: true, userMentions: general.userMentions + 1 })
  expect(roomsDelta.body.update.map((r: { _id: string }) => r._id)).toStrictEqual(['GENERAL'])
  expect(roomsDelta.body.update[0].lastMessage).toMatchObject({ _id: sent.body.message._id, msg: 'Morning @demo' })

  // Permissions, full then incremental.
  const permissions = await app.get('permissions.listAll')
  const roles = Object.fromEntries(permissions.body.update.map((p: { _id: string; roles: string[] }) => [p._id, p.roles]))
  expect(roles['create-c']).toContain('user')
  expect(roles['start-discussion']).toContain('user')
  const permissionsAgain = await app.get('permissions.listAll', { updatedSince: newest(permissions.body.update) })
  expect(permissionsAgain.body).toMatchObject({ update: [], remove: [] })

  // Roles, custom emoji (incremental next time), slash commands.
  const roleList = await app.get('roles.list')
  expect(roleList.body.roles.find((r: { _id: string }) => r._id === 'owner')).toMatchObject({ scope: 'Subscriptions', description: 'Owner' })
  const emoji = await app.get('emoji-custom.list')
  const names = emoji.body.emojis.update.map((e: { name: string }) => e.name)
  expect(names).toEqual(expect.arrayContaining(['party_parrot', 'shipit']))
  for (const e of emoji.body.emojis.update) expect(e).toMatchObject({ _id: expect.any(String), aliases: expect.any(Array), extension: expect.any(String) })
  const emojiAgain = await app.get('emoji-custom.list', { updatedSince: newest(emoji.body.emojis.update) })
  expect(emojiAgain.body.emojis).toStrictEqual({ update: [], remove: [] })
  const commands = await app.get('commands.list')
  expect(commands.body.commands.map((c: { command: string }) => c.command)).toEqual(expect.arrayContaining(['join', 'leave', 'topic', 'invite']))
  expect(commands.body.total).toBe(commands.body.commands.length)

  // Presence of the DM partners, by id.
  const partners = rooms.body.update
    .filter((r: { t: string }) => r.t === 'd')
    .flatMap((r: { uids: string[] }) => r.uids)
    .filter((id: string) => id !== app.userId)
  const presence = await app.get('users.presence', { ids: [...new Set(partners)].join(',') })
  expect(presence.body.full).toBe(false)
  const aliceId = alice.userId
  expect(presence.body.users.find((u: { _id: string }) => u._id === aliceId)).toMatchObject({ username: 'alice', status: 'away' })
  for (const u of presence.body.users) expect(u.status).not.toBe('offline')

  expect(app.calls.slice(0, 4)).toStrictEqual(['GET /api/info', 'GET settings.public', 'GET settings.oauth', 'POST login'])
}
