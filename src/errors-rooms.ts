import { ApiError } from './errors.js'

/**
 * Exact strings of the rooms lifecycle (channels.*, groups.*, rooms.leave/favorite/createDiscussion,
 * subscriptions.getOne/unread, users.setPreferences) and the start-up endpoints. Kept apart from
 * `errors.ts` so each endpoint group owns its catalogue.
 */
export const roomErrors = {
  // names (getValidRoomName)
  invalidRoomName: (name: string) =>
    ApiError.meteor('error-invalid-room-name', `${escapeHtml(name)} is not a valid room name.`, {
      function: 'RocketChat.getValidRoomName',
      channel_name: escapeHtml(name),
    }),
  duplicateName: (name: string) =>
    ApiError.meteor('error-duplicate-channel-name', `A channel with name '${escapeHtml(name)}' exists`, {
      function: 'RocketChat.getValidRoomName',
      channel_name: escapeHtml(name),
    }),
  archivedDuplicateName: (name: string) =>
    ApiError.meteor('error-archived-duplicate-name', `There's an archived channel with name ${escapeHtml(name)}`, {
      function: 'RocketChat.getValidRoomName',
      channel_name: escapeHtml(name),
    }),
  invalidName: () => ApiError.meteor('error-invalid-name', 'Invalid name', { function: 'RocketChat.createRoom' }),

  // channels.create / groups.create
  channelNameRequired: () => ApiError.plain('Param "name" is required'),
  channelMembersNotArray: () => ApiError.plain('Param "members" must be an array if provided'),
  channelCustomFieldsNotObject: () => ApiError.plain('Param "customFields" must be an object if provided'),
  groupNameRequired: () => ApiError.plain('Body param "name" is required'),
  groupMembersNotArray: () => ApiError.plain('Body param "members" must be an array if provided'),
  groupCustomFieldsNotObject: () => ApiError.plain('Body param "customFields" must be an object if provided'),
  groupExtraDataNotObject: () => ApiError.plain('Body param "extraData" must be an object if provided'),
  invalidMembers: () => ApiError.meteor('error-invalid-members', 'members should be an array of usernames if provided for rooms other than direct messages'),

  // lookups
  channelNotFound: () => ApiError.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any channel'),
  groupNotFound: () => ApiError.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group'),
  channelArchived: (name: string | undefined) => ApiError.meteor('error-room-archived', `The channel, ${name}, is archived`),
  groupArchived: (name: string | undefined) => ApiError.meteor('error-room-archived', `The private group, ${name}, is archived`),
  roomParamMissing: () => ApiError.meteor('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required'),
  userParamMissing: () => ApiError.meteor('error-user-param-not-provided', 'The required "userId" or "username" param was not provided'),
  userParamNoMatch: () => ApiError.meteor('error-invalid-user', 'The required "userId" or "username" param provided does not match any users'),
  usersParamMissing: () => ApiError.meteor('error-users-params-not-provided', 'Please provide "userId" or "username" or "userIds" or "usernames" as param'),
  channelInviteEmpty: () => new ApiError(400, { success: false, error: 'invalid-user-invite-list', errorType: 'Cannot invite if no users are provided' }),
  groupInviteEmpty: () => ApiError.meteor('error-empty-invite-list', 'Cannot invite if no valid users are provided'),

  // membership (joinRoom, addUsersToRoom, removeUserFromRoom, leaveRoom)
  joinNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'joinRoom' }),
  invalidJoinCode: () => ApiError.meteor('error-code-invalid', 'Invalid Room Password', { method: 'joinRoom' }),
  inviteInvalidRoom: () => ApiError.meteor('error-invalid-room', 'Invalid room', { method: 'addUsersToRoom' }),
  inviteDirect: () => ApiError.meteor('error-cant-invite-for-direct-room', "Can't invite user to direct rooms", { method: 'addUsersToRoom' }),
  inviteNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'addUsersToRoom' }),
  inviteUserNotFound: () => ApiError.meteor('error-user-not-found', 'User not found', { method: 'addUsersToRoom' }),
  kickNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'removeUserFromRoom' }),
  kickRoomNotFound: () => ApiError.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group'),
  kickUserNotInRoom: () => ApiError.meteor('error-user-not-in-room', 'User is not in this room', { method: 'removeUserFromRoom' }),
  lastOwner: (method: 'leaveRoom' | 'removeUserFromRoom') =>
    ApiError.meteor('error-you-are-last-owner', 'You are the last owner. Please set new owner before leaving the room.', { method }),
  leaveInvalidRoom: () => ApiError.meteor('error-invalid-room', 'Invalid room', { method: 'leaveRoom' }),
  leaveNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'leaveRoom' }),
  leaveNotInRoom: () => ApiError.meteor('error-user-not-in-room', 'You are not in this room', { method: 'leaveRoom' }),
  invalidUserPlain: () => ApiError.plain('Invalid user'),

  // archive / topic
  archiveNotAuthorized: () => ApiError.meteor('error-not-authorized', 'Not authorized', { method: 'archiveRoom' }),
  archiveDirect: () => ApiError.meteor('error-direct-message-room', 'Direct Messages can not be archived', { method: 'archiveRoom' }),
  topicRequired: () => ApiError.plain('The bodyParam "topic" is required'),
  topicUnchanged: () => ApiError.plain('The channel topic is the same as what it would be changed to.'),

  // rooms.favorite / rooms.leave
  favoriteRequired: () => ApiError.plain("The 'favorite' param is required"),
  favoriteNotMember: () => ApiError.meteor('error-invalid-subscription', 'You must be part of a room to favorite it', { method: 'toggleFavorite' }),

  // subscriptions.getOne / subscriptions.unread
  getOneRoomIdRequired: () => ApiError.plain("The 'roomId' param is required"),
  noMessageForUnread: () =>
    ApiError.meteor('error-no-message-for-unread', 'There are no messages to mark unread', { method: 'unreadMessages', action: 'Unread_messages' }),
  unreadNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Not allowed', { method: 'unreadMessages', action: 'Unread_messages' }),
  unreadNoSubscription: () =>
    ApiError.meteor('error-subscription-not-found', 'Subscription not found', { method: 'unreadMessages', action: 'Unread_messages' }),

  // rooms.createDiscussion
  discussionPridRequired: () => ApiError.plain('Body parameter "prid" is required.'),
  discussionNameRequired: () => ApiError.plain('Body parameter "t_name" is required.'),
  discussionUsersNotArray: () => ApiError.plain('Body parameter "users" must be an array.'),
  discussionEncryptedNotBoolean: () => ApiError.plain('Body parameter "encrypted" must be a boolean when included.'),
  discussionNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'createDiscussion' }),
  discussionInvalidRoom: () => ApiError.meteor('error-invalid-room', 'Invalid room', { method: 'DiscussionCreation' }),
  discussionNested: () => ApiError.meteor('error-nested-discussion', 'Cannot create nested discussions', { method: 'DiscussionCreation' }),
  discussionMessageElsewhere: () => ApiError.meteor('error-action-not-allowed', 'Cannot create discussion', { method: 'DiscussionCreation' }),
  discussionDirectNotSupported: () =>
    ApiError.meteor('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'DiscussionCreation' }),

  // users.* (setPreferences, presence, getAvatar, list)
  preferencesNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Editing user is not allowed'),
  preferencesUserNotFound: () => ApiError.plain('User not found.'),

  // start-up
  emojiUpdatedSinceInvalid: (param: string) => ApiError.meteor('error-roomId-param-invalid', `The "${param}" query parameter must be a valid date.`),
}

/** `@rocket.chat/string-helpers`' `escapeHTML`: what the server puts in room-name errors. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
