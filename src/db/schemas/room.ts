import { z } from 'zod'
import { date } from './common.js'

/** A room (`c` channel, `p` private group, `d` direct message), with the counters sync relies on. */
export const roomSchema = z.looseObject({
  _id: z.string(),
  t: z.enum(['c', 'p', 'd']),
  name: z.string().optional(),
  fname: z.string().optional(),
  u: z.object({ _id: z.string(), username: z.string(), name: z.string().optional() }).optional(),
  ts: date,
  _updatedAt: date,
  msgs: z.number().default(0),
  usersCount: z.number().default(0),
  lm: date.optional(),
  /** The room's last visible message; the message record itself, so edits and reactions show. */
  lastMessage: z.any().optional(),
  topic: z.string().optional(),
  description: z.string().optional(),
  announcement: z.string().optional(),
  ro: z.boolean().optional(),
  sysMes: z.boolean().optional(),
  default: z.boolean().optional(),
  archived: z.boolean().optional(),
  /** DMs: member ids (sorted) and usernames. */
  uids: z.array(z.string()).optional(),
  usernames: z.array(z.string()).optional(),
  muted: z.array(z.string()).optional(),
  unmuted: z.array(z.string()).optional(),
  /** Discussions: the parent room and message. */
  prid: z.string().optional(),
  encrypted: z.boolean().optional(),
  reactWhenReadOnly: z.boolean().optional(),
  /** Read-only room whose member list is restricted (`view-broadcast-member-list`). */
  broadcast: z.boolean().optional(),
  /** `channels.join` asks for it when set (`joinCodeRequired`). */
  joinCodeRequired: z.boolean().optional(),
  joinCode: z.string().optional(),
})
export type Room = z.infer<typeof roomSchema>
