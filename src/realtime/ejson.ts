/**
 * EJSON, the JSON dialect of DDP: `{$date: ms}`, `{$binary: base64}`, `{$InfNaN: ±1|0}`,
 * `{$regexp, $flags}`, `{$escape: …}` for plain objects that look special. Hand-written because
 * the only implementation is Meteor's own package (the npm ports are unmaintained); this is the
 * subset of Meteor's `ejson.js` rules DDP clients send and read.
 */
import { fromBase64, toBase64 } from '../base64.js'

const SPECIAL = new Set(['$date', '$binary', '$InfNaN', '$regexp', '$flags', '$escape', '$type', '$value'])

export class EjsonError extends Error {}

/** JSON text of a value with EJSON types (Dates anywhere in the value become `{$date}`). */
export function stringify(value: unknown): string {
  return JSON.stringify(toJsonValue(value))
}

function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $InfNaN: Number.isNaN(value) ? 0 : value > 0 ? 1 : -1 }
    return value
  }
  if (value instanceof Date) return { $date: value.getTime() }
  if (value instanceof RegExp) return { $regexp: value.source, $flags: value.flags }
  if (value instanceof Uint8Array) return { $binary: toBase64(value) }
  if (Array.isArray(value)) return value.map(toJsonValue)
  const out: Record<string, unknown> = {}
  let looksSpecial = false
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined || typeof v === 'function') continue
    if (SPECIAL.has(key)) looksSpecial = true
    out[key] = toJsonValue(v)
  }
  return looksSpecial && isSpecialShape(out) ? { $escape: out } : out
}

/** Parse EJSON text; throws `SyntaxError` for bad JSON and `EjsonError` for bad EJSON types. */
export function parse(text: string): unknown {
  return fromJsonValue(JSON.parse(text))
}

export function fromJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(fromJsonValue)
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === '$date') {
    const ms = record.$date
    if (typeof ms !== 'number') throw new EjsonError('$date must be a number')
    return new Date(ms)
  }
  if (keys.length === 1 && keys[0] === '$binary') {
    if (typeof record.$binary !== 'string') throw new EjsonError('$binary must be a string')
    return fromBase64(record.$binary) ?? fail('$binary must be base64')
  }
  if (keys.length === 1 && keys[0] === '$InfNaN') {
    const sign = record.$InfNaN
    return sign === 0 ? Number.NaN : sign === 1 ? Infinity : sign === -1 ? -Infinity : fail('$InfNaN must be 1, 0 or -1')
  }
  if (keys.length === 2 && '$regexp' in record && '$flags' in record) {
    if (typeof record.$regexp !== 'string' || typeof record.$flags !== 'string') throw new EjsonError('$regexp must be a string')
    // Kept as data: a client pattern never runs on the backtracking engine.
    return { $regexp: record.$regexp, $flags: record.$flags }
  }
  if (keys.length === 1 && keys[0] === '$escape') {
    const inner = record.$escape
    if (inner === null || typeof inner !== 'object') throw new EjsonError('$escape must hold an object')
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(inner)) out[k] = fromJsonValue(v)
    return out
  }
  if (keys.length === 2 && '$type' in record && '$value' in record) throw new EjsonError(`Custom EJSON type ${String(record.$type)} is not defined`)
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = fromJsonValue(record[key])
  return out
}

function isSpecialShape(record: Record<string, unknown>): boolean {
  const keys = Object.keys(record)
  if (keys.length === 1) return ['$date', '$binary', '$InfNaN', '$escape'].includes(keys[0]!)
  if (keys.length === 2) return ('$regexp' in record && '$flags' in record) || ('$type' in record && '$value' in record)
  return false
}

function fail(message: string): never {
  throw new EjsonError(message)
}
