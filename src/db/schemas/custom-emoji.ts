import { z } from 'zod'
import { date } from './common.js'

/** A workspace's own emoji (`rocketchat_custom_emoji`), listed by `emoji-custom.list`. */
export const customEmojiSchema = z.looseObject({
  _id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  extension: z.string(),
  etag: z.string().optional(),
  _updatedAt: date,
})
export type CustomEmoji = z.infer<typeof customEmojiSchema>
