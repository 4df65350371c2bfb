import { z } from 'zod'
import type { Core } from '../core.js'
import type { User } from '../db/index.js'
import { touchSubscription } from './rooms.js'

/**
 * `users.setPreferences`' `data`: the keys the server's schema lists, each with its type; any
 * other key is refused (`additionalProperties: false`).
 */
export const preferencesSchema = z.strictObject({
  language: z.string().optional(),
  newRoomNotification: z.string().optional(),
  newMessageNotification: z.string().optional(),
  clockMode: z.number().optional(),
  useEmojis: z.boolean().optional(),
  convertAsciiEmoji: z.boolean().optional(),
  saveMobileBandwidth: z.boolean().optional(),
  collapseMediaByDefault: z.boolean().optional(),
  autoImageLoad: z.boolean().optional(),
  emailNotificationMode: z.string().optional(),
  unreadAlert: z.boolean().optional(),
  notificationsSoundVolume: z.number().optional(),
  masterVolume: z.number().optional(),
  voipRingerVolume: z.number().optional(),
  desktopNotifications: z.string().optional(),
  pushNotifications: z.string().optional(),
  enableAutoAway: z.boolean().optional(),
  highlights: z.array(z.string()).optional(),
  desktopNotificationRequireInteraction: z.boolean().optional(),
  hideUsernames: z.boolean().optional(),
  hideRoles: z.boolean().optional(),
  displayAvatars: z.boolean().optional(),
  hideFlexTab: z.boolean().optional(),
  sendOnEnter: z.string().optional(),
  idleTimeLimit: z.number().optional(),
  sidebarShowFavorites: z.boolean().optional(),
  sidebarShowUnread: z.boolean().optional(),
  sidebarSortby: z.string().optional(),
  sidebarViewMode: z.string().optional(),
  sidebarDisplayAvatar: z.boolean().optional(),
  sidebarGroupByType: z.boolean().optional(),
  muteFocusedConversations: z.boolean().optional(),
  dontAskAgainList: z.array(z.strictObject({ action: z.string(), label: z.string() })).optional(),
  themeAppearence: z.string().optional(),
  fontSize: z.string().optional(),
  receiveLoginDetectionEmail: z.boolean().optional(),
  notifyCalendarEvents: z.boolean().optional(),
  enableMobileRinging: z.boolean().optional(),
  mentionsWithSymbol: z.boolean().optional(),
  omnichannelTranscriptEmail: z.boolean().optional(),
  omnichannelTranscriptPDF: z.boolean().optional(),
  omnichannelHideConversationAfterClosing: z.boolean().optional(),
  featuresPreview: z.array(z.strictObject({ name: z.string(), value: z.boolean() })).optional(),
})
export type Preferences = z.infer<typeof preferencesSchema>

/** Preference → the subscription fields it is the default of (`<field>`, `<origin>`). */
const NOTIFICATION_DEFAULTS = [
  ['desktopNotifications', 'desktopNotifications', 'desktopPrefOrigin'],
  ['pushNotifications', 'mobilePushNotifications', 'mobilePrefOrigin'],
  ['emailNotificationMode', 'emailNotifications', 'emailPrefOrigin'],
] as const

/**
 * `saveUserPreferences`: merge into `settings.preferences`; `language` also becomes the user's
 * `language` (what `/me` reports and translations default to). A changed notification default
 * reaches every subscription that has not been set per room (`<x>PrefOrigin` ≠ `subscription`):
 * `default` clears it there, any other value is written with origin `user`.
 */
export function savePreferences(core: Core, user: User, data: Preferences): User {
  const before = user.settings?.preferences ?? {}
  const defined = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined))
  core.db.users.patch(user, (u) => {
    u.settings = { preferences: { ...before, ...defined } }
    if (typeof data.language === 'string') u.language = data.language
    u._updatedAt = core.now()
  })
  for (const [preference, field, origin] of NOTIFICATION_DEFAULTS) {
    const value = data[preference]
    if (value === undefined || value === before[preference]) continue
    for (const sub of core.db.subscriptions.sorted('user', user._id).slice()) {
      const record = sub as Record<string, unknown>
      if (record[origin] === 'subscription') continue
      touchSubscription(core, sub, (s) => {
        const target = s as Record<string, unknown>
        if (value === 'default') {
          delete target[field]
          delete target[origin]
        } else {
          target[field] = value
          target[origin] = 'user'
        }
      })
    }
  }
  return user
}

/**
 * `getSubscriptionAutotranslateDefaultConfig`: with `AutoTranslate_AutoEnableOnJoinRoom`, a user
 * whose preferred `language` is set and differs from the workspace's `Language` gets new
 * subscriptions with auto-translate on, into that language.
 */
export function autoTranslateDefaults(core: Core, user: User): { autoTranslate: true; autoTranslateLanguage: string } | undefined {
  if (!core.setting('AutoTranslate_AutoEnableOnJoinRoom')) return undefined
  const language = user.settings?.preferences?.language
  if (typeof language !== 'string' || !language || language === 'default' || language === core.setting('Language')) return undefined
  return { autoTranslate: true, autoTranslateLanguage: language }
}
