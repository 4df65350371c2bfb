import { z } from 'zod'
import { ApiError } from './errors.js'

/**
 * Zod schemas describe each endpoint's query and body; this module renders a failed parse the
 * way the real server's ajv validator does (`must have required property 'x'`, first error only,
 * one line per `oneOf` branch), and coerces query strings as ajv's `coerceTypes` does.
 */
export function validate<T>(schema: z.ZodType<T>, input: unknown, where: 'body' | 'query', legacy = false): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const text = describe(schema, result.error.issues, input)
  throw legacy ? ApiError.legacyInvalidParams(text) : ApiError.invalidParams(text, where)
}

/**
 * ajv stops at the first error of a schema (`allErrors: false`), and a `oneOf` reports the first
 * error of every branch before its own line. Zod may report a union through one branch only, so
 * a union at the top is re-checked branch by branch.
 */
function describe(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], input: unknown): string {
  // A `z.preprocess` around a union: describe the union against the preprocessed input.
  if (schema instanceof z.ZodPipe && schema.in instanceof z.ZodTransform && schema.out instanceof z.ZodUnion) {
    const prepared = schema.in.safeParse(input)
    if (prepared.success) return describe(schema.out, issues, prepared.data)
  }
  if (schema instanceof z.ZodUnion) {
    const lines = (schema.options as z.ZodType[]).map((option) => {
      const result = option.safeParse(input)
      return result.success ? '' : first(result.error.issues, input)
    })
    return [...lines.filter(Boolean), 'must match exactly one schema in oneOf'].join('\n')
  }
  return first(issues, input) || 'must be object'
}

/** The error ajv would report first: a missing property, then an extra one, then the rest. */
function first(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const ranked = [...issues].sort((a, b) => rank(a, input) - rank(b, input))
  return ranked[0] ? message(ranked[0], input) : ''
}

function rank(issue: z.core.$ZodIssue, input: unknown): number {
  if (isMissing(issue, input)) return 0
  if (issue.code === 'unrecognized_keys') return 1
  return 2
}

/** An issue about a key its parent object does not have: ajv's `required`. */
function isMissing(issue: z.core.$ZodIssue, input: unknown): boolean {
  if (issue.path.length === 0) return false
  const parent = at(input, issue.path.slice(0, -1))
  const key = issue.path[issue.path.length - 1]
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !Object.hasOwn(parent, key as PropertyKey)
}

function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', record: 'object', date: 'string', tuple: 'array' }

function message(issue: z.core.$ZodIssue, input: unknown): string {
  if (isMissing(issue, input)) return `must have required property '${String(issue.path[issue.path.length - 1])}'`
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected
      return `must be ${expected}`
    }
    case 'unrecognized_keys':
      return 'must NOT have additional properties'
    case 'too_small':
      if (issue.origin === 'string') return `must NOT have fewer than ${issue.minimum} characters`
      if (issue.origin === 'array' || issue.origin === 'set') return `must NOT have fewer than ${issue.minimum} items`
      return `must be ${issue.inclusive === false ? '>' : '>='} ${issue.minimum}`
    case 'too_big':
      if (issue.origin === 'string') return `must NOT have more than ${issue.maximum} characters`
      if (issue.origin === 'array' || issue.origin === 'set') return `must NOT have more than ${issue.maximum} items`
      return `must be ${issue.inclusive === false ? '<' : '<='} ${issue.maximum}`
    case 'invalid_value':
      return 'must be equal to one of the allowed values'
    case 'invalid_format':
      return issue.format === 'datetime' ? 'must match format "iso-date-time"' : `must match format "${issue.format}"`
    case 'invalid_union': {
      // A nested oneOf: the first error of each branch (paths relative to the union), then its line.
      const base = at(input, issue.path)
      const lines = issue.errors.map((branch) => first(branch, base)).filter(Boolean)
      return [...lines, 'must match exactly one schema in oneOf'].join('\n')
    }
    default:
      return issue.message
  }
}

/** Turn a URL's search params into the object `qs` would give: repeated keys and `a[]` become arrays. */
export function parseQueryString(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null)
  for (const [rawKey, value] of params) {
    const isArray = rawKey.endsWith('[]')
    const key = isArray ? rawKey.slice(0, -2) : rawKey
    const prev = out[key]
    if (prev === undefined) out[key] = isArray ? [value] : value
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/

/** Query-string field builders: strings arrive as text and are coerced like ajv does. */
export const q = {
  string: () => z.string(),
  nonEmpty: () => z.string().min(1),
  number: () => z.preprocess((v) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v), z.number()),
  integer: () => z.preprocess((v) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v), z.number().int()),
  boolean: () => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
  /** `string[]` that also accepts a single value (ajv's `coerceTypes: 'array'`). */
  stringArray: () => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string())),
  /** An ISO date-time string, as the server's `format: iso-date-time`. */
  isoDate: () => z.string().refine((v) => ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)), { message: 'must match format "iso-date-time"' }),
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/

/** Body field builders: ajv's `coerceTypes: true` turns numbers/booleans into strings and `null` into `""`. */
export const b = {
  string: () => z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? '' : v), z.string()),
  nonEmpty: () => z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? '' : v), z.string().min(1)),
  boolean: () => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
}
