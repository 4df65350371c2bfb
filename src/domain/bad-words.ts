import { Filter } from 'bad-words'
import type { Core } from '../core.js'

/**
 * `Message_AllowBadWordsFilter`: the server runs the `bad-words` library over every sent or edited
 * text before it is parsed (so `md` shows the censored text too): the library's own list plus
 * `Message_BadWordsFilterList`, minus `Message_BadWordsWhitelist`, each letter replaced by `*`.
 */
const filters = new Map<string, Filter>()

export function censor(core: Core, text: string): string {
  if (!text || !core.setting('Message_AllowBadWordsFilter')) return text
  const list = core.setting('Message_BadWordsFilterList')
  const allowed = core.setting('Message_BadWordsWhitelist')
  const key = `${list}\u0000${allowed}`
  let filter = filters.get(key)
  if (!filter) {
    filter = new Filter({ list: words(list) })
    const exceptions = words(allowed)
    if (exceptions.length > 0) filter.removeWords(...exceptions)
    // A handful of distinct settings at most; keep the cache from growing with odd values.
    if (filters.size > 16) filters.clear()
    filters.set(key, filter)
  }
  try {
    return filter.clean(text)
  } catch {
    // The server keeps the text when the library throws.
    return text
  }
}

function words(list: string): string[] {
  return list
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean)
}
