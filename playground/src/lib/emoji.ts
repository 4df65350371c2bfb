import shortcodes from 'emojibase-data/en/shortcodes/joypixels.json'

/**
 * Shortcodes (`:tada:`) to Unicode emoji, from emojibase's JoyPixels shortcodes (Rocket.Chat's
 * standard set): the hexcode of each entry is the emoji itself, so no emoji font or image set is
 * needed to show a reaction.
 */
let table: Map<string, string> | undefined

function build(): Map<string, string> {
  const map = new Map<string, string>()
  for (const [hex, names] of Object.entries(shortcodes as Record<string, string | string[]>)) {
    const glyph = String.fromCodePoint(...hex.split('-').map((h) => parseInt(h, 16)))
    for (const name of Array.isArray(names) ? names : [names]) if (!map.has(name)) map.set(name, glyph)
  }
  return map
}

export function emojiFor(shortcode: string): string | undefined {
  table ??= build()
  return table.get(shortcode.replace(/:/g, ''))
}

/** Replace every known `:name:` in a text with its emoji. */
export function emojify(text: string): string {
  return text.replace(/:([\w+-]+):/g, (whole, name: string) => emojiFor(name) ?? whole)
}

/** The reactions offered in the picker. */
export const QUICK_REACTIONS = [':thumbsup:', ':heart:', ':joy:', ':tada:', ':eyes:', ':rocket:', ':pray:', ':fire:']
