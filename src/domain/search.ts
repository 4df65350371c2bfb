import { clientRegex, type ClientRegex } from '../client-regex.js'
import type { Core } from '../core.js'
import type { Message, Room, User } from '../db/index.js'

/**
 * `chat.search`'s language (the server's `messageSearch`): operators consumed left to right, then
 * a regex or a MongoDB-style text search with its stemming and score. Pure: no writes.
 */

type Predicate = (m: Message) => boolean

export interface TextSearch {
  /** Stemmed terms that count for matching and score. */
  terms: string[]
  /** Quoted phrases every match must contain (case-insensitive). */
  phrases: string[]
  /** Stemmed terms no match may contain. */
  negated: string[]
}

export interface ParsedSearch {
  predicates: Predicate[]
  sortDirection: 1 | -1
  regex?: ClientRegex
  text?: TextSearch
}

const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by can
  could did do does doing down during each few for from further had has have having he her here hers herself him himself his how
  i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
  over own same she should so some such than that the their theirs them themselves then there these they this those through to
  too under until up very was we were what when where which while who whom why will with would you your yours yourself
  yourselves`.split(/\s+/),
)

/** A light English stemmer, enough to make `tests`, `tested` and `testing` meet `test`. */
export function stem(word: string): string {
  let w = word
  if (w.length <= 3) return w
  if (w.endsWith("'s")) w = w.slice(0, -2)
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (/(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2)
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1)
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length)
      if (suffix !== 'ly' && /([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1)
      break
    }
  }
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1)
  return w
}

/** The words of a text as a Mongo English text index sees them: lowercased, stop words out, stemmed. */
export function tokens(text: string): string[] {
  const out: string[] = []
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!STOP_WORDS.has(match[0])) out.push(stem(match[0]))
  }
  return out
}

export function parseTextSearch(text: string): TextSearch {
  const terms: string[] = []
  const phrases: string[] = []
  const negated: string[] = []
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (match[1] !== undefined) {
      if (match[1].trim()) phrases.push(match[1].toLowerCase())
      terms.push(...tokens(match[1]))
    } else if (match[2]!.startsWith('-')) negated.push(...tokens(match[2]!.slice(1)))
    else terms.push(...tokens(match[2]!))
  }
  return { terms: [...new Set(terms)], phrases, negated }
}

/**
 * MongoDB's text score for one document: per stemmed term, a frequency that halves with each
 * repetition, weighted by the term's share of the field, +10% when the term is the whole field.
 */
export function textScore(msg: string, search: TextSearch): number | undefined {
  const words = tokens(msg)
  if (words.length === 0) return undefined
  if (search.negated.some((t) => words.includes(t))) return undefined
  const lower = msg.toLowerCase()
  if (search.phrases.some((p) => !lower.includes(p))) return undefined
  let score = 0
  let matched = false
  for (const term of search.terms) {
    let count = 0
    let freq = 0
    let exp = 0
    for (const w of words) {
      if (w !== term) continue
      exp = exp ? exp * 2 : 1
      count += 1
      freq += 1 / exp
    }
    if (count === 0) continue
    matched = true
    const coeff = (0.5 * count) / words.length + 0.5
    const adjustment = msg.trim().toLowerCase() === term ? 1.1 : 1
    score += freq * coeff * adjustment
  }
  return matched ? score : undefined
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function compileRegex(pattern: string, flags: string): ClientRegex {
  // Mongo's `x` (extended) ignores whitespace in the pattern.
  return clientRegex(flags.includes('x') ? pattern.replace(/\s+/g, '') : pattern, flags)
}

const CJK = /[\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/

/** A `d-m-yyyy` date (`/`, `.` or `-`) at midnight UTC, shifted by the caller's `utcOffset` as the server does. */
function searchDate(day: string, month: string, year: string, utcOffset: number, plusDays = 0): number {
  return Date.UTC(Number(year), Number(month) - 1, Number(day) + plusDays) + utcOffset * 3_600_000
}

/**
 * The server's search language, consumed left to right: `from:` (`me` = the caller), `mention:`,
 * `has:star`, `has:url`/`has:link`, `is:pinned`/`has:pin`, `has:location`/`has:map`, `label:`,
 * `file-desc:`, `file-title:`, `before:`/`after:`/`on:` (`d-m-yyyy`), `order:`/`sort:`, then the
 * rest: `/regex/flags`, a case-insensitive regex (`Message_AlwaysSearchRegExp` or CJK text), or a
 * MongoDB-style text search (words, stems, `"phrases"`, `-negations`; results carry `score`).
 */
export function parseSearch(core: Core, user: User, searchText: string): ParsedSearch | undefined {
  const predicates: Predicate[] = []
  let sortDirection: 1 | -1 = -1
  let text = searchText

  const from: string[] = []
  text = text.replace(/from:([a-z0-9.\-_]+)/gi, (_, name: string) => {
    from.push(name === 'me' && !from.includes(user.username) ? user.username : name)
    return ''
  })
  if (from.length > 0) {
    const re = new RegExp(from.join('|'), 'i')
    predicates.push((m) => re.test(m.u.username))
  }
  const mentions: string[] = []
  text = text.replace(/mention:([a-z0-9.\-_]+)/gi, (_, name: string) => {
    mentions.push(name)
    return ''
  })
  if (mentions.length > 0) {
    const re = new RegExp(mentions.join('|'), 'i')
    predicates.push((m) => (m.mentions ?? []).some((x) => typeof x.username === 'string' && re.test(x.username)))
  }
  const consume = (re: RegExp): boolean => {
    let hit = false
    text = text.replace(re, () => {
      hit = true
      return ''
    })
    return hit
  }
  if (consume(/has:star/g)) predicates.push((m) => (m.starred ?? []).some((s) => s._id === user._id))
  if (consume(/has:url|has:link/g)) predicates.push((m) => (m.urls ?? []).length > 0)
  if (consume(/is:pinned|has:pin/g)) predicates.push((m) => m.pinned === true)
  if (consume(/has:location|has:map/g)) predicates.push((m) => (m as Record<string, unknown>).location !== undefined)

  const attachmentFilter = (operator: string, test: (a: Record<string, unknown>, re: RegExp, index: number) => boolean) => {
    let re: RegExp | undefined
    const pattern = new RegExp(`${operator}:*"([^"]+)"|${operator}:"?([^\\s"]+[^"]?)"?`, 'gu')
    text = text.replace(pattern, (_match, quoted: string | undefined, unquoted: string | undefined) => {
      const tag = (quoted ?? unquoted)?.trim()
      if (tag) re = new RegExp(escapeRegExp(tag), 'i')
      return ''
    })
    if (re) {
      const r = re
      predicates.push((m) => ((m.attachments ?? []) as Array<Record<string, unknown>>).some((a, i) => test(a, r, i)))
    }
  }
  attachmentFilter('label', (a, re, i) => i === 0 && Array.isArray(a.labels) && a.labels.some((l) => typeof l === 'string' && re.test(l)))
  attachmentFilter('file-desc', (a, re) => typeof a.description === 'string' && re.test(a.description))
  attachmentFilter('file-title', (a, re) => typeof a.title === 'string' && re.test(a.title))

  const offset = user.utcOffset ?? 0
  let tsMin = -Infinity
  let tsMinInclusive = true
  let tsMax = Infinity
  let tsMaxInclusive = true
  let dated = false
  text = text.replace(/before:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/g, (_, d: string, m: string, y: string) => {
    dated = true
    tsMax = searchDate(d, m, y, offset)
    tsMaxInclusive = true
    return ''
  })
  text = text.replace(/after:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/g, (_, d: string, m: string, y: string) => {
    dated = true
    tsMin = searchDate(d, m, y, offset, 1)
    tsMinInclusive = true
    return ''
  })
  text = text.replace(/on:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/g, (_, d: string, m: string, y: string) => {
    dated = true
    tsMin = searchDate(d, m, y, offset)
    tsMinInclusive = true
    tsMax = searchDate(d, m, y, offset, 1)
    tsMaxInclusive = false
    return ''
  })
  if (dated) {
    const [min, minIn, max, maxIn] = [tsMin, tsMinInclusive, tsMax, tsMaxInclusive]
    predicates.push((m) => {
      const ts = m.ts.getTime()
      return (minIn ? ts >= min : ts > min) && (maxIn ? ts <= max : ts < max)
    })
  }
  text = text.replace(/(?:order|sort):(asc|ascend|ascending|desc|descend|descending)/g, (_, direction: string) => {
    sortDirection = direction.startsWith('asc') ? 1 : -1
    return ''
  })

  text = text.trim().replace(/\s\s+/g, ' ')
  const parsed: ParsedSearch = { predicates, sortDirection }
  if (text !== '') {
    const literal = /^\/(.+)\/([imxs]*)$/.exec(text)
    if (literal) parsed.regex = compileRegex(literal[1]!, literal[2]!)
    else if (core.setting('Message_AlwaysSearchRegExp') || CJK.test(searchText)) parsed.regex = compileRegex(text, 'i')
    else parsed.text = parseTextSearch(text)
  }
  if (predicates.length === 0 && !parsed.regex && !parsed.text) return undefined
  return parsed
}

/**
 * Run a parsed search over a room: never `rm` placeholders or hidden copies, every predicate,
 * then the regex or the text search (which scores each match). Oldest first unless the search
 * asked for descending order (the default). Returns the matches and their scores.
 */
export function searchRoom(core: Core, room: Room, parsed: ParsedSearch): { matches: Message[]; scores: Map<Message, number> } {
  const scores = new Map<Message, number>()
  const matches = core.db.messages.sorted('room', room._id).filter((m) => {
    if (m.t === 'rm' || m._hidden) return false
    if (!parsed.predicates.every((test) => test(m))) return false
    if (parsed.regex) return parsed.regex.test(m.msg)
    if (parsed.text) {
      const score = textScore(m.msg, parsed.text)
      if (score === undefined) return false
      scores.set(m, score)
    }
    return true
  })
  if (parsed.sortDirection === -1) matches.reverse()
  return { matches, scores }
}
