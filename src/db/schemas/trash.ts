import { z } from 'zod'
import { date } from './common.js'

/**
 * `rocketchat__trash`: a deleted document with all its fields, `_deletedAt` and the collection
 * it came from. Sync endpoints report deletions from here.
 */
export const trashSchema = z.looseObject({
  _id: z.string(),
  __collection__: z.enum(['message', 'rooms', 'subscriptions', 'custom_emoji']),
  _deletedAt: date,
  _updatedAt: date.optional(),
  rid: z.string().optional(),
})
export type TrashRecord = z.infer<typeof trashSchema>
