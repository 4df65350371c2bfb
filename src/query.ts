import { Context } from 'mingo/core'
import * as queryOperators from 'mingo/operators/query'
import { Query as MingoQuery } from 'mingo/query'
import { resolve } from 'mingo/util'
import { clientRegex } from './client-regex.js'
import type { Core } from './core.js'
import { errors } from './errors.js'

/** A validated Mongo-style sort: field → 1 | -1, in the order given. */
export type Sort = Array<[field: string, direction: 1 | -1]>

/** `parseJsonQuery`'s `sort`: JSON object whose every value is 1 or -1. */
export function parseSort(raw: string | undefined): Sort | undefined {
  if (raw === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw errors.invalidSort(raw)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidSort(raw)
  const out: Sort = []
  for (const [field, direction] of Object.entries(parsed)) {
    if (direction !== 1 && direction !== -1) throw errors.invalidSort(raw)
    if (isUnsafeKey(field)) continue
    out.push([field, direction])
  }
  return out
}

/** Compare two records by a sort spec (dotted paths allowed). */
export function compareBy(sort: Sort): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const [field, direction] of sort) {
      const left = valueAt(a, field)
      const right = valueAt(b, field)
      const order = compareValues(left, right)
      if (order !== 0) return order * direction
    }
    return 0
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === undefined || a === null) return -1
  if (b === undefined || b === null) return 1
  const x = a instanceof Date ? a.getTime() : a
  const y = b instanceof Date ? b.getTime() : b
  if (typeof x === typeof y) return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0
  return String(x) < String(y) ? -1 : 1
}

function valueAt(record: unknown, path: string): unknown {
  let node = record
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** Keys the server never lets through `query`/`fields`. */
const FORBIDDEN_FIELDS = new Set(['joinCode', 'members', 'importIds', 'e2e'])
const ALLOWED_TOP_OPERATORS = new Set(['$or', '$and', '$regex'])

function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype'
}

export interface JsonQuery {
  /** Mongo filter to AND with the endpoint's own, or undefined. */
  query?: Record<string, unknown>
  /** Projection of 0/1 values, or undefined. */
  fields?: Record<string, 0 | 1>
}

/**
 * `parseJsonQuery`'s `query` and `fields`: honoured only when the workspace allows the deprecated
 * unsafe parameters (`ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS`), otherwise silently ignored.
 * Top-level operators other than `$or`/`$and`/`$regex` are dropped as the server drops them, and
 * mingo runs with scripts disabled, so `$where`/`$function` never execute.
 */
export function parseJsonQuery(core: Core, raw: { query?: string | undefined; fields?: string | undefined }): JsonQuery {
  if (!core.setting('ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS')) return {}
  const out: JsonQuery = {}
  if (raw.fields !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.fields)
    } catch {
      throw errors.invalidFields(raw.fields)
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidFields(raw.fields)
    const fields: Record<string, 0 | 1> = {}
    for (const [key, value] of Object.entries(parsed)) {
      if (value !== 0 && value !== 1) throw errors.invalidFields(raw.fields)
      if (!FORBIDDEN_FIELDS.has(key) && !isUnsafeKey(key) && !key.startsWith('$')) fields[key] = value
    }
    if (Object.keys(fields).length > 0) out.fields = fields
  }
  if (raw.query !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.query)
    } catch {
      throw errors.invalidQuery(raw.query)
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidQuery(raw.query)
    const query: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(parsed)) {
      if (isUnsafeKey(key) || FORBIDDEN_FIELDS.has(key)) continue
      if (key.startsWith('$') && !ALLOWED_TOP_OPERATORS.has(key)) continue
      query[key] = value
    }
    if (Object.keys(query).length > 0) out.query = query
  }
  return out
}

/**
 * `$regex` on RE2 (linear time) instead of JavaScript's backtracking engine: `^(a+)+$` against
 * 28 `a` and a `!` stalled every client for seconds. mingo hands over the pattern as a RegExp
 * (`$options` already folded into its flags); like Mongo, an array field matches when any
 * element does. A pattern RE2 cannot compile (lookarounds, backreferences) is a bad query.
 */
const $regex = (selector: string, value: unknown) => {
  const pattern = value instanceof RegExp ? value : new RegExp(String(value))
  const re = clientRegex(pattern.source, pattern.flags)
  return (record: unknown): boolean => {
    const found = resolve(record as Record<string, unknown>, selector)
    const values = Array.isArray(found) ? found.flat() : [found]
    return values.some((v) => typeof v === 'string' && re.test(v))
  }
}

/**
 * The operators a client `query` may use: mingo's query operators with `$regex` on RE2, and
 * without `$where` (scripts), `$expr` (its `$regexMatch` would bring the backtracking engine
 * back) and `$jsonSchema` (patterns again). An unknown operator is a bad query.
 */
const {
  $regex: _jsRegex,
  $where: _where,
  $expr: _expr,
  $jsonSchema: _jsonSchema,
  default: _default,
  ...safeOperators
} = queryOperators as Record<string, unknown>
const QUERY_CONTEXT = Context.init({ query: { ...safeOperators, $regex } as never })

/** A predicate for a user `query` (undefined → everything matches). Bad operators → 400. */
export function queryPredicate(query: Record<string, unknown> | undefined, raw: string | undefined): ((record: unknown) => boolean) | undefined {
  if (!query) return undefined
  try {
    const compiled = new MingoQuery(query, { scriptEnabled: false, idKey: '_id', context: QUERY_CONTEXT })
    return (record) => {
      try {
        return compiled.test(record as Record<string, unknown>)
      } catch {
        return false
      }
    }
  } catch {
    throw errors.invalidQuery(raw ?? JSON.stringify(query))
  }
}

/** Apply a 0/1 projection the way the model does: any `1` means "only these (+ _id)". */
export function project<T extends object>(record: T, fields: Record<string, 0 | 1> | undefined): Partial<T> {
  if (!fields) return record
  const includes = Object.keys(fields).filter((k) => fields[k] === 1)
  if (includes.length > 0) {
    const out: Record<string, unknown> = { _id: (record as Record<string, unknown>)._id }
    for (const key of includes) {
      if (key in record) out[key] = (record as Record<string, unknown>)[key]
    }
    return out as Partial<T>
  }
  const out: Record<string, unknown> = { ...(record as Record<string, unknown>) }
  for (const key of Object.keys(fields)) delete out[key]
  return out as Partial<T>
}
