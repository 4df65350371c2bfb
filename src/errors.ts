/**
 * One error type that knows its own response. Handlers `throw` these; the endpoint layer turns
 * them into the exact envelope the real server sends. Named constructors below are the catalogue
 * of exact strings: tests import them too, so a message is written once.
 */
export type ErrorBody = { success: false } & Record<string, unknown>

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`)
    this.name = 'ApiError'
  }

  /**
   * A `Meteor.Error(code, reason?, details?)` as the REST layer renders it:
   * `"<reason> [<code>]"` (or `"[<code>]"`), with `errorType` and optional `details`.
   * `unauthorized`/`error-unauthorized` become 403, `error-too-many-requests` 429 (pre-9.0 rules).
   */
  static meteor(code: string, reason?: string, details?: Record<string, unknown>): ApiError {
    const error = reason ? `${reason} [${code}]` : `[${code}]`
    if (code === 'unauthorized' || code === 'error-unauthorized') return new ApiError(403, { success: false, error })
    if (code === 'error-too-many-requests') return new ApiError(429, { success: false, error })
    return new ApiError(400, details ? { success: false, error, errorType: code, details } : { success: false, error, errorType: code })
  }

  /** A plain `Error('text')` or `API.v1.failure('text')`: 400 with `error` only. */
  static plain(text: string): ApiError {
    return new ApiError(400, { success: false, error: text })
  }

  /** `API.v1.failure()` with no argument: 400 `{"success":false}`. */
  static bare(): ApiError {
    return new ApiError(400, { success: false })
  }

  /** `API.v1.forbidden()` (pre-9.0): 403 with `"unauthorized"` by default. */
  static forbidden(text = 'unauthorized'): ApiError {
    return new ApiError(403, { success: false, error: text })
  }

  /** Schema validation failure: `invalid-params` for bodies, `error-invalid-params` for queries. */
  static invalidParams(text: string, where: 'body' | 'query'): ApiError {
    return new ApiError(400, {
      success: false,
      errorType: where === 'body' ? 'invalid-params' : 'error-invalid-params',
      error: text,
    })
  }

  /**
   * Schema validation on the server's older route style (`addRoute(…, { validateParams })`), which
   * several `chat.*` GET endpoints still use: `"<ajv message> [invalid-params]"`, `invalid-params`.
   */
  static legacyInvalidParams(text: string): ApiError {
    return new ApiError(400, { success: false, error: `${text} [invalid-params]`, errorType: 'invalid-params' })
  }
}

const LOGGED_OUT = 'You must be logged in to do this.'

/** The catalogue: every exact string the mock sends, in one place. */
export const errors = {
  /** 401 for missing or wrong `X-User-Id`/`X-Auth-Token` (compat keys present on 7.x/8.x). */
  notLoggedIn: () => new ApiError(401, { success: false, error: LOGGED_OUT, status: 'error', message: LOGGED_OUT }),
  /** 401 for a wrong login. */
  loginFailed: () => new ApiError(401, { success: false, error: 'Unauthorized', status: 'error', message: 'Unauthorized' }),
  /** Permission gate of a route (`permissionsRequired`). */
  permissionRequired: () => new ApiError(403, { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }),
  tooManyRequests: (seconds: number) =>
    ApiError.meteor(
      'error-too-many-requests',
      `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again.`,
    ),

  // parseJsonQuery
  invalidSort: (raw: string) => ApiError.meteor('error-invalid-sort', `Invalid sort parameter provided: "${raw}"`, { helperMethod: 'parseJsonQuery' }),
  invalidFields: (raw: string) => ApiError.meteor('error-invalid-fields', `Invalid fields parameter provided: "${raw}"`, { helperMethod: 'parseJsonQuery' }),
  invalidQuery: (raw: string) => ApiError.meteor('error-invalid-query', `Invalid query parameter provided: "${raw}"`, { helperMethod: 'parseJsonQuery' }),

  // messages
  messageNotFound: () => ApiError.meteor('error-message-not-found', 'The provided "messageId" does not match any existing message.'),
  noMessageWithId: (msgId: string) => ApiError.plain(`No message found with the id of "${msgId}".`),
  roomMismatch: () => ApiError.plain('The room id provided does not match where the message is from.'),
  forceDeleteRequired: () => ApiError.plain('Unauthorized. You must have the permission "force-delete-message" to delete other\'s message as them.'),
  deleteNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Not allowed'),
  deleteReadonly: () => ApiError.plain("You can't delete messages because the room is readonly."),
  editNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Message editing not allowed', { method: 'updateMessage', action: 'Message_editing' }),
  editBlocked: () => ApiError.meteor('error-message-editing-blocked', 'Message editing is blocked', { method: 'updateMessage' }),
  emptyEdit: () => ApiError.meteor('error-invalid-message', 'Message cannot be empty', { method: 'updateMessage' }),
  messageSizeExceeded: () => ApiError.meteor('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize'),
  messageSizeExceededBare: () => ApiError.plain('error-message-size-exceeded'),
  tsOutOfSync: (messageTs: Date, serverTs: Date) =>
    ApiError.meteor('error-message-ts-out-of-sync', 'Message timestamp is out of sync', {
      message_ts: messageTs.toISOString(),
      server_ts: serverTs.toISOString(),
    }),
  tshowWithoutTmid: () => ApiError.meteor('invalid-params', 'tshow provided but missing tmid', { method: 'sendMessage' }),
  threadsDisabledOnSend: () => ApiError.meteor('error-not-allowed', 'not-allowed'),
  ridMissing: () => ApiError.plain("The 'rid' property on the message object is missing."),
  systemMessage: () => ApiError.plain("Cannot send system messages using 'chat.sendMessage'"),
  duplicateMessageId: () => ApiError.meteor('error-message-duplicate', 'A message with this _id already exists'),
  notEnoughPermission: () => ApiError.plain('Not enough permission'),
  customFieldsDisabled: () => ApiError.plain('Custom fields not enabled'),
  invalidCustomFields: () => ApiError.plain('Invalid custom fields'),
  /** `check()` failing on a message or attachment key (a Meteor `Match.Error`: 400, no errorType). */
  matchFailed: (expected: string, got: string, field: string) => ApiError.plain(`Match error: Expected ${expected}, got ${got} in field ${field}`),
  invalidHref: () => ApiError.plain('Invalid href value provided'),
  invalidAttachmentField: () => ApiError.plain('Invalid attachment field, title and value is required'),
  notifyAllNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Notify all in this room not allowed'),
  getMessageNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'getSingleMessage' }),

  // rooms & sending rights (plain errors from canSendMessage)
  invalidRoomPlain: () => ApiError.plain('error-invalid-room'),
  notAllowedPlain: () => ApiError.plain('error-not-allowed'),
  roomBlocked: () => ApiError.plain('room_is_blocked'),
  roomReadonly: () => ApiError.plain("You can't send messages because the room is readonly."),
  muted: () => ApiError.plain('You_have_been_muted'),
  invalidChannel: () => ApiError.meteor('invalid-channel'),
  roomParamMissing: () => ApiError.meteor('error-room-param-not-provided', 'Query param "roomId" or "username" is required'),
  invalidUser: (method: string) => ApiError.meteor('error-invalid-user', 'Invalid user', { method }),

  // bootstrap endpoints
  updatedSinceInvalid: () => ApiError.meteor('error-updatedSince-param-invalid', 'The "updatedSince" query parameter must be a valid date.'),
  subscriptionsDateInvalid: () => ApiError.meteor('error-roomId-param-invalid', 'The "lastUpdate" query parameter must be a valid date.'),
  roomInfoParamMissing: () => ApiError.meteor('error-roomid-param-not-provided', 'The parameter "roomId" or "roomName" is required'),
  roomInfoNotFound: () => ApiError.meteor('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any channel'),
  roomInfoNotAllowed: () => new ApiError(400, { success: false, error: 'not-allowed', errorType: 'Not Allowed' }),
  userNotFound: () => ApiError.plain('User not found.'),

  // direct messages (dm.* / im.*)
  directMessageMaxUsers: (max: number) =>
    ApiError.meteor('error-direct-message-max-user-exceeded', `You cannot add more than ${max} users, including yourself to a direct message`, {
      method: 'createDirectRoom',
    }),
  directMessageNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'createDirectMessage' }),
  bodyRoomIdRequired: () => ApiError.meteor('error-room-param-not-provided', 'Body param "roomId" is required'),
  queryRoomIdRequired: () => ApiError.meteor('error-room-param-not-provided', 'Query param "roomId" is required'),
  notSubscribed: () => ApiError.plain('The user is not subscribed to the room'),
  directAlreadyClosed: () => ApiError.plain('The direct message room, is already closed to the sender'),
  editRoomNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Editing room is not allowed', { method: 'saveRoomSettings', action: 'Editing_room' }),
  notAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed'),
  eraseNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'eraseRoom' }),
  endpointDisabled: (route: string) => ApiError.meteor('error-endpoint-disabled', 'This endpoint is disabled', { route }),
  roomIdParamRequired: () => ApiError.meteor('error-roomid-param-not-provided', 'The parameter "roomId" is required'),
  directRoomNotFound: (roomId: string) => ApiError.meteor('error-room-not-found', `No direct message room found by the id of: ${roomId}`),
  invalidRoom: (method: string) => ApiError.meteor('error-invalid-room', 'Invalid room', { method }),

  // message actions: reactions, stars, pins (chat.react, chat.starMessage, chat.pinMessage, …)
  emojiParamMissing: () => ApiError.meteor('error-emoji-param-not-provided', 'The required "emoji" param is missing.'),
  invalidEmoji: () => ApiError.meteor('error-not-allowed', 'Invalid emoji provided.', { method: 'setReaction' }),
  reactRoomNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'setReaction' }),
  reactNotAuthorized: () => ApiError.meteor('not-authorized', 'Not Authorized', { method: 'setReaction' }),
  reactMuted: (rid: string) => ApiError.meteor('error-not-allowed', 'You have been muted and cannot speak in this room', { rid }),
  starringNotAllowed: () => ApiError.meteor('error-action-not-allowed', 'Message starring not allowed', { method: 'starMessage', action: 'Message_starring' }),
  starRoomNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'starMessage' }),
  starNotAuthorized: () => ApiError.meteor('not-authorized', 'Not Authorized', { method: 'starMessage' }),
  pinningNotAllowed: (method: 'pinMessage' | 'unpinMessage') =>
    ApiError.meteor('error-action-not-allowed', 'Message pinning not allowed', { method, action: 'Message_pinning' }),
  pinNotAuthorized: (method: 'pinMessage' | 'unpinMessage') => ApiError.meteor('not-authorized', 'Not Authorized', { method }),
  unpinMessageNotFound: () =>
    ApiError.meteor('error-invalid-message', 'Message you are unpinning was not found', { method: 'unpinMessage', action: 'Message_pinning' }),

  // message lists & moderation (chat.search, chat.get*Messages, chat.reportMessage, chat.ignoreUser)
  invalidUserPlain: () => ApiError.plain('invalid-user'),
  searchRoomIdMissing: () => ApiError.meteor('error-roomId-param-not-provided', 'The required "roomId" query param is missing.'),
  searchTextMissing: () => ApiError.meteor('error-searchText-param-not-provided', 'The required "searchText" query param is missing.'),
  invalidSearchRegex: (detail: string) => ApiError.plain(`Regular expression is invalid: ${detail}`),
  reportMessageIdMissing: () => ApiError.plain('The required "messageId" param is missing.'),
  reportDescriptionMissing: () => ApiError.plain('The required "description" param is missing.'),
  reportInvalidDescription: () => ApiError.plain('error-invalid-description'),
  reportInvalidMessageId: () => ApiError.plain('error-invalid-message_id'),
  ignoreRidMissing: () => ApiError.meteor('error-room-id-param-not-provided', 'The required "rid" param is missing.'),
  ignoreUserIdMissing: () => ApiError.meteor('error-user-id-param-not-provided', 'The required "userId" param is missing.'),
  invalidSubscription: (method: string) => ApiError.meteor('error-invalid-subscription', 'Invalid subscription', { method }),

  // read receipts (chat.getMessageReadReceipts, subscriptions.read)
  enterpriseFeature: () => ApiError.meteor('error-action-not-allowed', 'This is an enterprise feature'),
  readReceiptsInvalidMessage: () => ApiError.meteor('error-invalid-message', 'Invalid message', { method: 'getReadReceipts' }),
  invalidSubscriptionPlain: () => ApiError.plain('error-invalid-subscription'),

  // auto-translate
  autoTranslateDisabled: () => ApiError.plain('AutoTranslate is disabled.'),
  autoTranslateNotAllowed: (method: string) => ApiError.meteor('error-action-not-allowed', 'Auto-Translate is not allowed', { method }),
  autoTranslateNotBoolean: () => ApiError.plain('The bodyParam "autoTranslate" must be a boolean.'),
  autoTranslateLanguageNotString: () => ApiError.plain('The bodyParam "autoTranslateLanguage" must be a string.'),
  autoTranslateE2E: () =>
    ApiError.meteor('error-e2e-enabled', 'Enabling auto-translation in E2E encrypted rooms is not allowed', { method: 'saveAutoTranslateSettings' }),
  translateMessageIdRequired: () => ApiError.plain('The bodyParam "messageId" is required.'),
  translateMessageNotFound: () => ApiError.plain('Message not found.'),
  // threads & sync (handlers/threads.ts, handlers/sync.ts)
  threadsDisabled: () => ApiError.meteor('error-not-allowed', 'Threads Disabled'),
  threadsNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not Allowed'),
  invalidThreadMessage: () => ApiError.meteor('error-invalid-message', 'Invalid Message'),
  followNotAllowed: (method: 'followMessage' | 'unfollowMessage') => ApiError.meteor('error-not-allowed', 'not-allowed', { method }),
  followInvalidMessage: (method: 'followMessage' | 'unfollowMessage') => ApiError.meteor('error-invalid-message', 'Invalid message', { method }),
  syncRoomIdMissing: () => ApiError.meteor('error-param-required', 'The required "roomId" query param is missing'),
  syncTypeOrLastUpdateRequired: () => ApiError.meteor('error-param-required', 'The "type" or "lastUpdate" parameters must be provided'),
  lastUpdateInvalid: () => ApiError.meteor('error-lastUpdate-param-invalid', 'The "lastUpdate" query parameter must be a valid date'),
  syncNotAllowed: () => ApiError.meteor('error-not-allowed', 'Not allowed', { method: 'messages/get' }),
  syncTypeRequired: () => ApiError.meteor('error-type-param-required', 'The "type" parameter is required when using the "next" or "previous" parameters'),
  cursorConflict: () => ApiError.meteor('error-cursor-conflict', 'You cannot provide both "next" and "previous" parameters'),
  cursorAndLastUpdateConflict: () =>
    ApiError.meteor('error-cursor-and-lastUpdate-conflict', 'The attributes "next", "previous" and "lastUpdate" cannot be used together'),
  invalidCursorDate: () => ApiError.plain('Invalid Date'),

  // uploads (rooms.media, rooms.mediaConfirm, /file-upload)
  uploadInvalidField: () => ApiError.meteor('invalid-field'),
  uploadNoFile: () => ApiError.meteor('error-no-file', 'No file uploaded'),
  uploadTooManyFiles: () => ApiError.meteor('error-too-many-files', 'Just 1 file is allowed'),
  uploadTooLarge: () => ApiError.meteor('error-file-too-large', 'File size exceeds the allowed limit'),
  uploadInvalidType: () => ApiError.meteor('error-invalid-file-type', 'File type is not accepted.'),
  uploadDisabled: () => ApiError.meteor('error-file-upload-disabled', 'File upload is disabled'),
  uploadDirectNotAllowed: () => ApiError.meteor('error-direct-message-file-upload-not-allowed', 'File sharing not allowed in direct messages'),
  uploadInvalidContent: () => ApiError.meteor('invalid-field-content'),
  /** What the multipart parser says about a body it cannot read (not multipart, no boundary, cut short). */
  uploadMalformed: (detail: string) => ApiError.plain(detail),
  invalidFile: () => ApiError.meteor('invalid-file'),
  // hand-written checks the server runs before (or instead of) schema validation
  /** A one-argument `Meteor.Error(text)`: `"[text]"` with the text as `errorType`. */
  deletedRoomIdMissing: () => ApiError.meteor('The required "roomId" query param is missing.'),
  deletedSinceMissing: () => ApiError.meteor('The required "since" query param is missing.'),
  deletedSinceInvalid: () => ApiError.meteor('The "since" query parameter must be a valid date.'),
  pinnedRoomIdMissing: () => ApiError.meteor('error-roomId-param-not-provided', 'The required "roomId" query param is missing.'),
  syncThreadsRidMissing: () => ApiError.meteor('error-room-id-param-not-provided', 'The required "rid" query param is missing.'),
  syncThreadMessagesTmidMissing: () => ApiError.meteor('error-invalid-params', 'The required "tmid" query param is missing.'),
  updatedSinceMissing: () => ApiError.meteor('error-updatedSince-param-invalid', 'The required param "updatedSince" is missing.'),
} as const
