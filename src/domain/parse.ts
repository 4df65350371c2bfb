import { parse, type MarkdownAST as Root } from '@rocket.chat/message-parser'
import type { Core } from '../core.js'

/** What a message text yields before any database lookup. */
export interface ParsedText {
  md: Root | undefined
  mentions: string[]
  channels: string[]
  urls: string[]
}

const CACHE_LIMIT = 4096
/** The server skips `md` for texts over 30 000 characters. */
const MD_LIMIT = 30_000

/**
 * Parse a message text with Rocket.Chat's own parser and collect mention, channel and link nodes.
 * Results are memoised per mock (identical texts share one frozen AST): parsing costs ~65 µs.
 */
export function parseText(core: Core, text: string): ParsedText {
  const cached = core.parseCache.get(text) as ParsedText | undefined
  if (cached) return cached
  const result = compute(text)
  if (core.parseCache.size >= CACHE_LIMIT) core.parseCache.delete(core.parseCache.keys().next().value!)
  core.parseCache.set(text, result)
  return result
}

function compute(text: string): ParsedText {
  if (text === '' || text.length > MD_LIMIT) return Object.freeze({ md: undefined, mentions: [], channels: [], urls: [] })
  let md: Root | undefined
  try {
    md = parse(text)
  } catch {
    md = undefined
  }
  const mentions: string[] = []
  const channels: string[] = []
  const urls: string[] = []
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child)
      return
    }
    if (!node || typeof node !== 'object') return
    const n = node as { type?: string; value?: unknown }
    if (n.type === 'MENTION_USER') pushUnique(mentions, plain(n.value))
    else if (n.type === 'MENTION_CHANNEL') pushUnique(channels, plain(n.value))
    else if (n.type === 'LINK') pushUnique(urls, plain((n.value as { src?: unknown } | undefined)?.src))
    if (n.type !== 'INLINE_CODE' && n.type !== 'CODE') walk(n.value)
  }
  walk(md)
  return Object.freeze({ md: md && deepFreeze(md), mentions, channels, urls })
}

function plain(node: unknown): string {
  const value = (node as { value?: unknown } | undefined)?.value
  return typeof value === 'string' ? value : ''
}

function pushUnique(list: string[], value: string): void {
  if (value && !list.includes(value)) list.push(value)
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
