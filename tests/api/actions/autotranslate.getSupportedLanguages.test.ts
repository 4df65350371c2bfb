import { describe, expect, it } from 'vitest'
import { LOGGED_OUT, setup } from '../../helpers.js'
import { invalidQuery, meteor, plain } from './fixtures.js'

const t = setup()
const languages = (as: string, targetLanguage?: string) =>
  t.api('autotranslate.getSupportedLanguages', { as, query: targetLanguage === undefined ? {} : { targetLanguage } })

describe('GET /api/v1/autotranslate.getSupportedLanguages', () => {
  it('lists the built-in provider languages with English names (demo: `auto-translate` is granted to users here)', async () => {
    const res = await languages('demo', 'en')
    expect(res.status).toBe(200)
    expect(Object.keys(res.body)).toStrictEqual(['languages', 'success'])
    const list = res.body.languages as Array<{ language: string; name: string }>
    expect(list).toContainEqual({ language: 'de', name: 'German' })
    expect(list).toContainEqual({ language: 'es', name: 'Spanish' })
    expect(list).toContainEqual({ language: 'pt-BR', name: 'Portuguese (Brazil)' })
    expect(list).toContainEqual({ language: 'zh', name: 'Chinese (Simplified)' })
    expect(list.map((l) => l.language)).toStrictEqual([...list.map((l) => l.language)].sort())
    expect(list.length).toBeGreaterThanOrEqual(25)
  })

  it('names the languages in the target language', async () => {
    const de = (await languages('alice', 'de')).body.languages as Array<{ language: string; name: string }>
    expect(de.find((l) => l.language === 'de')!.name).toBe('Deutsch')
    expect(de.find((l) => l.language === 'fr')!.name).toBe('Französisch')
    const es = (await languages('alice', 'es')).body.languages as Array<{ language: string; name: string }>
    expect(es.find((l) => l.language === 'en')!.name).toBe('Inglés')
    // An unknown target falls back to English names.
    const unknown = (await languages('alice', 'xx-nope')).body.languages as Array<{ language: string; name: string }>
    expect(unknown.find((l) => l.language === 'ja')!.name).toBe('Japanese')
  })

  it('refuses when auto-translate is disabled, then when the caller lacks the permission', async () => {
    t.mock.setPermission('auto-translate', ['admin'])
    const denied = await languages('demo', 'en')
    expect(denied.status).toBe(400)
    expect(denied.body).toStrictEqual(meteor('error-action-not-allowed', 'Auto-Translate is not allowed', { method: 'autoTranslate.getSupportedLanguages' }))
    expect((await languages('admin', 'en')).status).toBe(200)
    t.mock.setSetting('AutoTranslate_Enabled', false)
    expect((await languages('demo', 'en')).body).toStrictEqual(plain('AutoTranslate is disabled.'))
    expect((await languages('admin', 'en')).body).toStrictEqual(plain('AutoTranslate is disabled.'))
  })

  it('validates the query', async () => {
    expect((await languages('demo')).body).toStrictEqual(invalidQuery("must have required property 'targetLanguage'"))
  })

  it('answers 401 without credentials', async () => {
    expect((await t.api('autotranslate.getSupportedLanguages', { query: { targetLanguage: 'en' } })).body).toStrictEqual(LOGGED_OUT)
  })
})
