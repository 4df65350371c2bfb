import { z } from 'zod'
import { date } from './common.js'

/** One user having read one message (Enterprise read receipts, `rocketchat_message_read_receipt`). */
export const readReceiptSchema = z.looseObject({
  _id: z.string(),
  roomId: z.string(),
  messageId: z.string(),
  userId: z.string(),
  ts: date,
  t: z.string().optional(),
  pinned: z.boolean().optional(),
  drid: z.string().optional(),
  tmid: z.string().optional(),
})
export type ReadReceipt = z.infer<typeof readReceiptSchema>
