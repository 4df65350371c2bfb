import { z } from 'zod'
import type { Core } from '../src/core.js'
import type { Message, Room } from '../src/db/index.js'
import { canAccessRoom } from '../src/domain/access.js'
import { saveAutoTranslateSetting } from '../src/domain/moderation.js'
import { supportedLanguages, translateInto } from '../src/domain/translate.js'
import { defineEndpoint } from '../src/endpoint.js'
import { ApiError, errors } from '../src/errors.js'
import { b, q } from '../src/validation.js'

/** `GET autotranslate.getSupportedLanguages`: the provider's languages, named in `targetLanguage`. */
export const getSupportedLanguages = defineEndpoint({
  method: 'GET',
  path: '/api/v1/autotranslate.getSupportedLanguages',
  query: z.strictObject({ targetLanguage: q.string() }),
  handle: ({ core, user, query }) => {
    if (!core.setting('AutoTranslate_Enabled')) throw errors.autoTranslateDisabled()
    if (!core.hasPermission(user, 'auto-translate')) throw errors.autoTranslateNotAllowed('autoTranslate.getSupportedLanguages')
    return { languages: supportedLanguages(query.targetLanguage) }
  },
})

/**
 * `value`: a boolean or a string, required (ajv coerces numbers to strings). Written as a custom
 * schema so a missing key reads `must have required property 'value'`, as the server's does.
 */
const settingValue = z
  .custom<boolean | string | number>(() => true)
  .superRefine((v, ctx) => {
    if (typeof v !== 'boolean' && typeof v !== 'string' && typeof v !== 'number') {
      ctx.addIssue({ code: 'invalid_type', expected: 'string', input: v, message: 'must be string' })
    }
  })
  .transform((v) => (typeof v === 'number' ? String(v) : v))

/**
 * `POST autotranslate.saveSettings`: the caller's subscription `autoTranslate` (boolean) or
 * `autoTranslateLanguage`; turning it on (or off) stores `defaultLanguage` when no language is set yet.
 */
export const saveSettings = defineEndpoint({
  method: 'POST',
  path: '/api/v1/autotranslate.saveSettings',
  body: z.strictObject({
    roomId: b.string(),
    field: z.enum(['autoTranslate', 'autoTranslateLanguage']),
    value: settingValue,
    defaultLanguage: b.string().optional(),
  }),
  handle: ({ core, user, body }) => {
    if (!core.setting('AutoTranslate_Enabled')) throw errors.autoTranslateDisabled()
    const { field, value } = body
    if (field === 'autoTranslate' && value !== true && value !== false && value !== 'true' && value !== 'false') throw errors.autoTranslateNotBoolean()
    if (field === 'autoTranslateLanguage' && (typeof value !== 'string' || !Number.isNaN(Number.parseInt(value, 10)))) {
      throw errors.autoTranslateLanguageNotString()
    }
    if (!core.hasPermission(user, 'auto-translate')) throw errors.autoTranslateNotAllowed('autoTranslate.saveSettings')
    const sub = core.subscription(body.roomId, user._id)
    if (!sub) throw errors.invalidSubscription('saveAutoTranslateSettings')
    if (field === 'autoTranslate') {
      const enable = value === true || value === 'true'
      if (enable && core.db.rooms.get(body.roomId)?.encrypted === true) throw errors.autoTranslateE2E()
      saveAutoTranslateSetting(core, sub, { field, enable, defaultLanguage: body.defaultLanguage })
    } else {
      saveAutoTranslateSetting(core, sub, { field, language: value as string })
    }
    return {}
  },
})

/** The languages `translateMessage` targets when none is given: the other members' auto-translate languages. */
function memberLanguages(core: Core, room: Room, message: Message): string[] {
  const out = new Set<string>()
  for (const sub of core.db.subscriptions.sorted('room', room._id)) {
    if (sub.u._id !== message.u._id && sub.autoTranslateLanguage) out.add(sub.autoTranslateLanguage)
  }
  return [...out]
}

/**
 * `POST autotranslate.translateMessage`: translates a message into `targetLanguage` (or the room
 * members' languages) and answers the stored message, translation included.
 */
export const translateMessage = defineEndpoint({
  method: 'POST',
  path: '/api/v1/autotranslate.translateMessage',
  body: z.strictObject({ messageId: b.string(), targetLanguage: b.string().optional() }),
  handle: ({ core, user, body }) => {
    if (!core.setting('AutoTranslate_Enabled')) throw errors.autoTranslateDisabled()
    if (!body.messageId) throw errors.translateMessageIdRequired()
    const message = core.db.messages.get(body.messageId)
    if (!message) throw errors.translateMessageNotFound()
    const room = core.db.rooms.get(message.rid)
    if (!room || !canAccessRoom(core, room, user)) throw ApiError.forbidden()
    translateInto(core, message, body.targetLanguage ? [body.targetLanguage] : memberLanguages(core, room, message))
    return { message }
  },
})

export const autoTranslateEndpoints = [getSupportedLanguages, saveSettings, translateMessage]
