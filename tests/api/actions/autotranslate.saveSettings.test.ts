import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, meteor, plain } from './fixtures.js'

const t = setup()
const save = (as: string, body: unknown) => t.api('autotranslate.saveSettings', { as, body })

describe('POST /api/v1/autotranslate.saveSettings', () => {
  it("turns auto-translate on for the caller's subscription, with defaultLanguage; visible in subscriptions.get", async () => {
    t.mock.clock.set(NOW)
    const res = await save('demo', { roomId: 'GENERAL', field: 'autoTranslate', value: true, defaultLanguage: 'es' })
    expect(res.status).toBe(200)
    expect(res.body).toStrictEqual({ success: true })
    const subs = (await t.api('subscriptions.get', { as: 'demo', query: { updatedSince: '2026-03-01T09:00:00.000Z' } })).body.update
    expect(subs).toHaveLength(1)
    expect(subs[0]).toMatchObject({ rid: 'GENERAL', autoTranslate: true, autoTranslateLanguage: 'es', _updatedAt: NOW })
    // Other members are untouched.
    expect(t.mock.core.subscription('GENERAL', t.user('alice')._id)).not.toHaveProperty('autoTranslate')
  })

  it('changes the language; defaultLanguage does not override one already set; "false"/"true" strings work', async () => {
    const demo = t.user('demo')
    await save('demo', { roomId: 'GENERAL', field: 'autoTranslateLanguage', value: 'fr' })
    expect(t.mock.core.subscription('GENERAL', demo._id)).toMatchObject({ autoTranslateLanguage: 'fr' })
    await save('demo', { roomId: 'GENERAL', field: 'autoTranslate', value: 'true', defaultLanguage: 'de' })
    expect(t.mock.core.subscription('GENERAL', demo._id)).toMatchObject({ autoTranslate: true, autoTranslateLanguage: 'fr' })
    await save('demo', { roomId: 'GENERAL', field: 'autoTranslate', value: 'false' })
    expect(t.mock.core.subscription('GENERAL', demo._id)).toMatchObject({ autoTranslate: false, autoTranslateLanguage: 'fr' })
    // Works in a DM too.
    expect((await save('alice', { roomId: t.dmId('demo', 'alice'), field: 'autoTranslate', value: true })).status).toBe(200)
  })

  it('refuses in the server order, writing nothing', async () => {
    const cases: Array<[string, unknown, unknown]> = [
      ['demo', { roomId: 'GENERAL', field: 'autoTranslate', value: 'yes' }, plain('The bodyParam "autoTranslate" must be a boolean.')],
      ['demo', { roomId: 'GENERAL', field: 'autoTranslate', value: 1 }, plain('The bodyParam "autoTranslate" must be a boolean.')],
      ['demo', { roomId: 'GENERAL', field: 'autoTranslateLanguage', value: true }, plain('The bodyParam "autoTranslateLanguage" must be a string.')],
      ['demo', { roomId: 'GENERAL', field: 'autoTranslateLanguage', value: '42' }, plain('The bodyParam "autoTranslateLanguage" must be a string.')],
      [
        'demo',
        { roomId: t.room('leadership')._id, field: 'autoTranslate', value: true },
        meteor('error-invalid-subscription', 'Invalid subscription', { method: 'saveAutoTranslateSettings' }),
      ],
      ['demo', { roomId: 'GENERAL', field: 'language', value: 'en' }, invalidBody('must be equal to one of the allowed values')],
      ['demo', { roomId: 'GENERAL', field: 'autoTranslate' }, invalidBody("must have required property 'value'")],
      ['demo', { field: 'autoTranslate', value: true }, invalidBody("must have required property 'roomId'")],
    ]
    for (const [user, body, expected] of cases) {
      const res = await expectNoWrite(t, [user], () => save(user, body))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body, JSON.stringify(body)).toStrictEqual(expected)
    }
  })

  it('needs the auto-translate permission, and refuses encrypted rooms', async () => {
    t.mock.setPermission('auto-translate', ['admin'])
    const denied = await expectNoWrite(t, ['demo'], () => save('demo', { roomId: 'GENERAL', field: 'autoTranslate', value: true }))
    expect(denied.body).toStrictEqual(meteor('error-action-not-allowed', 'Auto-Translate is not allowed', { method: 'autoTranslate.saveSettings' }))
    // The type checks come first.
    expect((await save('demo', { roomId: 'GENERAL', field: 'autoTranslate', value: 'x' })).body).toStrictEqual(
      plain('The bodyParam "autoTranslate" must be a boolean.'),
    )

    t.mock.db.rooms.patch(t.room('GENERAL'), (r) => (r.encrypted = true))
    const e2e = await expectNoWrite(t, ['admin'], () => save('admin', { roomId: 'GENERAL', field: 'autoTranslate', value: true }))
    expect(e2e.body).toStrictEqual(
      meteor('error-e2e-enabled', 'Enabling auto-translation in E2E encrypted rooms is not allowed', { method: 'saveAutoTranslateSettings' }),
    )
    expect((await save('admin', { roomId: 'GENERAL', field: 'autoTranslate', value: false })).status).toBe(200)
  })

  it('refuses everything when auto-translate is disabled', async () => {
    t.mock.setSetting('AutoTranslate_Enabled', false)
    const res = await expectNoWrite(t, ['admin'], () => save('admin', { roomId: 'GENERAL', field: 'autoTranslate', value: true }))
    expect(res.body).toStrictEqual(plain('AutoTranslate is disabled.'))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('autotranslate.saveSettings', { body: { roomId: 'GENERAL', field: 'autoTranslate', value: true } })).body).toStrictEqual(LOGGED_OUT)
  })
})
