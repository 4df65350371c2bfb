/**
 * Workspace settings the mock honours, with the real server's defaults, and the "demo
 * workspace" overrides PRODUCT.md fixes (optional features switched on, as an admin would).
 */
export const SERVER_DEFAULTS = {
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
  // accounts
  Accounts_AllowAnonymousRead: false,
  Accounts_LoginExpiration: 90,
  // workspace
  Site_Url: 'http://localhost:3000',
  Site_Name: 'Rocket.Chat',
} satisfies Record<string, unknown>

export type SettingId = keyof typeof SERVER_DEFAULTS
export type SettingValues = { [K in SettingId]: (typeof SERVER_DEFAULTS)[K] }

/** What the default workspace switches on (PRODUCT.md, "The default scenario"). */
export const WORKSPACE_OVERRIDES: Partial<SettingValues> = {
  AutoTranslate_Enabled: true,
  Message_Read_Receipt_Enabled: true,
  API_Enable_Direct_Message_History_EndPoint: true,
}

/** Parse a `--setting KEY=VALUE` value: JSON when it parses (true, 5, "x", [..]), else the raw text. */
export function parseSettingValue(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}
