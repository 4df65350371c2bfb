import { z } from 'zod'
import { date } from './common.js'

/** A workspace setting (`Message_AllowEditing`, …). */
export const settingSchema = z.object({ _id: z.string(), value: z.unknown() })
export type Setting = z.infer<typeof settingSchema>

/** A permission and the roles that hold it (`pin-message` → owner, moderator, admin). */
export const permissionSchema = z.object({ _id: z.string(), roles: z.array(z.string()), _updatedAt: date.optional() })
export type Permission = z.infer<typeof permissionSchema>
