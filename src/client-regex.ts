import { RE2JS } from 're2js'
import { errors } from './errors.js'

/** A compiled client pattern: only `test`, the one thing the endpoints need. */
export interface ClientRegex {
  test(text: string): boolean
}

/**
 * A regular expression a client sent (`chat.search`'s `/re/flags`, `dm.files`' `name`), run by
 * RE2 in linear time. JavaScript's backtracking engine would let one request freeze the mock for
 * every client (`/(a+)+$/`), which the real server's database does not. Flags: `i`, `m`, `s`
 * (Mongo's `x` is handled by the caller; others are ignored). Lookarounds and backreferences are
 * not supported and, like any pattern that does not compile, answer the server's plain 400
 * `Regular expression is invalid: …`.
 */
export function clientRegex(pattern: string, flags = ''): ClientRegex {
  let options = 0
  if (flags.includes('i')) options |= RE2JS.CASE_INSENSITIVE
  if (flags.includes('m')) options |= RE2JS.MULTILINE
  if (flags.includes('s')) options |= RE2JS.DOTALL
  try {
    const re = RE2JS.compile(pattern, options)
    return { test: (text) => re.test(text) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw errors.invalidSearchRegex(message.replace(/^error parsing regexp: /, ''))
  }
}
