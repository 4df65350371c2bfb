import { z } from 'zod'
import { date } from './common.js'

/** An uploaded file (`rocketchat_uploads`), listed by `dm.files`. */
export const uploadSchema = z.looseObject({
  _id: z.string(),
  rid: z.string(),
  userId: z.string(),
  name: z.string(),
  type: z.string(),
  typeGroup: z.string().optional(),
  size: z.number(),
  store: z.string().default('GridFS:Uploads'),
  complete: z.boolean().default(true),
  uploading: z.boolean().default(false),
  extension: z.string().optional(),
  description: z.string().optional(),
  path: z.string().optional(),
  url: z.string().optional(),
  uploadedAt: date,
  _updatedAt: date,
  expiresAt: date.optional(),
})
export type Upload = z.infer<typeof uploadSchema>
