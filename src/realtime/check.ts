/**
 * Meteor's `check()` for method parameters: a failed check is a `Match.Error`, which DDP clients
 * receive as 500 "Internal server error" (it is not client-safe). Hand-written: a handful of
 * shape tests over the params DDP methods take.
 */
export class MatchError extends Error {}

export function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new MatchError(`Match error: ${what}`)
}

export const isString = (v: unknown): v is string => typeof v === 'string'
export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
export const isOptional = <T>(v: unknown, test: (v: unknown) => v is T): v is T | undefined | null => v === undefined || v === null || test(v)
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
export const isDate = (v: unknown): v is Date => v instanceof Date && !Number.isNaN(v.getTime())
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean'

/** Only these keys (Match.ObjectIncluding is the exception; methods here use closed key sets). */
export function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(value)) check(allowed.includes(key), `${what}: unknown key ${key}`)
}
