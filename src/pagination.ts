import type { Core } from './core.js'

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
