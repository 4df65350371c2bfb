import { z } from 'zod'
import { date, userRef } from './common.js'

const mention = z.looseObject({ _id: z.string(), username: z.string().optional(), name: z.string().optional(), type: z.string().optional() })
const channel = z.looseObject({ _id: z.string(), name: z.string().optional(), fname: z.string().optional() })
const url = z.looseObject({ url: z.string(), meta: z.record(z.string(), z.unknown()).optional(), ignoreParse: z.boolean().optional() })
const reaction = z.object({ usernames: z.array(z.string()), names: z.array(z.string()).optional() })

/**
 * A message as the server stores it. Clients may add their own keys through `chat.sendMessage`
 * (`e2e`, `content`, `blocks`…), so the object is loose. `md` is the message-parser AST, kept
 * as-is (it is shared between identical texts, never mutated).
 */
export const messageSchema = z.looseObject({
  _id: z.string(),
  rid: z.string(),
  msg: z.string(),
  ts: date,
  u: userRef,
  _updatedAt: date,
  t: z.string().optional(),
  md: z.array(z.any()).readonly().optional(),
  urls: z.array(url).optional(),
  mentions: z.array(mention).optional(),
  channels: z.array(channel).optional(),
  groupable: z.boolean().optional(),
  parseUrls: z.boolean().optional(),
  alias: z.string().optional(),
  emoji: z.string().optional(),
  avatar: z.string().optional(),
  attachments: z.array(z.record(z.string(), z.unknown())).optional(),
  // threads
  tmid: z.string().optional(),
  tshow: z.boolean().optional(),
  tcount: z.number().optional(),
  tlm: date.optional(),
  replies: z.array(z.string()).optional(),
  // edits
  editedAt: date.optional(),
  editedBy: z.object({ _id: z.string(), username: z.string() }).optional(),
  // actions
  reactions: z.record(z.string(), reaction).optional(),
  starred: z.array(z.object({ _id: z.string() })).optional(),
  pinned: z.boolean().optional(),
  pinnedAt: date.optional(),
  pinnedBy: z.object({ _id: z.string(), username: z.string() }).optional(),
  // discussions
  drid: z.string().optional(),
  dcount: z.number().optional(),
  dlm: date.optional(),
  // history & read receipts
  _hidden: z.boolean().optional(),
  parent: z.string().optional(),
  unread: z.boolean().optional(),
  translations: z.record(z.string(), z.string()).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
})
export type Message = z.infer<typeof messageSchema>
