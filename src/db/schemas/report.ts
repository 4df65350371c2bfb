import { z } from 'zod'
import { date } from './common.js'

/** A moderation report from `chat.reportMessage` (`rocketchat_moderation_reports`). */
export const reportSchema = z.looseObject({
  _id: z.string(),
  message: z.record(z.string(), z.unknown()),
  description: z.string(),
  reportedBy: z.object({ _id: z.string(), username: z.string(), name: z.string().optional(), createdAt: date }),
  room: z.looseObject({ _id: z.string(), t: z.string(), name: z.string().optional(), fname: z.string().optional() }),
  ts: date,
  _updatedAt: date,
})
export type Report = z.infer<typeof reportSchema>
