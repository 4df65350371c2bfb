import type { Core } from '../src/core.js'

/**
 * A few custom emoji every scenario has. Fixed ids and no random draws, so adding them leaves
 * every other seeded id as it was.
 */
export const CUSTOM_EMOJI = [
  { _id: 'emoji-party-parrot', name: 'party_parrot', aliases: ['parrot'], extension: 'gif' },
  { _id: 'emoji-shipit', name: 'shipit', aliases: ['squirrel'], extension: 'png' },
  { _id: 'emoji-rocket-cat', name: 'rocket_cat', aliases: [], extension: 'png' },
  { _id: 'emoji-this-is-fine', name: 'this_is_fine', aliases: ['fine'], extension: 'jpeg' },
] as const

export function seedCustomEmoji(core: Core): void {
  const now = core.now()
  for (const emoji of CUSTOM_EMOJI) core.db.customEmoji.insert({ ...emoji, aliases: [...emoji.aliases], etag: `${emoji._id}-1`, _updatedAt: now })
}
