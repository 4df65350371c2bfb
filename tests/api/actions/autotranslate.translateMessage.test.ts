import { describe, expect, it } from 'vitest'
import { DEFAULT_TEXTS } from '../../../seeds/default.js'
import { json, LOGGED_OUT, NOW, setup } from '../../helpers.js'
import { expectNoWrite, invalidBody, plain } from './fixtures.js'

const t = setup()
const translate = (as: string, body: unknown) => t.api('autotranslate.translateMessage', { as, body })

describe('POST /api/v1/autotranslate.translateMessage', () => {
  it('writes translations[lang] synchronously and answers the stored message; getMessage shows it', async () => {
    t.mock.clock.set(NOW)
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await translate('demo', { messageId: welcome._id, targetLanguage: 'es' })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['message', 'success'])
    const translated = res.body.message.translations.es
    expect(translated).toBe('Bienvenido a el wórkspácé! Leer esto píññéd mensaje antes algo élsé :tada:')
    expect(res.body.message).toMatchObject({ _id: welcome._id, msg: DEFAULT_TEXTS.welcome, translationProvider: 'google-translate', _updatedAt: NOW })
    expect(res.body.message).toStrictEqual(json(t.message(welcome._id)))
    const got = await t.api('chat.getMessage', { as: 'bob', query: { msgId: welcome._id } })
    expect(got.body.message.translations).toStrictEqual({ es: translated })
  })

  it('is deterministic and keeps mentions, channels, emoji, URLs and code', async () => {
    const message = await t.send('alice', { rid: 'GENERAL', msg: 'Thanks @bob, see #general and https://example.com/notes :tada: `npm test`' })
    const first = (await translate('demo', { messageId: message._id, targetLanguage: 'de' })).body.message.translations.de
    // German has no dictionary entry for "see" and no umlaut for its letters: it stays as is.
    expect(first).toBe('Danke @bob, see #general und https://example.com/notes :tada: `npm test`')
    const again = (await translate('bob', { messageId: message._id, targetLanguage: 'de' })).body.message.translations.de
    expect(again).toBe(first)
    const ru = (await translate('bob', { messageId: message._id, targetLanguage: 'ru' })).body.message.translations
    expect(Object.keys(ru)).toStrictEqual(['de', 'ru'])
    expect(ru.ru).toContain('@bob')
    expect(ru.ru).toContain('https://example.com/notes')
    expect(ru.ru).toMatch(/[а-я]/)
    // English is the identity.
    expect((await translate('bob', { messageId: message._id, targetLanguage: 'en' })).body.message.translations.en).toBe(message.msg)
  })

  it("without targetLanguage translates into the other members' auto-translate languages", async () => {
    await t.api('autotranslate.saveSettings', { as: 'alice', body: { roomId: 'GENERAL', field: 'autoTranslateLanguage', value: 'fr' } })
    await t.api('autotranslate.saveSettings', { as: 'bob', body: { roomId: 'GENERAL', field: 'autoTranslateLanguage', value: 'pt' } })
    const message = await t.send('demo', { rid: 'GENERAL', msg: 'Good morning team' })
    const res = await translate('demo', { messageId: message._id })
    expect(res.body.message.translations).toStrictEqual({ fr: 'Bon matin équipe', pt: 'Bom manhã equipe' })
  })

  it('an unsupported language leaves the message as it is', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const res = await expectNoWrite(t, ['demo'], () => translate('demo', { messageId: welcome._id, targetLanguage: 'tlh' }))
    expect(res.status).toBe(200)
    expect(res.body.message).not.toHaveProperty('translations')
  })

  it('needs no auto-translate permission, but room access (403 unauthorized)', async () => {
    t.mock.setPermission('auto-translate', [])
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    expect((await translate('demo', { messageId: welcome._id, targetLanguage: 'it' })).status).toBe(200)
    const planning = t.messageByText('Quarterly planning notes go here.')
    const res = await expectNoWrite(t, ['demo'], () => translate('demo', { messageId: planning._id, targetLanguage: 'it' }))
    expect(res.status).toBe(403)
    expect(res.body).toStrictEqual({ success: false, error: 'unauthorized' })
  })

  it('refuses in the server order, writing nothing', async () => {
    const welcome = t.messageByText(DEFAULT_TEXTS.welcome)
    const cases: Array<[unknown, unknown]> = [
      [{ messageId: '', targetLanguage: 'es' }, plain('The bodyParam "messageId" is required.')],
      [{ messageId: 'nope', targetLanguage: 'es' }, plain('Message not found.')],
      [{ targetLanguage: 'es' }, invalidBody("must have required property 'messageId'")],
      [{ messageId: welcome._id, language: 'es' }, invalidBody('must NOT have additional properties')],
    ]
    for (const [body, expected] of cases) {
      const res = await expectNoWrite(t, ['demo'], () => translate('demo', body))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body, JSON.stringify(body)).toStrictEqual(expected)
    }
    t.mock.setSetting('AutoTranslate_Enabled', false)
    expect((await expectNoWrite(t, ['demo'], () => translate('demo', { messageId: welcome._id, targetLanguage: 'es' }))).body).toStrictEqual(
      plain('AutoTranslate is disabled.'),
    )
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('autotranslate.translateMessage', { body: { messageId: 'x' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
