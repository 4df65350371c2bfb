/**
 * Permission → roles, as a fresh Rocket.Chat server grants them (the subset the Messaging API
 * consults), plus the demo workspace's one change: `auto-translate` also for `user`.
 */
export const SERVER_PERMISSIONS: Record<string, string[]> = {
  'view-c-room': ['admin', 'user', 'bot', 'app', 'anonymous'],
  'view-p-room': ['admin', 'user', 'anonymous', 'guest'],
  'view-d-room': ['admin', 'user', 'bot', 'app', 'guest'],
  'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
  'view-room-administration': ['admin'],
  'view-full-other-user-info': ['admin'],
  'view-other-user-channels': ['admin'],
  'edit-message': ['admin', 'owner', 'moderator'],
  'delete-message': ['admin', 'owner', 'moderator'],
  'delete-own-message': ['admin', 'user'],
  'force-delete-message': ['admin', 'owner'],
  'bypass-time-limit-edit-and-delete': ['bot', 'app'],
  'pin-message': ['owner', 'moderator', 'admin'],
  'post-readonly': ['admin', 'owner', 'moderator'],
  'message-impersonate': ['bot', 'app'],
  'mention-all': ['admin', 'owner', 'moderator', 'user'],
  'mention-here': ['admin', 'owner', 'moderator', 'user'],
  'send-many-messages': ['admin', 'bot', 'app'],
  'create-d': ['admin', 'user', 'bot', 'app'],
  'delete-d': ['admin'],
  'edit-room': ['admin', 'owner', 'moderator'],
  'auto-translate': ['admin'],
  'api-bypass-rate-limit': ['admin', 'bot', 'app'],
  'view-statistics': ['admin'],
  // rooms lifecycle
  'create-c': ['admin', 'user', 'bot', 'app'],
  'create-p': ['admin', 'user', 'bot', 'app'],
  'leave-c': ['admin', 'user', 'bot', 'anonymous', 'app'],
  'leave-p': ['admin', 'user', 'bot', 'anonymous', 'app'],
  'add-user-to-joined-room': ['admin', 'owner', 'moderator'],
  'add-user-to-any-c-room': ['admin'],
  'add-user-to-any-p-room': [],
  'remove-user': ['admin', 'owner', 'moderator'],
  'kick-user-from-any-c-room': ['admin'],
  'kick-user-from-any-p-room': ['admin'],
  'archive-room': ['admin', 'owner'],
  'join-without-join-code': ['admin', 'bot', 'app'],
  'start-discussion': ['admin', 'user', 'guest', 'app', 'owner', 'moderator'],
  'start-discussion-other-user': ['admin', 'user', 'owner', 'moderator'],
  'view-outside-room': ['admin', 'owner', 'moderator', 'user'],
  'view-user-administration': ['admin'],
  'edit-other-user-info': ['admin'],
  'view-broadcast-member-list': ['admin', 'owner', 'moderator'],
}

export const WORKSPACE_PERMISSION_OVERRIDES: Record<string, string[]> = {
  'auto-translate': ['admin', 'user'],
}
