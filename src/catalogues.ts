/**
 * Fixed server data the start-up endpoints list: the default roles (`roles.list`) and the built-in
 * slash commands (`commands.list`), as a fresh Rocket.Chat server registers them.
 */
export const DEFAULT_ROLES = [
  { _id: 'admin', name: 'admin', scope: 'Users', description: 'Admin', protected: true, mandatory2fa: false },
  { _id: 'moderator', name: 'moderator', scope: 'Subscriptions', description: 'Moderator', protected: true, mandatory2fa: false },
  { _id: 'leader', name: 'leader', scope: 'Subscriptions', description: 'Leader', protected: true, mandatory2fa: false },
  { _id: 'owner', name: 'owner', scope: 'Subscriptions', description: 'Owner', protected: true, mandatory2fa: false },
  { _id: 'user', name: 'user', scope: 'Users', description: '', protected: true, mandatory2fa: false },
  { _id: 'bot', name: 'bot', scope: 'Users', description: '', protected: true, mandatory2fa: false },
  { _id: 'app', name: 'app', scope: 'Users', description: '', protected: true, mandatory2fa: false },
  { _id: 'guest', name: 'guest', scope: 'Users', description: '', protected: true, mandatory2fa: false },
  { _id: 'anonymous', name: 'anonymous', scope: 'Users', description: '', protected: true, mandatory2fa: false },
  { _id: 'livechat-agent', name: 'livechat-agent', scope: 'Users', description: 'Livechat Agent', protected: true, mandatory2fa: false },
  { _id: 'livechat-manager', name: 'livechat-manager', scope: 'Users', description: 'Livechat Manager', protected: true, mandatory2fa: false },
] as const

export interface SlashCommand {
  command: string
  params: string
  description: string
  clientOnly: boolean
  permission?: string | string[]
  providesPreview: boolean
}

/** The built-in commands, in the order the server registers them (descriptions are i18n keys). */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { command: 'archive', params: '#channel', description: 'Archive', clientOnly: false, permission: 'archive-room', providesPreview: false },
  {
    command: 'create',
    params: '#channel',
    description: 'Create_A_New_Channel',
    clientOnly: false,
    permission: ['create-c', 'create-p'],
    providesPreview: false,
  },
  { command: 'gimme', params: 'your_message_optional', description: 'Slash_Gimme_Description', clientOnly: false, providesPreview: false },
  { command: 'help', params: '', description: 'Show_the_keyboard_shortcut_list', clientOnly: false, providesPreview: false },
  { command: 'hide', params: '#room', description: 'Hide_room', clientOnly: false, permission: 'view-joined-room', providesPreview: false },
  {
    command: 'invite',
    params: '@username',
    description: 'Invite_user_to_join_channel',
    clientOnly: false,
    permission: 'add-user-to-joined-room',
    providesPreview: false,
  },
  {
    command: 'invite-all-from',
    params: '#room',
    description: 'Invite_user_to_join_channel_all_from',
    clientOnly: false,
    permission: 'add-user-to-joined-room',
    providesPreview: false,
  },
  {
    command: 'invite-all-to',
    params: '#room',
    description: 'Invite_user_to_join_channel_all_to',
    clientOnly: false,
    permission: 'add-user-to-joined-room',
    providesPreview: false,
  },
  { command: 'join', params: '#channel', description: 'Join_the_given_channel', clientOnly: false, permission: 'view-c-room', providesPreview: false },
  { command: 'kick', params: '@username', description: 'Remove_someone_from_room', clientOnly: false, permission: 'remove-user', providesPreview: false },
  { command: 'leave', params: '', description: 'Leave_the_current_channel', clientOnly: false, permission: ['leave-c', 'leave-p'], providesPreview: false },
  { command: 'part', params: '', description: 'Leave_the_current_channel', clientOnly: false, permission: ['leave-c', 'leave-p'], providesPreview: false },
  { command: 'lennyface', params: 'your_message_optional', description: 'Slash_LennyFace_Description', clientOnly: false, providesPreview: false },
  { command: 'me', params: 'your_message', description: 'Displays_action_text', clientOnly: false, providesPreview: false },
  { command: 'msg', params: '@username <message>', description: 'Direct_message_someone', clientOnly: false, permission: 'create-d', providesPreview: false },
  { command: 'mute', params: '@username', description: 'Mute_someone_in_room', clientOnly: false, permission: 'mute-user', providesPreview: false },
  { command: 'unmute', params: '@username', description: 'Unmute_someone_in_room', clientOnly: false, permission: 'mute-user', providesPreview: false },
  { command: 'shrug', params: 'your_message_optional', description: 'Slash_Shrug_Description', clientOnly: false, providesPreview: false },
  { command: 'status', params: 'Slash_Status_Params', description: 'Slash_Status_Description', clientOnly: false, providesPreview: false },
  { command: 'tableflip', params: 'your_message_optional', description: 'Slash_Tableflip_Description', clientOnly: false, providesPreview: false },
  { command: 'unflip', params: 'your_message_optional', description: 'Slash_TableUnflip_Description', clientOnly: false, providesPreview: false },
  {
    command: 'topic',
    params: 'Slash_Topic_Params',
    description: 'Slash_Topic_Description',
    clientOnly: false,
    permission: 'edit-room',
    providesPreview: false,
  },
  { command: 'unarchive', params: '#channel', description: 'Unarchive', clientOnly: false, permission: 'unarchive-room', providesPreview: false },
]
