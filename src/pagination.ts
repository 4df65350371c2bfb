import { z } from 'zod'
import type { Core } from './core.js'
import { parseJsonQuery, parseSort, type JsonQuery, type Sort } from './query.js'
import { q } from './validation.js'

export interface Page {
  offset: number
  /** Items to return; `Infinity` when `count=0` and infinite counts are allowed. */
  count: number
}

/** `getPaginationItems`: offset (default 0), count (default 50, capped at 100, 0 = all). */
export function pagination(core: Core, params: { offset?: number | undefined; count?: number | undefined }): Page {
  const defaultCount = positive(core.setting('API_Default_Count'), 50)
  const upper = positive(core.setting('API_Upper_Count_Limit'), 100)
  const offset = params.offset !== undefined && Number.isFinite(params.offset) ? Math.max(0, Math.trunc(params.offset)) : 0
  let count = params.count === undefined || !Number.isFinite(params.count) ? defaultCount : Math.trunc(params.count)
  if (count > upper) count = upper
  if (count === 0) count = core.setting('API_Allow_Infinite_Count') ? Infinity : defaultCount
  if (count < 0) count = defaultCount
  return { offset, count }
}

function positive(value: number, fallback: number): number {
  return value > 0 ? value : fallback
}

/** Take one page of a list and report it the server's way. */
export function paginate<T>(items: readonly T[], page: Page): { items: T[]; count: number; offset: number; total: number } {
  const slice = items.slice(page.offset, page.count === Infinity ? undefined : page.offset + page.count)
  return { items: slice, count: slice.length, offset: page.offset, total: items.length }
}

// ---- declaring and reading list parameters ---------------------------------------------------

/**
 * `count`/`offset` as the server's query schemas declare them, in one place: `number` (its
 * `PaginatedRequest` and most chat.* schemas), `integer` (the history and DM list schemas), and
 * `loose` for routes with no query schema at all (read with `parseInt`, anything unreadable ignored).
 */
const looseInt = z
  .unknown()
  .transform((v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseInt(v, 10) : Number.NaN
    return Number.isFinite(n) ? n : undefined
  })
  .optional()
const looseText = z
  .unknown()
  .transform((v) => (v === undefined ? undefined : String(v)))
  .optional()

export const pageQuery = {
  number: { count: q.number().optional(), offset: q.number().optional() },
  integer: { count: q.integer().optional(), offset: q.integer().optional() },
  loose: { count: looseInt, offset: looseInt },
} as const

/** `sort` (JSON text, parsed by `listParams`). */
export const sortQuery = { sort: z.string().optional() } as const
/** A schema-less route's `sort`/`fields`/`query`, and any other text parameter, as text. */
export const looseQueryText = looseText

export interface ListParams {
  page: Page
  sort: Sort | undefined
  json: JsonQuery
}

/**
 * Every list endpoint's parameters, read the server's way and in its order: `getPaginationItems`,
 * then `parseJsonQuery` (`sort`, then `fields`/`query`). Bad JSON throws the server's errors.
 */
export function listParams(
  core: Core,
  raw: { count?: number | undefined; offset?: number | undefined; sort?: string | undefined; query?: string | undefined; fields?: string | undefined },
): ListParams {
  const page = pagination(core, raw)
  const sort = parseSort(raw.sort)
  const json = parseJsonQuery(core, raw)
  return { page, sort, json }
}
