import { parse, type MarkdownAST as Root } from '@rocket.chat/message-parser'
import type { Core } from '../core.js'

/** What a message text yields before any database lookup. */
export interface ParsedText {
  /** The message-parser AST (typed loosely here so the public types do not need the bundled parser's). */
  md: readonly unknown[] | undefined
  mentions: string[]
  channels: string[]
  urls: string[]
}

/** The server skips `md` for texts over 30 000 characters. */
const MD_LIMIT = 30_000

/**
 * Rocket.Chat's parser is a PEG parser that backtracks: its time grows with the number of markup
 * characters it cannot close times the length of the text after them (29 999 × `*` took 56 s on
 * the server). A text whose markup count × length is over this budget is not given to the parser
 * whole (decisions/0006); at the budget the worst case measured stays at a few tens of ms
 * (`npm run bench -- --only parser`).
 */
export const PARSE_WORK_BUDGET = 200_000

/** Characters that open or close inline markup, links, emoji, quotes, code, KaTeX (measured). */
const MARKUP = /[*_~`[\]()<>:|$\\!#"%}]/g

const EMPTY: ParsedText = Object.freeze({ md: undefined, mentions: [], channels: [], urls: [] }) as ParsedText

/**
 * Parse a message text with Rocket.Chat's own parser and collect mention, channel and link nodes.
 * Results are memoised per mock (identical texts share one frozen AST): parsing costs ~65 µs.
 */
export function parseText(core: Core, text: string): ParsedText {
  const cached = core.parseCache.get(text)
  if (cached) return cached
  const result = compute(text)
  core.parseCache.set(text, result)
  return result
}

function compute(text: string): ParsedText {
  if (text === '' || text.length > MD_LIMIT) return EMPTY
  if (withinBudget(text)) return collect(parseSafely(text))
  return bounded(text)
}

function withinBudget(text: string): boolean {
  return markupCount(text) * text.length <= PARSE_WORK_BUDGET
}

function markupCount(text: string): number {
  MARKUP.lastIndex = 0
  let count = 0
  while (MARKUP.exec(text) !== null) count++
  return count
}

function parseSafely(text: string): Root | undefined {
  try {
    return parse(text)
  } catch {
    return undefined
  }
}

/**
 * A text over the budget: `md` is its lines as plain paragraphs (what the parser makes of markup
 * it cannot close), and mentions, channels and links come from parsing each whitespace-separated
 * word on its own (a word over the budget is plain text). The work is then linear in the length.
 */
function bounded(text: string): ParsedText {
  const md: Array<Record<string, unknown>> = []
  const lines = text.split('\n')
  lines.forEach((line, i) => {
    if (i > 0 && line === '') md.push({ type: 'LINE_BREAK' })
    else if (line !== '') md.push({ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: line }] })
  })
  const found = { mentions: [] as string[], channels: [] as string[], urls: [] as string[] }
  for (const word of text.split(/\s+/)) {
    if (word === '' || !/[@#:/]/.test(word) || !withinBudget(word)) continue
    const parsed = collect(parseSafely(word))
    for (const name of parsed.mentions) pushUnique(found.mentions, name)
    for (const name of parsed.channels) pushUnique(found.channels, name)
    for (const url of parsed.urls) pushUnique(found.urls, url)
  }
  return Object.freeze({ md: deepFreeze(md as unknown as Root), ...found })
}

function collect(md: Root | undefined): ParsedText {
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
