import { z } from 'zod'

/** `{_id, username, name?}`: how messages and rooms refer to a user. */
export const userRef = z.object({ _id: z.string(), username: z.string(), name: z.string().optional() })

export const date = z.date()
