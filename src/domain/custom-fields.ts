import { Ajv, type ValidateFunction } from 'ajv'
import type { Core } from '../core.js'
import { ApiError, errors } from '../errors.js'

/**
 * `validateCustomMessageFields`: with `Message_CustomFields_Enabled`, a message's `customFields`
 * must match the JSON schema in `Message_CustomFields`, read as an object schema that allows no
 * other keys. The server compiles it with ajv; so does the mock (one compiled schema per text).
 */
const ajv = new Ajv()
const compiled = new Map<string, ValidateFunction | Error>()

export function assertCustomFields(core: Core, customFields: Record<string, unknown>): void {
  if (core.setting('Message_CustomFields_Enabled') !== true) throw errors.customFieldsDisabled()
  const validate = compile(core.setting('Message_CustomFields'))
  if (validate instanceof Error) throw ApiError.plain(validate.message)
  if (!validate(customFields)) throw errors.invalidCustomFields()
}

function compile(text: string): ValidateFunction | Error {
  let entry = compiled.get(text)
  if (entry) return entry
  try {
    const schema: unknown = JSON.parse(text)
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('Invalid custom fields config')
    const { type } = schema as { type?: unknown }
    if (type && type !== 'object') throw new Error('Invalid custom fields config')
    entry = ajv.compile({ ...schema, type: 'object', additionalProperties: false })
  } catch (error) {
    entry = error instanceof Error ? error : new Error(String(error))
  }
  if (compiled.size > 16) compiled.clear()
  compiled.set(text, entry)
  return entry
}
