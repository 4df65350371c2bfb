import { z } from 'zod'
import { date } from './common.js'

export const loginToken = z.object({ hashedToken: z.string(), when: date })

/** A user as Rocket.Chat stores it; `services` never leaves the mock except as the server would. */
export const userSchema = z.looseObject({
  _id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  type: z.string().default('user'),
  active: z.boolean().default(true),
  roles: z.array(z.string()),
  status: z.enum(['online', 'away', 'busy', 'offline']).default('offline'),
  statusText: z.string().optional(),
  statusConnection: z.string().optional(),
  utcOffset: z.number().default(0),
  language: z.string().optional(),
  emails: z.array(z.object({ address: z.string(), verified: z.boolean() })).default([]),
  bio: z.string().optional(),
  nickname: z.string().optional(),
  avatarETag: z.string().optional(),
  createdAt: date,
  _updatedAt: date,
  lastLogin: date.optional(),
  services: z
    .object({
      password: z.object({ sha256: z.string() }).optional(),
      resume: z.object({ loginTokens: z.array(loginToken) }).default({ loginTokens: [] }),
    })
    .default({ resume: { loginTokens: [] } }),
  settings: z.object({ preferences: z.record(z.string(), z.unknown()) }).optional(),
})
export type User = z.infer<typeof userSchema>
