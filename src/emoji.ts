import joypixels from 'emojibase-data/en/shortcodes/joypixels.json' with { type: 'json' }
import type { Core } from './core.js'

/**
 * The emoji names the server accepts for reactions: Rocket.Chat's standard set is JoyPixels
 * (formerly EmojiOne), names and aliases alike (`smile`, `+1`, `thumbsup`, `thumbsup_tone1`…).
 * Built once, on first use.
 */
let names: ReadonlySet<string> | undefined

function emojiNames(): ReadonlySet<string> {
  if (!names) {
    const set = new Set<string>()
    for (const value of Object.values(joypixels as Record<string, string | string[]>)) {
      if (Array.isArray(value)) for (const name of value) set.add(name)
      else set.add(value)
    }
    names = set
  }
  return names
}

/** `setReaction`'s normalisation: every `:` stripped, then wrapped (`smile`, `:smile:` → `:smile:`). */
export function normalizeEmoji(raw: string): string {
  return `:${raw.replace(/:/g, '')}:`
}

/** Whether `:name:` (or `name`) is a standard emoji the server knows. */
export function isKnownEmoji(emoji: string): boolean {
  return emojiNames().has(emoji.replace(/:/g, ''))
}

/** Whether `:name:` is one of the workspace's custom emoji, by name or alias (`setReaction` accepts both). */
export function isCustomEmoji(core: Core, emoji: string): boolean {
  const name = emoji.replace(/:/g, '')
  if (core.db.customEmoji.unique('name', name)) return true
  return core.db.customEmoji.all().some((e) => e.aliases.includes(name))
}
