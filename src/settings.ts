import { CLIENT_SETTING_DEFAULTS } from './settings-client.js'

/**
 * Workspace settings the mock honours, with the real server's defaults, and the "demo
 * workspace" overrides PRODUCT.md fixes (optional features switched on, as an admin would).
 */
export const SERVER_DEFAULTS = {
  // What the clients read at start-up (settings.public); first, so a key set below wins.
  ...CLIENT_SETTING_DEFAULTS,
  // API
  API_Default_Count: 50,
  API_Upper_Count_Limit: 100,
  API_Allow_Infinite_Count: true,
  API_Enable_Rate_Limiter: false,
  API_Enable_Rate_Limiter_Limit_Calls_Default: 10,
  API_Enable_Rate_Limiter_Limit_Time_Default: 60000,
  API_Enable_Direct_Message_History_EndPoint: false,
  /** An environment variable on the real server; a setting here so it can be flipped per mock. */
  ALLOW_UNSAFE_QUERY_AND_FIELDS_API_PARAMS: false,
  API_Embed: true,
  // messages
  Message_MaxAllowedSize: 5000,
  Message_AllowEditing: true,
  Message_AllowEditing_BlockEditInMinutes: 0,
  Message_AllowDeleting: true,
  Message_AllowDeleting_BlockDeleteInMinutes: 0,
  Message_KeepHistory: false,
  Message_ShowDeletedStatus: false,
  Message_AllowPinning: true,
  Message_AllowStarring: true,
  Message_AlwaysSearchRegExp: false,
  Message_Read_Receipt_Enabled: false,
  Message_CustomFields_Enabled: false,
  /** A JSON schema (as text) `customFields` must match once custom fields are enabled. */
  Message_CustomFields: '',
  Message_AllowBadWordsFilter: false,
  /** Comma-separated words censored on top of the filter library's own list. */
  Message_BadWordsFilterList: '',
  Message_BadWordsWhitelist: '',
  Message_MaxAll: 0,
  Message_AllowDirectMessagesToYourself: true,
  DirectMesssage_maxUsers: 8,
  Threads_enabled: true,
  Discussion_enabled: true,
  Store_Last_Message: true,
  UI_Use_Real_Name: false,
  Unread_Count: 'user_and_group_mentions_only',
  Unread_Count_DM: 'all_messages',
  Hide_System_Messages: [] as string[],
  UTF8_User_Names_Validation: '[0-9a-zA-Z-_.]+',
  // auto-translate
  AutoTranslate_Enabled: false,
  AutoTranslate_ServiceProvider: 'google-translate',
  /** New subscriptions of users whose preferred language differs from `Language` translate into it. */
  AutoTranslate_AutoEnableOnJoinRoom: false,
  // file upload (rooms.media, /file-upload) and avatars
  FileUpload_Enabled: true,
  FileUpload_Enabled_Direct: true,
  /** Bytes; -1 = no limit. */
  FileUpload_MaxFileSize: 104857600,
  /** Comma-separated media types (`image/*` globs); empty = everything not blocked. */
  FileUpload_MediaTypeWhiteList: '',
  FileUpload_MediaTypeBlackList: 'image/svg+xml',
  FileUpload_ProtectFiles: true,
  FileUpload_Restrict_to_room_members: true,
  Message_Attachments_Thumbnails_Enabled: true,
  Message_Attachments_Thumbnails_Width: 480,
  Message_Attachments_Thumbnails_Height: 360,
  Accounts_AvatarCacheTime: 3600,
  Accounts_AvatarBlockUnauthenticatedAccess: false,
  UI_Use_Name_Avatar: false,
  // browser-facing server (the standalone server's CORS)
  API_Enable_CORS: false,
  API_CORS_Origin: '*',
  // accounts
  Accounts_AllowAnonymousRead: false,
  Accounts_LoginExpiration: 90,
  // workspace
  Site_Url: 'http://localhost:3000',
  Site_Name: 'Rocket.Chat',
  // rooms lifecycle (channels.*, groups.*, rooms.createDiscussion)
  UTF8_Channel_Names_Validation: '[0-9a-zA-Z-_.]+',
  UI_Allow_room_names_with_special_chars: false,
  Accounts_SystemBlockedUsernameList: 'administrator,system,user',
} satisfies Record<string, unknown>

export type SettingId = keyof typeof SERVER_DEFAULTS
export type SettingValues = { [K in SettingId]: (typeof SERVER_DEFAULTS)[K] }

/** What the default workspace switches on (PRODUCT.md, "The default scenario"). */
export const WORKSPACE_OVERRIDES: Partial<SettingValues> = {
  AutoTranslate_Enabled: true,
  Message_Read_Receipt_Enabled: true,
  API_Enable_Direct_Message_History_EndPoint: true,
  /** The mock is a dev server for browser clients on other origins. */
  API_Enable_CORS: true,
}

/** Parse a `--setting KEY=VALUE` value: JSON when it parses (true, 5, "x", [..]), else the raw text. */
export function parseSettingValue(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}
