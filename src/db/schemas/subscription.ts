import { z } from 'zod'
import { date } from './common.js'

/** A user's membership of a room: sidebar state, unread counters, room-scoped roles. */
export const subscriptionSchema = z.looseObject({
  _id: z.string(),
  rid: z.string(),
  u: z.object({ _id: z.string(), username: z.string(), name: z.string().optional() }),
  t: z.enum(['c', 'p', 'd']),
  name: z.string(),
  fname: z.string().optional(),
  ts: date,
  _updatedAt: date,
  open: z.boolean(),
  alert: z.boolean(),
  unread: z.number(),
  userMentions: z.number(),
  groupMentions: z.number(),
  ls: date.optional(),
  lr: date.optional(),
  roles: z.array(z.string()).optional(),
  tunread: z.array(z.string()).optional(),
  tunreadUser: z.array(z.string()).optional(),
  tunreadGroup: z.array(z.string()).optional(),
  f: z.boolean().optional(),
  ignored: z.array(z.string()).optional(),
  blocked: z.boolean().optional(),
  blocker: z.boolean().optional(),
  autoTranslate: z.boolean().optional(),
  autoTranslateLanguage: z.string().optional(),
  prid: z.string().optional(),
  archived: z.boolean().optional(),
})
export type Subscription = z.infer<typeof subscriptionSchema>
